import { bearer, eventually, WebhookReceiver } from '@linchpin/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { getJson, postJson, putJson } from './support/http';
import { createPerson, createPolicy, createTeam } from './support/on-call';
import { MINUTE, nthPage, ofType, plus, saturdayNight, TimelineEntry, timelineWhen } from './support/escalation-steps';

const SECOND = 1000;
const DAY = 24 * 60 * MINUTE;

/**
 * Issue 16, item 5 and its "done when", over the real broker and five processes, every test clock moved (never slept for)
 * and frozen at each instant the test sets (`PUT /testing/clock { now, frozen: true }`), so each process stamps exactly
 * that instant however long the machine takes between a move and the request it times:
 * an Alertmanager alert on a tier-1 service opens an incident, its on-call is paged, acknowledges, mitigates and resolves
 * it at moments the test sets; review, another process, opens the postmortem by its priority policy; responders write it
 * and add action items (an overdue one is reminded: review publishes ActionItemOverdue, comms delivers it to its owner), an
 * incident-manager publishes it, and its metrics are exactly the time the clocks were moved.
 */
describe('from an alert to a published postmortem over a real Kafka broker, five processes, the test clock moved', () => {
  const receiver = new WebhookReceiver();
  const run = randomUUID().slice(0, 8);
  const team = `checkout-team-${run}`;
  const service = `checkout-${run}`;
  let cluster: Cluster;
  let receiverUrl: string;
  let ann: string;
  let start: Date;
  let reader: Consumer | undefined;
  /** What review published on its topic during the test: each message's CloudEvents type and the recorded event. */
  const reviewTopic: { type: string; event: any }[] = [];

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    cluster = await startCluster({ name: 'postmortem', testClock: true, extra: { COMMS_SIGNING_SECRET: 'postmortem-signing-secret-0123456789' } });
    start = saturdayNight();
    await cluster.moveClocks(start, { frozen: true });
    const coordination = cluster.url('coordination');
    ann = await createPerson(coordination, { name: `ann-${run}`, webhookUrl: `${receiverUrl}/hooks/ann-${run}` });
    // One level, long enough that nobody is re-paged while the test moves time.
    const policyId = await createPolicy(coordination, { name: `checkout ${run}`, levels: [{ targets: [{ kind: 'person', id: ann }], timeoutMinutes: 600 }], repeat: 0 });
    await createTeam(coordination, { name: team, people: [ann], defaultEscalationPolicyId: policyId });
    expect((await postJson(`${cluster.url('triage')}/triage/services`, { name: service, tier: 1, owningTeam: team, dependsOn: [] })).status).toBe(201);
    // SLA targets no step lands on: the built-in P1 acknowledge target (5 minutes from the first page) falls due at the very
    // instant the test acknowledges, and its breach would race the acknowledgement (and page again). Met, not breached.
    const sla = { acknowledgeMinutes: 10, mitigateMinutes: 20, resolveMinutes: 60 };
    const targets = await putJson(`${coordinationUrl()}/coordination/sla-targets`, { targets: { P1: sla, P2: sla, P3: {}, P4: {}, P5: {} }, reason: 'postmortem e2e: no deadline at a step' });
    expect(targets.status).toBe(200);
  });
  const coordinationUrl = () => cluster.url('coordination');

  /** Reads review's topic from its start (it exists once review has published its first event: retried until then). */
  const readReviewTopic = () =>
    eventually('to read linchpin.review.events', async () => {
      const consumer = new Kafka({ clientId: 'e2e-postmortem', brokers: cluster.brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `e2e-postmortem-${randomUUID()}` });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [`${cluster.topicPrefix}linchpin.review.events`], fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message }) => void reviewTopic.push({ type: message.headers?.ce_type?.toString() ?? '', event: JSON.parse(message.value!.toString()) }) });
        return consumer;
      } catch {
        await consumer.disconnect();
        return undefined;
      }
    }, 60_000);

  afterAll(async () => {
    await reader?.disconnect();
    await cluster?.stop();
    await receiver.stop();
  });

  const review = () => cluster.url('review');
  const postmortem = (incidentId: string, suffix = '') => `${review()}/review/incidents/${incidentId}/postmortem${suffix}`;

  it('opens the postmortem when the P1 resolves; written, reviewed and published, its metrics are the moved clock’s', async () => {
    // Alertmanager's webhook, as Alertmanager sends it: the alert started two minutes before Linchpin hears of it.
    const integration = await postJson(`${cluster.url('detection')}/detection/integrations`, { name: `am-${run}`, kind: 'alertmanager', service });
    expect(integration.status).toBe(201);
    const firstSignalAt = plus(start, -2 * MINUTE).toISOString();
    const sent = await postJson(`${cluster.url('detection')}/detection/integrations/alertmanager/${integration.body.key}`, {
      version: '4',
      groupKey: `{}:{alertname="CheckoutDown", run="${run}"}`,
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'linchpin',
      groupLabels: { alertname: 'CheckoutDown', run },
      commonLabels: { alertname: 'CheckoutDown', run },
      commonAnnotations: {},
      externalURL: 'http://127.0.0.1:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutDown', service, team, severity: 'critical', run },
          annotations: { summary: `Checkout is down (${run})` },
          startsAt: firstSignalAt,
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://127.0.0.1:9090/graph',
          fingerprint: `pm${run}`,
        },
      ],
    });
    expect(sent.status).toBe(202);
    const incidentId: string = sent.body.results[0].incidentId;
    await nthPage(receiver, `/hooks/ann-${run}`, incidentId, 1);

    // Every clock stands at `start`: detection opened the incident exactly then, and each step happens exactly so many
    // seconds after it, at the instant every process is frozen at (no request's duration counts).
    const detected = await eventually('review to know the detection', async () => {
      const r = await getJson(`${review()}/review/incidents/${incidentId}/metrics`);
      return r.status === 200 && r.body.moments.detectedAt ? r.body.moments.detectedAt : undefined;
    }, 60_000);
    expect(detected).toBe(start.toISOString());
    const after = (seconds: number) => plus(detected, seconds * SECOND);
    reader = await readReviewTopic();
    const coordination = `${cluster.url('coordination')}/coordination/incidents/${incidentId}`;

    // Time moves on only once coordination has stopped the step's SLA clock (seen on review's timeline, over the bus):
    // moved sooner, the clock's deadline would fire before the step reached it, a breach no one would have had.
    const slaStopped = (target: string) => (entries: TimelineEntry[]) =>
      ofType(entries, 'SlaClockStopped').some((e) => e.summary.startsWith(`${target} SLA met`));
    await cluster.moveClocks(after(300), { frozen: true });
    expect((await postJson(`${coordination}/acknowledge`, {})).status).toBe(202);
    await timelineWhen(review(), incidentId, 'the acknowledge SLA met', slaStopped('acknowledge'));
    await cluster.moveClocks(after(900), { frozen: true });
    expect((await postJson(`${coordination}/mitigate`, { note: 'Rolled back release 42' })).status).toBe(202);
    await timelineWhen(review(), incidentId, 'the mitigate SLA met', slaStopped('mitigate'));
    await cluster.moveClocks(after(1800), { frozen: true });
    expect((await postJson(`${coordination}/resolve`, { resolution: 'Rolled back release 42; the canary is fixed' })).status).toBe(202);
    await timelineWhen(review(), incidentId, 'the resolve SLA met', slaStopped('resolve'));

    // Review's timeline lags the other contexts by the bus: the facts are all on it before anyone reviews them.
    await timelineWhen(review(), incidentId, 'the resolution', (entries) => ofType(entries, 'IncidentResolved').length === 1);
    // Review hears the resolution over the bus and opens the postmortem by its policy (P1, P2 by default).
    const opened = await eventually('review to open the postmortem', async () => {
      const r = await getJson(postmortem(incidentId));
      return r.status === 200 ? r.body : undefined;
    }, 60_000);
    expect(opened).toMatchObject({ incidentId, status: 'draft', trigger: 'policy', requiredFor: ['P1', 'P2'], policyVersion: 1, summary: { service, team } });
    expect(opened.priorityWhenOpened).toMatch(/^P[12]$/);

    for (const [section, text] of [
      ['contributing-factors', 'Release 42 skipped the canary stage'],
      ['went-well', 'Paged at once; acknowledged in five minutes'],
      ['went-poorly', 'No one-click rollback'],
      ['lessons', 'Canaries are not optional'],
    ]) {
      expect((await putJson(postmortem(incidentId, `/sections/${section}`), { text })).status).toBe(200);
    }
    const followUp = await postJson(postmortem(incidentId, '/action-items'), { title: 'Make the canary stage mandatory', owner: ann, dueDate: plus(start, 30 * DAY).toISOString().slice(0, 10) });
    expect(followUp.status).toBe(201);
    // One due the day before the clocks now read: its durable timer fires at once, in review's process.
    const late = await postJson(postmortem(incidentId, '/action-items'), { title: 'Add a rollback button', owner: ann, dueDate: plus(after(1800), -DAY).toISOString().slice(0, 10) });
    expect(late.status).toBe(201);
    await eventually('the late action item reminded', async () => {
      const r = await getJson(postmortem(incidentId));
      return r.body.actionItems.find((i: { actionItemId: string; overdue: boolean }) => i.actionItemId === late.body.actionItemId && i.overdue) ? true : undefined;
    }, 60_000);
    // The reminder is published on review's topic, as a CloudEvent a notifier can consume and deliver to its owner.
    const reminder = await eventually('ActionItemOverdue on linchpin.review.events', async () => reviewTopic.find((m) => m.type === 'ActionItemOverdue' && m.event.data.actionItemId === late.body.actionItemId), 60_000);
    expect(reminder.event).toMatchObject({ streamId: `postmortem-${incidentId}`, metadata: { incidentId, actor: 'system:review' }, data: { incidentId, owner: ann, title: 'Add a rollback button' } });
    // Comms, another process, delivers it to its owner: Ann's own webhook.
    const delivered = await eventually('the reminder at Ann’s webhook', async () =>
      receiver.on(`/hooks/ann-${run}`).find((w) => w.body?.type === 'action-item-overdue' && w.body.actionItemId === late.body.actionItemId), 60_000);
    expect(delivered.body).toMatchObject({ incidentId, title: 'Add a rollback button', dueDate: late.body.dueDate, dueAt: late.body.dueAt });

    expect((await postJson(postmortem(incidentId, '/review'), {})).status).toBe(200);
    await cluster.moveClocks(after(2 * 24 * 3600), { frozen: true });
    const published = await postJson(postmortem(incidentId, '/publish'), {});
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: after(2 * 24 * 3600).toISOString(), history: [{ from: 'draft', to: 'in-review' }, { from: 'in-review', to: 'published' }] });

    // Exactly the seconds the clocks were moved by, from the events alone.
    const { metrics } = (await getJson(postmortem(incidentId))).body;
    expect(metrics).toMatchObject({ timeToDetect: 120, timeToAcknowledge: 300, timeToMitigate: 900, mitigation: 'recorded', timeToResolve: 1800, pages: 1, responders: 1, slaBreaches: 0 });
    expect(metrics.moments).toMatchObject({
      firstSignalAt,
      detectedAt: start.toISOString(),
      acknowledgedAt: after(300).toISOString(),
      mitigatedAt: after(900).toISOString(),
      resolvedAt: after(1800).toISOString(),
    });
    // The same figures the metrics route gives as of the publication.
    const route = await getJson(`${review()}/review/incidents/${incidentId}/metrics?at=${encodeURIComponent(published.body.publishedAt)}`);
    expect(metrics).toEqual(route.body);

    const markdown = await getText(postmortem(incidentId, '.md'));
    expect(markdown).toContain('| Time to acknowledge | 5m 00s (300 s) |');
    expect(markdown).toContain('| Time to resolve | 30m 00s (1800 s) |');
    expect(markdown).toContain('Canaries are not optional');
    const html = await getText(postmortem(incidentId, '.html'));
    expect(html).toContain('<td>Time to mitigate</td><td>15m 00s (900 s)</td>');
  });
});

/** A rendering (Markdown, HTML), as admin like every request of the end-to-end tests. */
async function getText(url: string): Promise<string> {
  const response = await fetch(url, { headers: bearer() });
  expect(response.status).toBe(200);
  return response.text();
}

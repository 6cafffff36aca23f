import { eventually, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { getJson, postJson, putJson } from './support/http';
import { createPerson, createPolicy, createTeam } from './support/on-call';
import { MINUTE, nthPage, ofType, plus, saturdayNight, timelineWhen } from './support/escalation-steps';

/**
 * Issue 15, item 5, over the real broker and five processes, every test clock moved (never slept for):
 * a P1 opens, coordination names its communications lead, nobody posts an update, and when the P1's
 * cadence (30 minutes, comms' built-in version 1) passes, comms publishes UpdateOverdue and the lead's own
 * webhook gets the update-overdue message; an update then pushes the next deadline a cadence on.
 */
describe('update cadence over a real Kafka broker, five processes, the test clock moved', () => {
  const receiver = new WebhookReceiver();
  const run = randomUUID().slice(0, 8);
  const path = (who: string) => `/hooks/${who}-${run}`;
  const team = `storefront-team-${run}`;
  const service = `storefront-${run}`;
  let cluster: Cluster;
  let receiverUrl: string;
  let people: { ann: string; lee: string };
  let start: Date;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    cluster = await startCluster({
      name: 'cadence',
      testClock: true,
      extra: { COMMS_SIGNING_SECRET: 'cadence-signing-secret-0123456789', COMMS_CONTACT_WAIT_SECONDS: '604800' },
    });
    start = saturdayNight();
    await cluster.moveClocks(start);
    const coordination = cluster.url('coordination');
    people = {
      ann: await createPerson(coordination, { name: `ann-${run}`, webhookUrl: `${receiverUrl}${path('ann')}` }),
      lee: await createPerson(coordination, { name: `lee-${run}`, webhookUrl: `${receiverUrl}${path('lee')}` }),
    };
    // One level, long enough that no re-notification happens while the test moves time.
    const policyId = await createPolicy(coordination, { name: `storefront ${run}`, levels: [{ targets: [{ kind: 'person', id: people.ann }], timeoutMinutes: 600 }], repeat: 0 });
    await createTeam(coordination, { name: team, people: [people.ann], defaultEscalationPolicyId: policyId });
    const catalog = await postJson(`${cluster.url('triage')}/triage/services`, { name: service, tier: 1, owningTeam: team, dependsOn: [] });
    expect(catalog.status).toBe(201);
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver.stop();
  });

  const overdueMessages = (who: string, incidentId: string) =>
    receiver.on(path(who)).filter((r) => (r.body as { type?: string; incidentId?: string })?.type === 'update-overdue' && (r.body as { incidentId: string }).incidentId === incidentId);
  const cadenceWhen = (incidentId: string, what: string, ready: (view: any) => boolean): Promise<any> =>
    eventually(`comms: ${what}`, async () => {
      const r = await getJson(`${cluster.url('comms')}/comms/incidents/${incidentId}/update-cadence`);
      return r.status === 200 && ready(r.body) ? r.body : undefined;
    }, 60_000);

  it('a P1 misses its 30-minute cadence: UpdateOverdue is published and the communications lead is notified on their webhook', async () => {
    const cadence = await getJson(`${cluster.url('comms')}/comms/update-cadence`);
    expect(cadence.body).toMatchObject({ version: 1, cadence: { P1: 30 } });

    const alert = await postJson(`${cluster.url('detection')}/detection/alerts`, {
      source: 'prometheus',
      summary: `Storefront is down (${run})`,
      severity: 'critical',
      labels: { alertname: 'StorefrontDown', service, team, run },
    });
    expect(alert.status).toBe(202);
    const incidentId: string = alert.body.incidentId;
    await nthPage(receiver, path('ann'), incidentId, 1);

    const lead = await putJson(`${cluster.url('coordination')}/coordination/incidents/${incidentId}/roles/communications-lead`, { personId: people.lee });
    expect(lead.status).toBe(202);
    // Comms heard the page (the cadence runs from it) and the role, over the bus.
    const watched = await cadenceWhen(incidentId, 'the P1 watched, Lee to be told', (v) => v.nextUpdateDueAt !== null && v.notifies?.personId === people.lee);
    expect(watched).toMatchObject({ priority: 'P1', cadenceMinutes: 30, cadenceVersion: 1, lastUpdateAt: null, notifies: { personId: people.lee, role: 'communications-lead' } });
    const dueAt: string = watched.nextUpdateDueAt;
    expect(Date.parse(dueAt)).toBe(Date.parse(watched.openedAt) + 30 * MINUTE);

    // Nobody posts: the deadline passes.
    await cluster.moveClocks(plus(dueAt, MINUTE));
    const message = await eventually('Lee to get the update-overdue message', () => overdueMessages('lee', incidentId)[0], 60_000);
    expect(message.body).toMatchObject({ type: 'update-overdue', incidentId, priority: 'P1', cadenceMinutes: 30, dueAt, lastUpdateAt: null, role: 'communications-lead' });
    expect(message.headers['linchpin-signature']).toBeDefined();
    // Published on comms' topic: review, another process, puts it on the incident's timeline.
    const timeline = await timelineWhen(cluster.url('review'), incidentId, 'UpdateOverdue', (entries) => ofType(entries, 'UpdateOverdue').length > 0);
    expect(ofType(timeline, 'UpdateOverdue')).toHaveLength(1);
    // Armed again, a cadence after the missed deadline.
    const rearmed = await cadenceWhen(incidentId, 'the next deadline', (v) => v.nextUpdateDueAt !== null && Date.parse(v.nextUpdateDueAt) > Date.parse(dueAt));
    expect(Date.parse(rearmed.nextUpdateDueAt)).toBe(Date.parse(dueAt) + 30 * MINUTE);

    // An update is posted: the next one is due a cadence after it.
    await cluster.moveClocks(plus(dueAt, 5 * MINUTE));
    const update = await postJson(`${cluster.url('comms')}/comms/incidents/${incidentId}/updates`, { status: 'identified', message: 'A bad deploy; rolling back' });
    expect(update.status).toBe(202);
    const pushed = await cadenceWhen(incidentId, 'the deadline after the update', (v) => v.lastUpdateAt !== null);
    expect(Date.parse(pushed.nextUpdateDueAt)).toBe(Date.parse(pushed.lastUpdateAt) + 30 * MINUTE);
    expect(overdueMessages('lee', incidentId)).toHaveLength(1);
    // Ann, the responder paged, is not the one told.
    expect(overdueMessages('ann', incidentId)).toHaveLength(0);
  });
});

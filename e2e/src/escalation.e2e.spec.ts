import { eventually, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { getJson, postJson, putJson } from './support/http';
import { createPerson, createPolicy, createSchedule, createTeam } from './support/on-call';
import { MINUTE, nthPage, ofType, pageLine, pageLines, pagesAt, plus, responseWhen, saturdayNight, timelineWhen } from './support/escalation-steps';

/**
 * Issue 12's promise over the real broker, five processes, time moved through every process's test
 * clock (never slept for): nobody acknowledges, so level 1 then level 2 is paged, a level whose
 * schedule has nobody on call is skipped, the policy is exhausted and the default route's team is
 * paged, each step on the review timeline; and an acknowledged incident is not escalated further
 * but re-notified once its acknowledgement timeout passes.
 */
describe('escalation over a real Kafka broker, five processes, the test clock moved', () => {
  const receiver = new WebhookReceiver();
  const run = randomUUID().slice(0, 8);
  const path = (who: string) => `/pager/${who}-${run}`;
  let cluster: Cluster;
  let receiverUrl: string;
  let people: { ann: string; ben: string; cat: string };
  let weekdaySchedule: string;
  let start: Date;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    cluster = await startCluster({
      name: 'escalation',
      testClock: true,
      extra: {
        COMMS_SIGNING_SECRET: 'escalation-signing-secret-0123456789',
        // The clock jumps by minutes and days here: a page that reaches comms before its person's
        // contact must not give up waiting across a jump (the wait is comms' own clock).
        COMMS_CONTACT_WAIT_SECONDS: '604800',
      },
    });
    // These tests are about the escalation engine alone: no SLA targets (published before any clock move
    // of the tests, so every incident here opens under them), so no SLA breach escalates or re-notifies.
    await cluster.moveClocks(plus(new Date(), -24 * 60 * MINUTE));
    expect((await putJson(`${cluster.url('coordination')}/coordination/sla-targets`, { targets: { P1: {}, P2: {}, P3: {}, P4: {}, P5: {} }, reason: 'no SLA targets in this test' })).status).toBe(200);
    start = saturdayNight();
    await cluster.moveClocks(start);
    const coordination = cluster.url('coordination');
    people = {
      ann: await createPerson(coordination, { name: `ann-${run}`, webhookUrl: `${receiverUrl}${path('ann')}` }),
      ben: await createPerson(coordination, { name: `ben-${run}`, webhookUrl: `${receiverUrl}${path('ben')}` }),
      cat: await createPerson(coordination, { name: `cat-${run}`, webhookUrl: `${receiverUrl}${path('cat')}` }),
    };
    // Ann covers weekdays 09:00–17:00 only: on a Saturday night the schedule has nobody.
    weekdaySchedule = await createSchedule(coordination, {
      name: `payments business hours ${run}`,
      timeZone: 'UTC',
      layers: [
        {
          name: 'business hours',
          participants: [people.ann],
          rotation: 'weekly',
          start: '2026-01-05T09:00',
          restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
        },
      ],
    });
    // The routing default's team: whom an exhausted policy pages.
    await createTeam(coordination, { name: 'operations', people: [people.cat] });
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver.stop();
  });

  const openIncident = async (team: string, summary: string): Promise<string> => {
    const alert = await postJson(`${cluster.url('detection')}/detection/alerts`, {
      source: 'prometheus',
      summary: `${summary} (${run})`,
      severity: 'critical',
      labels: { alertname: summary.replace(/\W+/g, ''), team, run },
    });
    expect(alert.status).toBe(202);
    return alert.body.incidentId;
  };

  it('pages level 1, then level 2 at its deadline, skips a level whose schedule has a gap, exhausts the policy and pages the default route’s team, every step on the timeline', async () => {
    const coordination = cluster.url('coordination');
    const team = `payments-${run}`;
    const policyId = await createPolicy(coordination, {
      name: `payments primary ${run}`,
      levels: [
        { targets: [{ kind: 'person', id: people.ann }], timeoutMinutes: 5 },
        { targets: [{ kind: 'person', id: people.ben }], timeoutMinutes: 5 },
        { targets: [{ kind: 'schedule', id: weekdaySchedule }], timeoutMinutes: 5 },
      ],
      repeat: 0,
    });
    await createTeam(coordination, { name: team, people: [people.ann, people.ben], defaultEscalationPolicyId: policyId });
    const incidentId = await openIncident(team, 'Payments API error rate above 5%');

    // Level 1 at once.
    const first = await nthPage(receiver, path('ann'), incidentId, 1);
    expect(first.page.body).toMatchObject({ type: 'page', incidentId, team, escalationLevel: 1, responder: { name: `ann-${run}` } });
    const atLevel1 = await responseWhen(coordination, incidentId, 'level 1 paged', (v) => v.pages.length === 1 && v.escalation?.level === 1);
    expect(atLevel1.pages[0]).toMatchObject({ personId: people.ann, escalationLevel: 1 });
    const level1Deadline: string = atLevel1.escalation.nextDeadlineAt;
    expect(Date.parse(level1Deadline)).toBe(Date.parse(atLevel1.pages[0].pagedAt) + 5 * MINUTE);
    expect(pagesAt(receiver, path('ben'), incidentId)).toHaveLength(0);

    // Past level 1's deadline: level 2.
    const beforeLevel2 = receiver.received.length;
    await cluster.moveClocks(plus(level1Deadline, 1000));
    const second = await nthPage(receiver, path('ben'), incidentId, 1);
    expect(second.index).toBeGreaterThanOrEqual(beforeLevel2);
    expect(second.page.body).toMatchObject({ type: 'page', incidentId, team, escalationLevel: 2, responder: { name: `ben-${run}` } });
    const atLevel2 = await responseWhen(coordination, incidentId, 'level 2 paged', (v) => v.pages.length === 2 && v.escalation?.level === 2);
    expect(atLevel2.pages[1]).toMatchObject({ personId: people.ben, escalationLevel: 2 });
    expect(Date.parse(atLevel2.pages[1].pagedAt)).toBeGreaterThanOrEqual(Date.parse(level1Deadline));
    const level2Deadline: string = atLevel2.escalation.nextDeadlineAt;
    expect(Date.parse(level2Deadline)).toBe(Date.parse(atLevel2.pages[1].pagedAt) + 5 * MINUTE);

    // Level 3's schedule has nobody on call then (Saturday night): the setup says so itself.
    const gap = await getJson(`${coordination}/coordination/schedules/${weekdaySchedule}/oncall?at=${encodeURIComponent(plus(level2Deadline, 1000).toISOString())}`);
    expect(gap.status).toBe(200);
    expect(gap.body.personId).toBeNull();

    // Past level 2's deadline: level 3 skipped at once, the policy exhausted, operations paged.
    const beforeFallback = receiver.received.length;
    await cluster.moveClocks(plus(level2Deadline, 1000));
    const fallback = await nthPage(receiver, path('cat'), incidentId, 1);
    expect(fallback.index).toBeGreaterThanOrEqual(beforeFallback);
    expect(fallback.page.body).toMatchObject({ type: 'page', incidentId, team: 'operations', responder: { name: `cat-${run}` } });
    expect(pagesAt(receiver, path('ann'), incidentId)).toHaveLength(1);
    expect(pagesAt(receiver, path('ben'), incidentId)).toHaveLength(1);

    const exhausted = await responseWhen(coordination, incidentId, 'the policy exhausted', (v) => v.escalation?.exhausted === true && v.pages.length === 3);
    expect(exhausted.pages.map((p: { personId: string }) => p.personId)).toEqual([people.ann, people.ben, people.cat]);
    expect(Date.parse(exhausted.pages[2].pagedAt)).toBeGreaterThanOrEqual(Date.parse(level2Deadline));
    expect(exhausted.escalation).toMatchObject({ exhausted: true, fallbackTeam: 'operations', policyId, source: 'policy', level: 3, levelsReached: 2, levelsSkipped: 1, nextDeadlineAt: null });
    expect(exhausted.status).toBe('triggered');
    // The fallback page says why: the policy exhausted, one level skipped, the default route's team.
    expect(exhausted.pages[2].reason).toContain('exhausted');
    expect(exhausted.pages[2].reason).toContain('2 level(s) paged, 1 skipped');
    expect(exhausted.pages[2].reason).toContain('"operations"');

    // Why was Ben paged? Level 2 of this policy, through the person target, after level 1's deadline.
    const why = await getJson(`${coordination}/coordination/pages/${exhausted.pages[1].pageId}/explain`);
    expect(why.status).toBe(200);
    expect(why.body).toMatchObject({
      incidentId,
      cause: 'level',
      person: { personId: people.ben },
      policy: { policyId, version: 1, source: 'policy' },
      repeat: 0,
      level: 2,
      target: { kind: 'person', id: people.ben },
    });
    expect(Date.parse(why.body.pagedAt)).toBeGreaterThanOrEqual(Date.parse(level1Deadline));
    const whyCat = await getJson(`${coordination}/coordination/pages/${exhausted.pages[2].pageId}/explain`);
    expect(whyCat.body).toMatchObject({ cause: 'exhausted', person: { personId: people.cat }, policy: { policyId } });
    expect(whyCat.body.levelReason).toContain('exhausted');

    // Triage's view flags it too.
    await eventually('triage to flag the exhausted escalation', async () => {
      const r = await getJson(`${cluster.url('triage')}/triage/incidents/${incidentId}`);
      return r.status === 200 && r.body.escalationExhausted === true ? true : undefined;
    });

    // Every step on the review timeline, in order.
    const entries = await timelineWhen(review(), incidentId, 'three pages, the skip and the exhaustion', (e) =>
      ofType(e, 'ResponderPaged').length === 3 && ofType(e, 'EscalationLevelSkipped').length === 1 && ofType(e, 'EscalationExhausted').length === 1,
    );
    // The timeline shows each step's summary line; each page names the person, the team and the level.
    const paged = ofType(entries, 'ResponderPaged');
    expect(pageLines(entries)).toEqual([pageLine(`ann-${run}`, team, 1), pageLine(`ben-${run}`, team, 2), pageLine(`cat-${run}`, 'operations', 3)]);
    const reached = ofType(entries, 'EscalationLevelReached');
    expect(reached).toHaveLength(2);
    const [skipped] = ofType(entries, 'EscalationLevelSkipped');
    const [exhaustion] = ofType(entries, 'EscalationExhausted');
    expect(ofType(entries, 'EscalationStarted')).toHaveLength(1);
    // A reader of the timeline sees which level was skipped and why, not only that something was.
    expect(skipped.summary).toMatch(/^Escalation level 3 skipped: .*gap/);
    expect(exhaustion.summary).toBe("Escalation exhausted: nobody acknowledged; paging the default route's team operations");
    for (const step of [...reached, skipped, exhaustion, ...paged]) expect(step).toMatchObject({ context: 'coordination', actor: expect.stringMatching(/^system:/) });
    const order = (e: { eventId: string }) => entries.findIndex((x) => x.eventId === e.eventId);
    const steps = [ofType(entries, 'EscalationStarted')[0], reached[0], paged[0], reached[1], paged[1], skipped, exhaustion, paged[2]];
    const positions = steps.map(order);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('stops escalating once level 1 acknowledges, and re-notifies them when the acknowledgement timeout passes', async () => {
    const coordination = cluster.url('coordination');
    const team = `ledger-${run}`;
    const policyId = await createPolicy(coordination, {
      name: `ledger primary ${run}`,
      levels: [
        { targets: [{ kind: 'person', id: people.ann }], timeoutMinutes: 5 },
        { targets: [{ kind: 'person', id: people.ben }], timeoutMinutes: 5 },
      ],
      repeat: 0,
      acknowledgementTimeoutMinutes: 30,
    });
    await createTeam(coordination, { name: team, people: [people.ann, people.ben], defaultEscalationPolicyId: policyId });
    // The next night: the clocks only move on.
    const night = plus(start, 24 * 60 * MINUTE);
    await cluster.moveClocks(night);
    const incidentId = await openIncident(team, 'Ledger writes failing');

    await nthPage(receiver, path('ann'), incidentId, 1);
    const atLevel1 = await responseWhen(coordination, incidentId, 'level 1 paged', (v) => v.pages.length === 1 && v.escalation?.level === 1);
    const level1Deadline: string = atLevel1.escalation.nextDeadlineAt;

    await cluster.moveClocks(plus(night, 2 * MINUTE));
    const ack = await postJson(`${coordination}/coordination/incidents/${incidentId}/acknowledge`, { by: `ann-${run}` });
    expect(ack.status).toBe(202);
    const acknowledged = await responseWhen(coordination, incidentId, 'acknowledged', (v) => v.status === 'acknowledged');
    expect(Date.parse(acknowledged.acknowledgedAt)).toBeLessThan(Date.parse(level1Deadline));

    // Past the deadline level 2 would have had: nothing may fire. Then past the acknowledgement
    // timeout: Ann is re-notified. That page is the marker: the deadline passed first (the driver
    // fires soonest first, and each move wakes it), so any level-2 page would have come before it.
    await cluster.moveClocks(plus(level1Deadline, 1000));
    const beforeRenotify = receiver.received.length;
    await cluster.moveClocks(plus(acknowledged.acknowledgedAt, 30 * MINUTE + 1000));
    const renotified = await nthPage(receiver, path('ann'), incidentId, 2);
    expect(renotified.index).toBeGreaterThanOrEqual(beforeRenotify);
    expect(renotified.page.body).toMatchObject({ type: 'page', incidentId, team, responder: { name: `ann-${run}` } });
    expect(pagesAt(receiver, path('ben'), incidentId)).toHaveLength(0);

    const entries = await timelineWhen(review(), incidentId, 'the re-notification', (e) => ofType(e, 'IncidentRenotified').length === 1 && ofType(e, 'ResponderPaged').length === 2);
    expect(ofType(entries, 'EscalationLevelReached')).toHaveLength(1);
    expect(pageLines(entries)).toEqual([pageLine(`ann-${run}`, team, 1), pageLine(`ann-${run}`, team, 1)]);
    const types = entries.map((e) => e.type);
    expect(types.indexOf('IncidentAcknowledged')).toBeLessThan(types.indexOf('IncidentRenotified'));
    expect(ofType(entries, 'EscalationExhausted')).toHaveLength(0);

    const view = await getJson(`${coordination}/coordination/incidents/${incidentId}`);
    expect(view.body.status).toBe('acknowledged');
    expect(view.body.pages.map((p: { personId: string }) => p.personId)).toEqual([people.ann, people.ann]);
    expect(Date.parse(view.body.pages[1].pagedAt)).toBeGreaterThanOrEqual(Date.parse(acknowledged.acknowledgedAt) + 30 * MINUTE);
    const why = await getJson(`${coordination}/coordination/pages/${view.body.pages[1].pageId}/explain`);
    expect(why.body).toMatchObject({ cause: 'acknowledgement-timeout', person: { personId: people.ann }, policy: { policyId }, level: 1 });
  });

  const review = () => cluster.url('review');
});

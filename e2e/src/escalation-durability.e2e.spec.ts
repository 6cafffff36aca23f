import { WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { getJson, postJson, putJson } from './support/http';
import { createPerson, createPolicy, createTeam } from './support/on-call';
import { MINUTE, nthPage, ofType, pageLine, pageLines, pagesAt, plus, responseWhen, saturdayNight, timelineWhen } from './support/escalation-steps';

/**
 * A page must never be lost, nor sent twice, when coordination dies (SIGKILL, no shutdown hook)
 * while an escalation deadline waits in its store: after restart the next level is paged exactly
 * once, whether the deadline passes after the restart (the clock moved) or passed while the process
 * was down (it fires at start). Level 3 is the marker: once its page is on the timeline and at its
 * receiver, everything the restart could have repeated has had its chance to show.
 */
describe('escalation survives coordination killed while a deadline waits (real SIGKILL, real broker)', () => {
  const receiver = new WebhookReceiver();
  let cluster: Cluster;
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    cluster = await startCluster({
      name: 'escalation-durability',
      testClock: true,
      extra: {
        COMMS_SIGNING_SECRET: 'durability-signing-secret-0123456789',
        // The clocks jump by minutes (and back, in the second test): a page waiting for its person's
        // contact must not give up across a jump.
        COMMS_CONTACT_WAIT_SECONDS: '604800',
      },
    });
    // These tests are about the escalation engine alone: no SLA targets (published before any clock move
    // of the tests, so every incident here opens under them), so no SLA breach escalates or re-notifies.
    await cluster.moveClocks(plus(new Date(), -24 * 60 * MINUTE));
    expect((await putJson(`${cluster.url('coordination')}/coordination/sla-targets`, { targets: { P1: {}, P2: {}, P3: {}, P4: {}, P5: {} }, reason: 'no SLA targets in this test' })).status).toBe(200);
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver.stop();
  });

  /** Three people, a policy paging them one level each (5 minutes apart), a team using it, and its incident opened. */
  const escalatingIncident = async () => {
    const run = randomUUID().slice(0, 8);
    const coordination = cluster.url('coordination');
    const path = (who: string) => `/pager/${who}-${run}`;
    const names = ['ann', 'ben', 'dan'] as const;
    const ids: Record<string, string> = {};
    for (const who of names) ids[who] = await createPerson(coordination, { name: `${who}-${run}`, webhookUrl: `${receiverUrl}${path(who)}` });
    const policyId = await createPolicy(coordination, {
      name: `checkout primary ${run}`,
      levels: names.map((who) => ({ targets: [{ kind: 'person' as const, id: ids[who] }], timeoutMinutes: 5 })),
      repeat: 0,
    });
    const team = `checkout-${run}`;
    await createTeam(coordination, { name: team, people: names.map((who) => ids[who]), defaultEscalationPolicyId: policyId });
    const alert = await postJson(`${cluster.url('detection')}/detection/alerts`, {
      source: 'prometheus',
      summary: `Checkout latency above 2s (${run})`,
      severity: 'critical',
      labels: { alertname: 'CheckoutLatency', team, run },
    });
    expect(alert.status).toBe(202);
    const incidentId: string = alert.body.incidentId;
    await nthPage(receiver, path('ann'), incidentId, 1);
    const atLevel1 = await responseWhen(coordination, incidentId, 'level 1 paged', (v) => v.pages.length === 1 && v.escalation?.level === 1);
    return { incidentId, ids, team, names: { ann: `ann-${run}`, ben: `ben-${run}`, dan: `dan-${run}` }, path, level1Deadline: atLevel1.escalation.nextDeadlineAt as string };
  };

  /**
   * Level 2 was paged (or is about to be): move every clock past its deadline so level 3 is paged,
   * wait for that page and its timeline entry, then count: one page each for levels 1 and 2.
   */
  const expectEachLevelPagedOnce = async ({ incidentId, ids, names, team, path }: Awaited<ReturnType<typeof escalatingIncident>>) => {
    const coordination = cluster.url('coordination');
    await nthPage(receiver, path('ben'), incidentId, 1);
    const atLevel2 = await responseWhen(coordination, incidentId, 'level 2 paged', (v) => v.escalation?.level === 2);
    await cluster.moveClocks(plus(atLevel2.escalation.nextDeadlineAt, 1000));
    await nthPage(receiver, path('dan'), incidentId, 1);
    const entries = await timelineWhen(cluster.url('review'), incidentId, 'the level-3 page', (e) => pageLines(e).some((line) => line.startsWith(`Paged ${names.dan} `)));

    expect(pagesAt(receiver, path('ann'), incidentId)).toHaveLength(1);
    expect(pagesAt(receiver, path('ben'), incidentId)).toHaveLength(1);
    expect(pagesAt(receiver, path('dan'), incidentId)).toHaveLength(1);
    expect(pageLines(entries)).toEqual([pageLine(names.ann, team, 1), pageLine(names.ben, team, 2), pageLine(names.dan, team, 3)]);
    expect(ofType(entries, 'EscalationLevelReached')).toHaveLength(3);
    expect(ofType(entries, 'EscalationStarted')).toHaveLength(1);
    const view = await getJson(`${coordination}/coordination/incidents/${incidentId}`);
    expect(view.body.pages.map((p: { personId: string }) => p.personId)).toEqual([ids.ann, ids.ben, ids.dan]);
    return view.body;
  };

  it('pages level 2 once when coordination was killed while its deadline waited and the clock passes it after the restart', async () => {
    await cluster.moveClocks(saturdayNight());
    const incident = await escalatingIncident();

    await cluster.kill('coordination');
    const restarted = await cluster.restart('coordination');
    // The restarted process found the deadline in its store, still waiting (its clock is back at real time, long before it).
    const waiting = await getJson(`${restarted.url}/coordination/incidents/${incident.incidentId}`);
    expect(waiting.body.escalation).toMatchObject({ level: 1, nextDeadlineAt: incident.level1Deadline });
    expect(waiting.body.pages).toHaveLength(1);
    // A restarted process's test clock starts at real time again: every clock is set past the deadline.
    await cluster.moveClocks(plus(incident.level1Deadline, 1000));

    const view = await expectEachLevelPagedOnce(incident);
    expect(Date.parse(view.pages[1].pagedAt)).toBeGreaterThanOrEqual(Date.parse(incident.level1Deadline));
  });

  it('pages level 2 once, at start, when the deadline passed while coordination was down', async () => {
    // Every clock half an hour behind real time: the level-1 deadline is 25 minutes in the real past,
    // but not due on coordination's moved clock. Killed, coordination comes back on real time, past
    // the deadline, with no clock move: the deadline came due while it was down and fires at start.
    // This is the kill between the clock passing the deadline and the firing, made deterministic.
    await cluster.moveClocks(plus(new Date(), -30 * MINUTE));
    const incident = await escalatingIncident();
    expect(Date.parse(incident.level1Deadline)).toBeLessThan(Date.now() - 20 * MINUTE);

    await cluster.kill('coordination');
    const restartedAt = Date.now();
    await cluster.restart('coordination');

    const view = await expectEachLevelPagedOnce(incident);
    expect(Date.parse(view.pages[1].pagedAt)).toBeGreaterThanOrEqual(restartedAt);
  });
});

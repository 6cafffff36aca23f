import { bearer, eventually, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { getJson, postJson, putJson } from './support/http';
import { createPerson, createPolicy, createTeam } from './support/on-call';
import { MINUTE, nthPage, ofType, pageLine, pageLines, pagesAt, plus, responseWhen, saturdayNight, TimelineEntry, timelineWhen } from './support/escalation-steps';

/**
 * Issue 13's promise over the real broker, five processes, every process's test clock moved (never
 * slept for): a P1 is opened and acknowledged, the war room flags it until a commander is assigned,
 * a task is created and done, the impact is mitigated, a second incident is merged into it (its
 * alerts join the survivor in detection, its old id points there) and the merge undone, the resolve
 * SLA passes and breaches and the breach escalates by policy: the acknowledged incident's next level
 * is paged into the response, the incident is resolved, and every step is a summary line on review's
 * timeline, in order; the incident list then finds it among the resolved P1s, with its clocks.
 */

/** Who acts is the bearer token's principal (issue 14): these requests go with the admin token; a body's `by` is only on-behalf-of text. */
const ADMIN = 'admin';
describe('response oversight over a real Kafka broker, five processes, the test clock moved', () => {
  const receiver = new WebhookReceiver();
  const run = randomUUID().slice(0, 8);
  const path = (who: string) => `/pager/${who}-${run}`;
  const team = `checkout-team-${run}`;
  const service = `checkout-${run}`;
  let cluster: Cluster;
  let receiverUrl: string;
  let people: { ann: string; ben: string };
  let start: Date;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    cluster = await startCluster({
      name: 'oversight',
      testClock: true,
      extra: {
        COMMS_SIGNING_SECRET: 'oversight-signing-secret-0123456789',
        // The clock jumps by hours here: a page waiting for its person's contact must not give up across a jump.
        COMMS_CONTACT_WAIT_SECONDS: '604800',
      },
    });
    start = saturdayNight();
    await cluster.moveClocks(start);
    const coordination = cluster.url('coordination');
    people = {
      ann: await createPerson(coordination, { name: `ann-${run}`, webhookUrl: `${receiverUrl}${path('ann')}` }),
      ben: await createPerson(coordination, { name: `ben-${run}`, webhookUrl: `${receiverUrl}${path('ben')}` }),
    };
    // Two levels, so an escalation on a breach has somewhere to go.
    const policyId = await createPolicy(coordination, {
      name: `checkout primary ${run}`,
      levels: [
        { targets: [{ kind: 'person', id: people.ann }], timeoutMinutes: 5 },
        { targets: [{ kind: 'person', id: people.ben }], timeoutMinutes: 5 },
      ],
      repeat: 0,
    });
    await createTeam(coordination, { name: team, people: [people.ann, people.ben], defaultEscalationPolicyId: policyId });
    // A tier-1 service of the catalog: a critical alert on it is impact 1, urgency 1, P1.
    const catalog = await postJson(`${cluster.url('triage')}/triage/services`, { name: service, tier: 1, owningTeam: team, dependsOn: [] });
    expect(catalog.status).toBe(201);
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver.stop();
  });

  const coordination = () => cluster.url('coordination');
  const review = () => cluster.url('review');
  const incidentUrl = (incidentId: string, rest = '') => `${coordination()}/coordination/incidents/${incidentId}${rest}`;

  const openIncident = async (summary: string): Promise<string> => {
    const alert = await postJson(`${cluster.url('detection')}/detection/alerts`, {
      source: 'prometheus',
      summary: `${summary} (${run})`,
      severity: 'critical',
      labels: { alertname: summary.replace(/\W+/g, ''), service, team, run },
    });
    expect(alert.status).toBe(202);
    return alert.body.incidentId;
  };

  /** The alert ids detection counts toward the incident (404: none). */
  const alertsOf = async (incidentId: string): Promise<string[]> => {
    const r = await getJson(`${cluster.url('detection')}/detection/incidents/${incidentId}/alerts`);
    return r.status === 200 ? r.body.alerts.map((a: { alertId: string }) => a.alertId) : [];
  };
  /** The one alert that opened the incident, once detection lists it. */
  const alertOf = (incidentId: string): Promise<string> =>
    eventually(`detection: the alert of ${incidentId}`, async () => {
      const ids = await alertsOf(incidentId);
      return ids.length === 1 ? ids[0] : undefined;
    }, 60_000);
  const alertsWhen = (incidentId: string, what: string, expected: string[]): Promise<string[]> =>
    eventually(`detection: ${what}`, async () => {
      const ids = await alertsOf(incidentId);
      return [...ids].sort().join() === [...expected].sort().join() ? ids : undefined;
    }, 60_000);

  /** Coordination's SLA clocks of the incident once `ready` holds for them. */
  const slaWhen = (incidentId: string, what: string, ready: (sla: any) => boolean): Promise<any> =>
    eventually(`the SLA clocks: ${what}`, async () => {
      const r = await getJson(incidentUrl(incidentId, '/sla'));
      return r.status === 200 && ready(r.body) ? r.body : undefined;
    }, 60_000);
  const clock = (sla: any, target: string) => sla.clocks.find((c: { target: string }) => c.target === target);

  /** The summary lines of `entries` that are among `lines`, in the timeline's order. */
  const inOrder = (entries: readonly TimelineEntry[], lines: readonly string[]): string[] => entries.map((e) => e.summary).filter((s) => lines.includes(s));

  it('opens a P1, acknowledges it, flags it until a commander is assigned, does a task, mitigates it, merges a second incident into it and undoes it, breaches the resolve SLA and escalates to level 2, resolves it, every step on the timeline in order', async () => {
    const incidentId = await openIncident('Checkout is down');
    const firstAlert = await alertOf(incidentId);
    const ann = `ann-${run}`;
    const ben = `ben-${run}`;
    const lead = `lead-${run}`;

    // Opened as a P1: triage says so, level 1 is paged at once, and the SLA clocks run under version 1.
    const triaged = await eventually('triage to make it a P1', async () => {
      const r = await getJson(`${cluster.url('triage')}/triage/incidents/${incidentId}`);
      return r.status === 200 && r.body.triaged ? r.body : undefined;
    });
    expect(triaged).toMatchObject({ priority: 'P1', impact: 1, urgency: 1 });
    await nthPage(receiver, path('ann'), incidentId, 1);
    const opened = await responseWhen(coordination(), incidentId, 'the P1 paged', (v) => v.priority === 'P1' && v.pages.length === 1);
    expect(opened.status).toBe('triggered');

    const targets = await getJson(`${coordination()}/coordination/sla-targets`);
    expect(targets.status).toBe(200);
    const p1 = targets.body.targets.P1;
    expect(p1).toMatchObject({ acknowledgeMinutes: expect.any(Number), mitigateMinutes: expect.any(Number), resolveMinutes: expect.any(Number) });
    const started = await slaWhen(incidentId, 'started', (s) => s.clocks.length === 3);
    expect(started).toMatchObject({ incidentId, priority: 'P1', slaVersion: targets.body.version });
    const openedAt = started.startedAt as string;
    expect(Date.parse(openedAt)).toBe(Date.parse(opened.pages[0].pagedAt));
    for (const [target, minutes] of [['acknowledge', p1.acknowledgeMinutes], ['mitigate', p1.mitigateMinutes], ['resolve', p1.resolveMinutes]] as const) {
      expect(clock(started, target)).toMatchObject({ status: 'running', minutes });
      expect(Date.parse(clock(started, target).dueAt)).toBe(Date.parse(openedAt) + minutes * MINUTE);
    }
    const resolveDue: string = clock(started, 'resolve').dueAt;

    // Ann and Ben act with tokens of their own (issue 14): coordination issues them, its projection of them (over the bus) lets them in.
    const tokenOf = async (personId: string, name: string): Promise<string> => {
      const issued = await postJson(`${coordination()}/coordination/api-tokens`, { name: `${name} phone`, roles: ['responder'], team, personId });
      expect(issued.status).toBe(201);
      await eventually(`coordination to know ${name}'s token`, async () => ((await getJson(`${coordination()}/coordination/incidents/${incidentId}`, bearer(issued.body.token))).status === 200 ? true : undefined));
      return issued.body.token;
    };
    const annToken = await tokenOf(people.ann, ann);
    const benToken = await tokenOf(people.ben, ben);
    const annActs = `person:${people.ann}`;
    const benActs = `person:${people.ben}`;

    // Acknowledged inside its target, by Ann with her token.
    await cluster.moveClocks(plus(start, 2 * MINUTE));
    const ack = await postJson(incidentUrl(incidentId, '/acknowledge'), {}, bearer(annToken));
    expect(ack.status).toBe(202);
    const acknowledged = await responseWhen(coordination(), incidentId, 'acknowledged', (v) => v.status === 'acknowledged');
    // A P1 needs a commander: the war room says nobody leads it yet.
    expect(acknowledged.flags).toEqual(['commander-missing']);
    expect(acknowledged.roles.commander).toBeNull();
    await slaWhen(incidentId, 'acknowledge met', (s) => clock(s, 'acknowledge').status === 'met');

    // A commander is assigned: the flag goes.
    await cluster.moveClocks(plus(start, 3 * MINUTE));
    const commander = await putJson(incidentUrl(incidentId, '/roles/commander'), { personId: people.ben, by: lead });
    expect(commander.status).toBe(202);
    const led = await responseWhen(coordination(), incidentId, 'a commander', (v) => v.roles.commander !== null);
    expect(led.roles.commander).toEqual({ personId: people.ben, name: ben });
    expect(led.flags).toEqual([]);

    // A task, created by the commander and done by its assignee.
    await cluster.moveClocks(plus(start, 5 * MINUTE));
    const title = `Roll back checkout release (${run})`;
    const created = await postJson(
      incidentUrl(incidentId, '/tasks'),
      { title, assignee: people.ann, runbookUrl: 'https://wiki.example.com/runbooks/checkout-rollback' },
    );
    expect(created.status).toBe(201);
    const taskId: string = created.body.taskId;
    await cluster.moveClocks(plus(start, 9 * MINUTE));
    const done = await postJson(`${coordination()}/coordination/tasks/${taskId}/complete`, {});
    expect(done.status).toBe(202);
    const task = await getJson(`${coordination()}/coordination/tasks/${taskId}`);
    expect(task.body).toMatchObject({ taskId, incidentId, title, status: 'done', assignee: { personId: people.ann, name: ann }, createdBy: ADMIN });
    const tasks = await getJson(incidentUrl(incidentId, '/tasks'));
    expect(tasks.body.items.map((t: { taskId: string; status: string }) => [t.taskId, t.status])).toEqual([[taskId, 'done']]);

    // Mitigated inside its target: the moment the impact stopped, the status stays.
    await cluster.moveClocks(plus(start, 12 * MINUTE));
    const mitigated = await postJson(incidentUrl(incidentId, '/mitigate'), { by: ann, note: 'rolled back' });
    expect(mitigated.status).toBe(202);
    const afterMitigation = await responseWhen(coordination(), incidentId, 'mitigated', (v) => v.mitigatedAt !== null);
    expect(afterMitigation).toMatchObject({ status: 'acknowledged', mitigatedBy: ADMIN, mitigationNote: 'rolled back' });
    await slaWhen(incidentId, 'mitigate met', (s) => clock(s, 'mitigate').status === 'met');

    // The war room: who was paged, the task, the clocks, and the one deadline still pending, the resolve SLA's.
    const room = await responseWhen(coordination(), incidentId, 'the war room after the mitigation', (v) => v.sla && clock(v.sla, 'mitigate').status === 'met');
    expect(room.responders).toEqual([{ personId: people.ann, name: ann }]);
    expect(room.tasks).toEqual([{ taskId, title, status: 'done', assignee: { personId: people.ann, name: ann }, dueAt: null, overdue: false }]);
    expect(room.sla.clocks.map((c: { target: string; status: string }) => [c.target, c.status])).toEqual([['acknowledge', 'met'], ['mitigate', 'met'], ['resolve', 'running']]);
    expect(room.pendingTimers).toHaveLength(1);
    expect(room.pendingTimers[0]).toMatchObject({ owner: 'sla', purpose: 'sla', dueAt: resolveDue, taskId: null });
    expect(room.pendingTimers[0].action).toContain('records SlaBreached for the resolve target of P1');
    // Acknowledged at level 1 of 2: the resolve target's breach would page level 2 into the response.
    expect(room.pendingTimers[0].action).toContain(`then pages level 2 of policy "checkout primary ${run}" v1 into the response (the incident is acknowledged)`);

    // A second incident on the same service: its own incident (no grouping policy), its own page.
    await cluster.moveClocks(plus(start, 14 * MINUTE));
    const duplicateId = await openIncident('Checkout payment form failing');
    expect(duplicateId).not.toBe(incidentId);
    await nthPage(receiver, path('ann'), duplicateId, 1);
    await responseWhen(coordination(), duplicateId, 'the second incident paged', (v) => v.pages.length === 1 && v.escalation?.nextDeadlineAt);
    const duplicateAlert = await alertOf(duplicateId);

    // Merged into the P1: its escalation stops, its old id points at the survivor, its alerts join the survivor.
    await cluster.moveClocks(plus(start, 15 * MINUTE));
    const merge = await postJson(incidentUrl(duplicateId, '/merge'), { into: incidentId, by: lead, reason: 'same outage' });
    expect(merge.status).toBe(202);
    const pointer = await getJson(incidentUrl(duplicateId));
    expect(pointer.status).toBe(200);
    expect(pointer.body).toMatchObject({ incidentId: duplicateId, mergedInto: incidentId, mergedBy: ADMIN, status: 'triggered' });
    expect(pointer.body.pendingTimers.filter((t: { owner: string }) => t.owner === 'response')).toEqual([]);
    const refused = await postJson(incidentUrl(duplicateId, '/acknowledge'), { by: ann });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('incident_merged');
    const survivor = await responseWhen(coordination(), incidentId, 'the survivor lists the merged incident', (v) => v.merged.length === 1);
    expect(survivor).toMatchObject({ merged: [duplicateId], mergedInto: null });
    expect(await alertsWhen(incidentId, 'the merged incident’s alert joins the survivor', [firstAlert, duplicateAlert])).toHaveLength(2);
    expect(await alertsOf(duplicateId)).toEqual([]);
    const movedIn = `1 alert(s) of incident ${duplicateId} now count toward this one (merged)`;
    await timelineWhen(review(), incidentId, 'the alert moved in', (e) => e.some((x) => x.summary === movedIn));

    // The merge undone: the alert goes back, the survivor lists nothing merged, the incident takes commands again.
    await cluster.moveClocks(plus(start, 16 * MINUTE));
    const unmerge = await postJson(incidentUrl(duplicateId, '/unmerge'), { by: lead, reason: 'a different fault after all' });
    expect(unmerge.status).toBe(202);
    const standing = await getJson(incidentUrl(duplicateId));
    expect(standing.body).toMatchObject({ mergedInto: null, status: 'triggered' });
    await responseWhen(coordination(), incidentId, 'the survivor lists nothing merged', (v) => v.merged.length === 0);
    await alertsWhen(incidentId, 'the alert leaves the survivor', [firstAlert]);
    await alertsWhen(duplicateId, 'the alert is back', [duplicateAlert]);
    const movedOut = `1 alert(s) moved to incident ${duplicateId} (merge undone)`;
    await timelineWhen(review(), incidentId, 'the alert moved out', (e) => e.some((x) => x.summary === movedOut));
    await cluster.moveClocks(plus(start, 17 * MINUTE));
    expect((await postJson(incidentUrl(duplicateId, '/resolve'), { by: ann, resolution: 'fixed by the same rollback' })).status).toBe(202);
    await responseWhen(coordination(), duplicateId, 'the second incident resolved', (v) => v.status === 'resolved');

    // Past the resolve target: the resolve SLA breaches.
    await cluster.moveClocks(plus(resolveDue, 1000));
    const breached = await slaWhen(incidentId, 'resolve breached', (s) => clock(s, 'resolve').status === 'breached');
    expect(Date.parse(clock(breached, 'resolve').breachedAt)).toBeGreaterThanOrEqual(Date.parse(resolveDue));
    expect(clock(breached, 'acknowledge').status).toBe('met');
    expect(clock(breached, 'mitigate').status).toBe('met');
    // The breach escalates by policy: acknowledged at level 1, so level 2 (ben) is paged into the response; no
    // deadline (someone acknowledged), the status stays, and ann is not paged again.
    const escalatedPage = await nthPage(receiver, path('ben'), incidentId, 1);
    expect(escalatedPage.page.body).toMatchObject({ type: 'page', incidentId, team, responder: { name: ben } });
    const escalated = await responseWhen(coordination(), incidentId, 'the breach escalated', (v) => v.pages.length === 2);
    expect(escalated).toMatchObject({ status: 'acknowledged', acknowledgedBy: annActs, escalation: { level: 2, levels: 2, nextDeadlineAt: null } });
    expect(escalated.pages[1]).toMatchObject({ personId: people.ben, escalationLevel: 2 });
    expect(escalated.pages[1].reason).toContain(`SLA resolve breached (P1, due ${resolveDue}`);
    expect(escalated.pages[1].reason).toContain(`level 2 of 2 of policy "checkout primary ${run}" v1 paged ${ben}`);
    expect(Date.parse(escalated.pages[1].pagedAt)).toBeGreaterThanOrEqual(Date.parse(resolveDue));
    expect(escalated.responders).toEqual([
      { personId: people.ann, name: ann },
      { personId: people.ben, name: ben },
    ]);
    expect(escalated.pendingTimers.filter((t: { owner: string }) => t.owner === 'response')).toEqual([]);
    expect(pagesAt(receiver, path('ann'), incidentId)).toHaveLength(1);

    // Resolved after the breach.
    await cluster.moveClocks(plus(resolveDue, 10 * MINUTE));
    const resolved = await postJson(incidentUrl(incidentId, '/resolve'), { resolution: 'Release rolled back, checkout healthy' }, bearer(benToken));
    expect(resolved.status).toBe(202);
    const closed = await responseWhen(coordination(), incidentId, 'resolved', (v) => v.status === 'resolved');
    expect(closed).toMatchObject({ resolvedBy: benActs, flags: [], roles: { commander: { personId: people.ben } } });
    // The resolution stops the breached clock: it stays breached, stopped at the resolution.
    const stopped = await slaWhen(incidentId, 'resolve stopped', (s) => clock(s, 'resolve').stoppedAt !== null);
    expect(clock(stopped, 'resolve')).toMatchObject({ status: 'breached', breachedAt: clock(breached, 'resolve').breachedAt });
    expect(Date.parse(clock(stopped, 'resolve').stoppedAt)).toBe(Date.parse(closed.resolvedAt));

    // Every step on the review timeline, one summary line each, in the order they happened.
    const entries = await timelineWhen(review(), incidentId, 'from the page to the resolution', (e) =>
      ['IncidentTriaged', 'IncidentRoleAssigned', 'TaskCompleted', 'IncidentMitigated', 'IncidentAbsorbed', 'IncidentSplit', 'AlertsMovedToIncident', 'AlertsMovedOutOfIncident', 'SlaBreached', 'IncidentResolved'].every(
        (t) => ofType(e, t).length > 0,
      ) &&
      ofType(e, 'SlaClockStopped').length === 3 &&
      ofType(e, 'EscalationLevelReached').length === 2,
    );
    const due = (target: string) => clock(started, target).dueAt;
    const steps = [
      `Triaged as P1, routed to team ${team}`,
      pageLine(ann, team, 1),
      `SLA clocks started (P1, SLA v${targets.body.version}): acknowledge by ${due('acknowledge')}, mitigate by ${due('mitigate')}, resolve by ${resolveDue}`,
      `Acknowledged by ${annActs}`,
      `acknowledge SLA met: acknowledged at ${acknowledged.acknowledgedAt} (due ${due('acknowledge')})`,
      `${ben} is now commander, by ${ADMIN}`,
      `Task created: ${title}, assigned to ${ann}`,
      `Task done: ${title}`,
      `Mitigated by ${ADMIN}: rolled back`,
      `mitigate SLA met: mitigated at ${afterMitigation.mitigatedAt} (due ${due('mitigate')})`,
      `Incident ${duplicateId} merged into this one by ${ADMIN}`,
      `Incident ${duplicateId} split off again by ${ADMIN}`,
      `SLA breached: resolve for P1 was due ${resolveDue} (SLA v${targets.body.version})`,
      `Escalation level 2 paged ${ben} (SLA resolve breached): joins the response`,
      pageLine(ben, team, 2),
      `Resolved by ${benActs}: Release rolled back, checkout healthy`,
      `resolve SLA missed: resolved at ${closed.resolvedAt} (due ${resolveDue})`,
    ];
    expect(inOrder(entries, steps)).toEqual(steps);
    // Detection's moves come by the bus, so each may land just before or after coordination's own line
    // of the same merge; the test waited for each before the next step, which fixes the rest of the order.
    const at = (line: string) => entries.findIndex((e) => e.summary === line);
    expect(at(movedIn)).toBeGreaterThan(at(`Mitigated by ${ADMIN}: rolled back`));
    expect(at(movedIn)).toBeLessThan(at(`Incident ${duplicateId} split off again by ${ADMIN}`));
    expect(at(movedOut)).toBeGreaterThan(at(movedIn));
    expect(at(movedOut)).toBeLessThan(at(`SLA breached: resolve for P1 was due ${resolveDue} (SLA v${targets.body.version})`));
    expect(pageLines(entries)).toEqual([pageLine(ann, team, 1), pageLine(ben, team, 2)]);
    // The second incident's own timeline tells its merge and its undoing.
    const duplicateEntries = await timelineWhen(review(), duplicateId, 'the merge and its undoing', (e) => ofType(e, 'IncidentUnmerged').length === 1 && ofType(e, 'IncidentResolved').length === 1);
    const duplicateSteps = [
      `Merged into incident ${incidentId} by ${ADMIN}: same outage`,
      `Merge into incident ${incidentId} undone by ${ADMIN}: a different fault after all`,
      `Resolved by ${ADMIN}: fixed by the same rollback`,
    ];
    expect(inOrder(duplicateEntries, duplicateSteps)).toEqual(duplicateSteps);
    for (const type of ['IncidentRoleAssigned', 'TaskCreated', 'TaskCompleted', 'IncidentMitigated', 'IncidentAbsorbed', 'IncidentSplit', 'SlaBreached', 'EscalationLevelReached', 'SlaClocksStarted']) {
      expect(ofType(entries, type)[0]).toMatchObject({ context: 'coordination' });
    }
    // Who did what: the people, and the SLA's own driver for the breach.
    expect(ofType(entries, 'IncidentRoleAssigned')[0].actor).toBe(ADMIN);
    expect(ofType(entries, 'TaskCompleted')[0].actor).toBe(ADMIN);
    expect(ofType(entries, 'SlaBreached')[0].actor).toMatch(/^system:/);
    expect(ofType(entries, 'SlaBreached')).toHaveLength(1);
    // The breach escalated (level 2 reached after it), re-notifying nobody.
    const breachAt = entries.indexOf(ofType(entries, 'SlaBreached')[0]);
    const level2 = ofType(entries, 'EscalationLevelReached')[1];
    expect(entries.indexOf(level2)).toBeGreaterThan(breachAt);
    expect(level2.actor).toMatch(/^system:/);
    expect(ofType(entries, 'IncidentRenotified')).toHaveLength(0);
    // Acknowledge and resolve record who did it as every command does: the token's person, as actor too.
    expect(ofType(entries, 'IncidentAcknowledged')[0].actor).toBe(annActs);
    expect(ofType(entries, 'IncidentResolved')[0].actor).toBe(benActs);
    for (const type of ['AlertsMovedToIncident', 'AlertsMovedOutOfIncident']) expect(ofType(entries, type)[0]).toMatchObject({ context: 'detection' });

    // The incident list finds it among the resolved P1s.
    const list = await eventually('the incident list to show it resolved', async () => {
      const r = await getJson(`${coordination()}/coordination/incidents?status=resolved&priority=P1`);
      return r.status === 200 && r.body.items.some((i: { incidentId: string }) => i.incidentId === incidentId) ? r.body : undefined;
    });
    const item = list.items.find((i: { incidentId: string }) => i.incidentId === incidentId);
    expect(item).toMatchObject({ incidentId, priority: 'P1', status: 'resolved', team, service, paged: true, acknowledgedBy: annActs });
    expect(item.responders).toEqual([
      { personId: people.ann, name: ann },
      { personId: people.ben, name: ben },
    ]);
    // With its SLA clocks, as the war room shows them: the resolve target missed.
    expect(item.sla).toMatchObject({ incidentId, priority: 'P1' });
    expect(item.sla.clocks.map((c: { target: string; status: string }) => [c.target, c.status])).toEqual([
      ['acknowledge', 'met'],
      ['mitigate', 'met'],
      ['resolve', 'breached'],
    ]);
    for (const other of list.items) expect(other).toMatchObject({ status: 'resolved', priority: 'P1' });
    const open = await getJson(`${coordination()}/coordination/incidents?status=triggered,acknowledged&priority=P1`);
    expect(open.body.items.map((i: { incidentId: string }) => i.incidentId)).not.toContain(incidentId);
  });
});

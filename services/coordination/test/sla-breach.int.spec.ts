import { ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { SlaTimers } from '../src/application/sla.timers';
import { triaged } from './support/triaged';

/*
 * An SLA breach escalates by policy (issue 13), over HTTP: a real SQLite file, the in-process bus
 * (coordination's relay feeds its own `coordination.sla` and `coordination.sla-breach` groups), a
 * ManualClock moved past the target and the SLA timers' pass (`driver.tick()`): no sleep for a deadline.
 */

const MINUTE = 60_000;
interface Page {
  responder: string;
  escalationLevel: number;
  reason: string;
}

describe('an SLA breach escalates by policy (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const view = async (incidentId: string) => (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
  const pages = async (incidentId: string): Promise<[string, number][]> => (await view(incidentId)).pages.map((p: Page) => [p.responder, p.escalationLevel]);
  const response = (incidentId: string) => coordination.store.readStream(`response-${incidentId}`);
  const breachOf = async (incidentId: string, target: string) =>
    (await coordination.store.readStream(`incidentSla-${incidentId}`)).find((e) => e.type === 'SlaBreached' && (e.data as { target: string }).target === target);
  /** Waits for the relay and the groups (the bus), never for a deadline. */
  const until = <T>(what: string, probe: () => Promise<T | undefined>) => eventually(what, probe, 10_000);
  const register = async (name: string): Promise<string> =>
    (await http().post('/coordination/people').send({ name, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body.personId;
  const open = async (): Promise<string> => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, {}, clock.now().toISOString()) }]);
    await until('the SLA clocks started', async () => ((await http().get(`/coordination/incidents/${incidentId}/sla`)).status === 200 ? true : undefined));
    return incidentId;
  };
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await coordination.app.get(SlaTimers).driver.tick();
  };
  /** The breach published again, as a relay that crashed before its checkpoint would. */
  const redeliver = async (breach: RecordedEvent) => coordination.bus.publish(topicOf('coordination'), [{ key: breach.metadata.incidentId!, event: breach }]);

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    const [alice, bob, olga] = [await register('alice'), await register('bob'), await register('olga')];
    await http().post('/coordination/teams').send({ name: 'payments', members: [{ personId: alice, onCallOrder: 1 }, { personId: bob, onCallOrder: 2 }] }).expect(201);
    await http().post('/coordination/teams').send({ name: 'operations', members: [{ personId: olga, onCallOrder: 1 }] }).expect(201);
  });

  afterAll(() => coordination.close());

  it('a P1 left unacknowledged past its 5-minute acknowledge target pages level 2 once, with the events of POST …/escalate; a redelivered breach pages nobody again', async () => {
    const id = await open();
    expect(await pages(id)).toEqual([['alice', 1]]);

    await later(6);
    await until('level 2 paged', async () => ((await pages(id)).length === 2 ? true : undefined));
    expect(await pages(id)).toEqual([
      ['alice', 1],
      ['bob', 2],
    ]);
    const breach = (await breachOf(id, 'acknowledge'))!;
    expect(breach).toBeDefined();
    const caused = (await response(id)).filter((e) => e.metadata.causationId === breach.id);
    // Exactly what a level deadline (and POST …/escalate) appends: the deadline fired, the level, its deadline, the page.
    expect(caused.map((e) => e.type)).toEqual(['TimerFired', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
    expect(caused.every((e) => e.metadata.actor === 'system:coordination')).toBe(true);
    expect((await view(id)).escalation).toMatchObject({ level: 2, levelsReached: 2 });

    const before = (await response(id)).length;
    await redeliver(breach);
    await redeliver(breach);
    expect((await response(id)).length).toBe(before);
    expect(await pages(id)).toEqual([
      ['alice', 1],
      ['bob', 2],
    ]);
    await http().post(`/coordination/incidents/${id}/resolve`).send({ by: 'bob' }).expect(202);
  });

  it('an acknowledged P1 past its mitigate target pages level 2 into the response once (no deadline, still acknowledged); past its resolve target, with no level left, re-notifies everyone in it; once resolved a breach does nothing', async () => {
    const openedAt = clock.now().getTime();
    const due = (minutes: number) => new Date(openedAt + minutes * MINUTE).toISOString();
    const id = await open();
    await later(1);
    await http().post(`/coordination/incidents/${id}/acknowledge`).send({ by: 'alice' }).expect(202);
    const timerAt = async (dueAt: string) => (await view(id)).pendingTimers.find((t: { dueAt: string }) => t.dueAt === dueAt);
    expect((await timerAt(due(30))).action).toBe(
      `records SlaBreached for the mitigate target of P1 (SLA v1) unless the incident is mitigated first; then pages level 2 of policy "default policy of team "payments"" v1 into the response (the incident is acknowledged), or re-notifies alice if that level has nobody then`,
    );

    // The mitigate target (30 min) passes: bob, level 2 of the team's policy, joins the response.
    await later(30);
    await until('bob paged', async () => ((await pages(id)).length === 2 ? true : undefined));
    expect(await pages(id)).toEqual([
      ['alice', 1],
      ['bob', 2],
    ]);
    const mitigate = (await breachOf(id, 'mitigate'))!;
    const caused = (await response(id)).filter((e) => e.metadata.causationId === mitigate.id);
    expect(caused.map((e) => [e.type, e.schemaVersion])).toEqual([
      ['EscalationLevelReached', 4],
      ['ResponderPaged', 3],
    ]);
    const why = `SLA mitigate breached (P1, due ${due(30)}, 1 min ago) while the incident is acknowledged`;
    expect(caused[0].data).toMatchObject({ level: 2, repeat: 0, deadlineAt: null, sla: { breachId: mitigate.id, target: 'mitigate', priority: 'P1' }, paged: [{ name: 'bob' }] });
    expect((caused[0].data as { reason: string }).reason).toContain(`${why}: level 2 of 2 of policy`);
    expect((await view(id)).pages[1].reason).toContain(why);
    const afterMitigate = await view(id);
    expect(afterMitigate).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin', escalation: { level: 2, levelsReached: 2, nextDeadlineAt: null } });
    // No level deadline: nothing more comes by the escalation's timers.
    expect(afterMitigate.pendingTimers.filter((t: { owner: string }) => t.owner === 'response')).toEqual([]);
    expect((await timerAt(due(240))).action).toContain('then re-notifies alice, bob (no level of the policy is left to page)');

    await redeliver(mitigate);
    expect((await pages(id)).length).toBe(2);

    // The resolve target (240 min) passes: no level is left, so everyone in the response is re-notified.
    await later(210);
    await until('alice and bob re-notified', async () => ((await pages(id)).length === 4 ? true : undefined));
    const resolve = (await breachOf(id, 'resolve'))!;
    const renotified = (await response(id)).filter((e) => e.metadata.causationId === resolve.id);
    expect(renotified.map((e) => [e.type, e.schemaVersion])).toEqual([
      ['IncidentRenotified', 4],
      ['ResponderPaged', 3],
      ['ResponderPaged', 3],
    ]);
    expect(renotified[0].data).toMatchObject({ cause: 'sla-breached', sla: { breachId: resolve.id, target: 'resolve', priority: 'P1' } });
    expect((await view(id)).pages.slice(2).map((p: Page) => [p.responder, p.escalationLevel, p.reason])).toEqual([
      ['alice', 2, `SLA resolve breached (P1, due ${due(240)}, 1 min ago) while the incident is acknowledged: re-notified alice, bob`],
      ['bob', 2, `SLA resolve breached (P1, due ${due(240)}, 1 min ago) while the incident is acknowledged: re-notified alice, bob`],
    ]);
    expect((await view(id)).status).toBe('acknowledged');

    // Resolved: a breach (here redelivered once more) changes nothing.
    await http().post(`/coordination/incidents/${id}/resolve`).send({ by: 'alice' }).expect(202);
    const resolved = (await response(id)).length;
    await redeliver(resolve);
    await redeliver(mitigate);
    expect((await response(id)).length).toBe(resolved);
  });
});

import request from 'supertest';
import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentMergedV1 } from '@linchpin/contracts';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { EscalationTimers } from '../src/application/escalation.timers';
import { absorbedEventId, splitEventId } from '../src/domain/response-merge';
import { ACTOR_TOKENS, ActorName, as } from './support/actors';
import { triaged } from './support/triaged';

/*
 * Issue 13's merge, unmerge and links over HTTP: a real SQLite file, the in-process bus (the relay
 * publishes coordination's own events, so the merge-completion reactor runs too), a ManualClock
 * moved past escalation deadlines and the timer driver's pass (`driver.tick()`).
 */

const MINUTE = 60_000;
describe('merge, unmerge and link incidents over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await coordination.app.get(EscalationTimers).driver.tick();
  };
  const view = async (incidentId: string) => (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
  const events = async (incidentId: string) => coordination.store.readStream(`response-${incidentId}`);
  const open = async () => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId) }]);
    return incidentId;
  };
  const post = (incidentId: string, action: string, body: object = {}, who: ActorName = 'alice') => http().post(`/coordination/incidents/${incidentId}/${action}`).set(as(who)).send(body);
  const conflict = async (call: request.Test, code: string) => {
    const res = await call.expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    return res.body as { code: string; detail: string };
  };

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    const person = async (name: string) =>
      (await http().post('/coordination/people').send({ name, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body.personId;
    const [alice, bob, olga] = [await person('alice'), await person('bob'), await person('olga')];
    await http().post('/coordination/teams').send({ name: 'payments', members: [{ personId: alice, onCallOrder: 1 }, { personId: bob, onCallOrder: 2 }] }).expect(201);
    await http().post('/coordination/teams').send({ name: 'operations', members: [{ personId: olga, onCallOrder: 1 }] }).expect(201);
  });

  afterAll(() => coordination.close());

  it('merges: the merged incident points at the survivor, its escalation stops, every command on it is 409 incident_merged; the survivor lists it', async () => {
    const merged = await open();
    const survivor = await open();
    const before = await view(merged);
    expect(before).toMatchObject({ status: 'triggered', mergedInto: null, merged: [], links: [] });

    const res = await post(merged, 'merge', { into: survivor, reason: 'same outage' }, 'ic').expect(202);
    const stored = (await events(merged)).slice(-2);
    expect(stored.map((e) => e.type)).toEqual(['IncidentMerged', 'TimerCancelled']);
    expect(stored[0]).toMatchObject({ id: res.body.eventId, data: { incidentId: merged, into: survivor, by: 'token:ic', reason: 'same outage' }, metadata: { actor: 'token:ic' } });
    expect(stored[1].data).toMatchObject({ reason: 'merged' });
    // The survivor's side: same append path, its id derived from the merge, so a second try records nothing more.
    const absorbed = (await events(survivor)).filter((e) => e.type === 'IncidentAbsorbed');
    expect(absorbed).toEqual([expect.objectContaining({ id: absorbedEventId(res.body.eventId), data: { incidentId: survivor, merged, by: 'token:ic' } })]);

    // History readable, status kept, a pointer to the survivor.
    expect(await view(merged)).toMatchObject({ status: 'triggered', mergedInto: survivor, mergedBy: 'token:ic', mergedAt: clock.now().toISOString(), pages: before.pages });
    expect(await view(survivor)).toMatchObject({ mergedInto: null, merged: [merged] });

    for (const [action, body] of [
      ['acknowledge', { by: 'alice' }],
      ['resolve', { by: 'alice' }],
      ['status', { status: 'investigating' }],
      ['mitigate', {}],
      ['escalate', {}],
      ['snooze', { until: '2030-01-01T00:00:00Z' }],
      ['merge', { into: survivor }],
      ['links', { to: survivor, kind: 'related-to' }],
    ] as const) {
      const problem = await conflict(post(merged, action, body), 'incident_merged');
      expect(problem.detail).toContain(survivor);
    }

    // Its escalation does not page anyone any more: the level deadline passes in silence.
    const pages = (await view(merged)).pages.length;
    await later(60);
    expect((await view(merged)).pages).toHaveLength(pages);
    expect((await view(survivor)).pages.length).toBeGreaterThan(1);
  });

  it('refuses a merge into itself, into an unknown, merged or resolved incident, a chain, and a bad body', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    const resolved = await open();
    await http().post(`/coordination/incidents/${resolved}/resolve`).set(as('alice')).send({}).expect(202);

    await conflict(post(a, 'merge', { into: a }), 'merge_into_itself');
    const unknown = newId();
    const notFound = await post(a, 'merge', { into: unknown }).expect(404);
    expect(notFound.headers['content-type']).toContain('application/problem+json');
    await post(newId(), 'merge', { into: a }).expect(404);
    expect((await conflict(post(a, 'merge', { into: resolved }), 'survivor_resolved')).detail).toContain('resolved');
    await conflict(post(resolved, 'merge', { into: a }), 'already_resolved');
    const bad = await post(a, 'merge', { into: 'not-a-uuid' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('into');

    await post(a, 'merge', { into: b }).expect(202);
    // Into an incident that is itself merged: the reason names where to merge instead.
    const chain = await conflict(post(c, 'merge', { into: a }), 'merge_chain');
    expect(chain.detail).toContain(b);
    // An incident others were merged into cannot be merged itself.
    expect((await conflict(post(b, 'merge', { into: c }), 'merge_chain')).detail).toContain(a);
    expect((await view(c)).mergedInto).toBeNull();
    expect((await view(b)).merged).toEqual([a]);
  });

  it('unmerge: the incident stands on its own again in the status it had, its escalation not restarted; the survivor records the split', async () => {
    const merged = await open();
    const survivor = await open();
    await http().post(`/coordination/incidents/${merged}/acknowledge`).set(as('bob')).send({}).expect(202);
    await post(merged, 'merge', { into: survivor }).expect(202);
    const pages = (await view(merged)).pages.length;

    const res = await post(merged, 'unmerge', { reason: 'different root cause' }, 'ic').expect(202);
    const unmerged = (await events(merged)).at(-1)!;
    expect(unmerged).toMatchObject({ id: res.body.eventId, type: 'IncidentUnmerged', data: { incidentId: merged, from: survivor, by: 'token:ic', reason: 'different root cause' } });
    const split = (await events(survivor)).filter((e) => e.type === 'IncidentSplit');
    expect(split).toEqual([expect.objectContaining({ id: splitEventId(res.body.eventId), data: { incidentId: survivor, split: merged, by: 'token:ic' } })]);
    expect(await view(merged)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'token:bob', mergedInto: null });
    expect((await view(survivor)).merged).toEqual([]);
    await conflict(post(merged, 'unmerge'), 'not_merged');

    // Not restarted: nobody is paged for it by the passing of time (its acknowledgement timeout was cancelled by the merge).
    await later(120);
    expect((await view(merged)).pages).toHaveLength(pages);
    // It takes commands again.
    await post(merged, 'status', { status: 'investigating' }).expect(202);
    await post(merged, 'merge', { into: survivor }).expect(202);
    expect((await view(survivor)).merged).toEqual([merged]);
    await post(newId(), 'unmerge').expect(404);
  });

  it('unmerging an incident nobody acknowledged restarts its escalation from level 1 at once, so its page is not lost: the next level follows at its deadline', async () => {
    const merged = await open();
    const survivor = await open();
    await eventually('the first page', async () => ((await view(merged)).pages.length === 1 ? true : undefined));
    await post(merged, 'merge', { into: survivor }).expect(202);
    await later(60);
    expect((await view(merged)).pages).toHaveLength(1);

    await post(merged, 'unmerge', {}, 'ic').expect(202);
    const after = await view(merged);
    expect(after).toMatchObject({ status: 'triggered', mergedInto: null });
    expect(after.pages.map((p: { responder: string; escalationLevel: number }) => [p.responder, p.escalationLevel])).toEqual([
      ['alice', 1],
      ['alice', 1],
    ]);
    expect(after.escalation.nextDeadlineAt).not.toBeNull();
    await later(16);
    expect((await view(merged)).pages.map((p: { responder: string }) => p.responder)).toEqual(['alice', 'alice', 'bob']);
  });

  it('a merge whose survivor side was never recorded (the process stopped between the appends) is completed from the published merge', async () => {
    const merged = await open();
    const survivor = await open();
    const revision = (await events(merged)).length - 1;
    const merge = IncidentMergedV1.create(newId(), { incidentId: merged, into: survivor, by: 'token:ic' }, {
      incidentId: merged,
      correlationId: merged,
      causationId: newId(),
      actor: 'token:ic',
      occurredAt: clock.now().toISOString(),
    });
    await coordination.store.append(`response-${merged}`, [merge], revision);
    const absorbed = await eventually('the survivor absorbs the merged incident', async () => (await events(survivor)).find((e) => e.type === 'IncidentAbsorbed'));
    expect(absorbed).toMatchObject({ id: absorbedEventId(merge.id), data: { incidentId: survivor, merged, by: 'token:ic' } });
    expect((await view(survivor)).merged).toEqual([merged]);
  });

  it('links: caused-by and related-to on the incident where made, listed in its view; unlinked; unknown ids 404; nonsense 409', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    await post(a, 'links', { to: b, kind: 'caused-by' }, 'ic').expect(202);
    await post(a, 'links', { to: c, kind: 'related-to' }).expect(202);
    expect((await view(a)).links).toEqual([
      { to: b, kind: 'caused-by', by: 'token:ic', linkedAt: clock.now().toISOString() },
      { to: c, kind: 'related-to', by: 'token:alice', linkedAt: clock.now().toISOString() },
    ]);
    expect((await view(b)).links).toEqual([]);
    await conflict(post(a, 'links', { to: b, kind: 'caused-by' }), 'already_linked');
    await conflict(post(a, 'links', { to: a, kind: 'related-to' }), 'link_to_itself');
    await post(a, 'links', { to: newId(), kind: 'related-to' }).expect(404);
    await post(newId(), 'links', { to: a, kind: 'related-to' }).expect(404);
    const bad = await post(a, 'links', { to: b, kind: 'blames' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('kind');

    await http().delete(`/coordination/incidents/${a}/links/${b}`).set(as('ic')).expect(202);
    expect((await view(a)).links.map((l: { to: string }) => l.to)).toEqual([c]);
    await conflict(http().delete(`/coordination/incidents/${a}/links/${b}`), 'not_linked');
    await http().delete(`/coordination/incidents/${a}/links/${newId()}`).expect(404);
    const stored = (await events(a)).filter((e) => e.type === 'IncidentLinked' || e.type === 'IncidentUnlinked');
    expect(stored.map((e) => [e.type, e.data])).toEqual([
      ['IncidentLinked', { incidentId: a, to: b, kind: 'caused-by', by: 'token:ic' }],
      ['IncidentLinked', { incidentId: a, to: c, kind: 'related-to', by: 'token:alice' }],
      ['IncidentUnlinked', { incidentId: a, to: b, kind: 'caused-by', by: 'token:ic' }],
    ]);
  });
});

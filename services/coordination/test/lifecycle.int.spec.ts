import request from 'supertest';
import { asAdmin } from '@linchpin/testing';
import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { EscalationTimers } from '../src/application/escalation.timers';
import { ACTOR_TOKENS, ActorName, as } from './support/actors';
import { triaged } from './support/triaged';

/*
 * Issue 13's lifecycle and roles over HTTP: a real SQLite file, the in-process bus, a ManualClock
 * moved past the snooze and the reopen window, and the timer driver's pass (`driver.tick()`).
 */

const MINUTE = 60_000;
interface Saved {
  personId: string;
}

describe('incident lifecycle and roles over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await coordination.app.get(EscalationTimers).driver.tick();
  };
  const view = async (incidentId: string) => (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
  const stored = async (incidentId: string) => (await coordination.store.readStream(`response-${incidentId}`)).map((e) => e.type);
  const register = async (name: string): Promise<Saved> =>
    (await http().post('/coordination/people').send({ name, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body;
  const team = (name: string, members: Saved[]) =>
    http()
      .post('/coordination/teams')
      .send({ name, members: members.map((m, i) => ({ personId: m.personId, onCallOrder: i + 1 })) })
      .expect(201);
  const open = async (teamName = 'payments', priority: 'P1' | 'P3' = 'P1') => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, { team: teamName, priority, severity: priority === 'P1' ? 'SEV1' : 'SEV3' }) }]);
    return incidentId;
  };
  const post = (incidentId: string, action: string, body: object = {}, who: ActorName = 'alice') => http().post(`/coordination/incidents/${incidentId}/${action}`).set(as(who)).send(body);
  const conflict = async (call: request.Test, code: string) => {
    const res = await call.expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toEqual(expect.any(String));
    return res.body;
  };

  let alice: Saved, bob: Saved, carol: Saved, olga: Saved;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    // These tests are about the lifecycle alone: no SLA targets, so no SLA breach escalates or re-notifies (sla-breach.int.spec.ts covers that).
    await asAdmin(coordination.app.getHttpServer()).put('/coordination/sla-targets').send({ targets: { P1: {}, P2: {}, P3: {}, P4: {}, P5: {} }, reason: 'no SLA targets in this test' }).expect(200);
    [alice, bob, carol, olga] = [await register('alice'), await register('bob'), await register('carol'), await register('olga')];
    await team('payments', [alice, bob]);
    await team('database', [carol]);
    await team('operations', [olga]);
  });

  afterAll(() => coordination.close());

  it('moves forward through the lifecycle, records mitigation once, and refuses each nonsense move with its code', async () => {
    const id = await open();
    await conflict(post(id, 'status', { status: 'investigating' }), 'not_acknowledged');
    await http().post(`/coordination/incidents/${id}/acknowledge`).set(as('alice')).send({}).expect(202);
    await post(id, 'status', { status: 'investigating', note: 'looking at the database' }).expect(202);
    expect((await view(id)).status).toBe('investigating');
    await conflict(post(id, 'status', { status: 'investigating' }), 'same_status');
    await post(id, 'status', { status: 'identified' }).expect(202);
    await conflict(post(id, 'status', { status: 'investigating' }), 'status_backwards');

    await post(id, 'mitigate', { note: 'traffic drained' }).expect(202);
    await conflict(post(id, 'mitigate'), 'already_mitigated');
    await post(id, 'status', { status: 'monitoring' }).expect(202);
    const monitoring = await view(id);
    expect(monitoring).toMatchObject({ status: 'monitoring', mitigatedAt: clock.now().toISOString(), mitigatedBy: 'token:alice', mitigationNote: 'traffic drained' });

    const listed = await http().get('/coordination/incidents?status=monitoring').expect(200);
    expect(listed.body.items.map((i: { incidentId: string }) => i.incidentId)).toContain(id);

    await http().post(`/coordination/incidents/${id}/resolve`).set(as('alice')).send({}).expect(202);
    await conflict(post(id, 'status', { status: 'monitoring' }), 'incident_resolved');
    const changed = (await coordination.store.readStream(`response-${id}`)).filter((e) => e.type === 'IncidentStatusChanged');
    expect(changed.map((e) => [e.data, e.metadata.actor])).toEqual([
      [{ incidentId: id, from: 'acknowledged', to: 'investigating', by: 'token:alice', note: 'looking at the database' }, 'token:alice'],
      [expect.objectContaining({ from: 'investigating', to: 'identified' }), 'token:alice'],
      [expect.objectContaining({ from: 'identified', to: 'monitoring' }), 'token:alice'],
    ]);
  });

  it("acknowledge and resolve record who did it as every other command: the token's principal, the same in the event's `by` and its metadata's actor; a body's `by` is only on-behalf-of text", async () => {
    const whoDid = async (incidentId: string, type: string) => {
      const event = (await coordination.store.readStream(`response-${incidentId}`)).find((e) => e.type === type)!;
      return [(event.data as { by: string }).by, event.metadata.actor, event.metadata.onBehalfOf];
    };
    const first = await open();
    await post(first, 'acknowledge', { by: 'the night shift' }, 'olga').set('X-Actor', 'mallory').expect(202);
    expect(await whoDid(first, 'IncidentAcknowledged')).toEqual(['token:olga', 'token:olga', 'the night shift']);
    await post(first, 'resolve', { resolution: 'rolled back' }, 'alice').expect(202);
    expect(await whoDid(first, 'IncidentResolved')).toEqual(['token:alice', 'token:alice', undefined]);
    expect(await view(first)).toMatchObject({ acknowledgedBy: 'token:olga', resolvedBy: 'token:alice', resolution: 'rolled back' });
    // The admin token acts as `admin`.
    const second = await open();
    await http().post(`/coordination/incidents/${second}/acknowledge`).send({}).expect(202);
    expect(await whoDid(second, 'IncidentAcknowledged')).toEqual(['admin', 'admin', undefined]);
    // A `by` given must say something.
    const third = await open();
    expect((await post(third, 'acknowledge', { by: '' }).expect(400)).body.errors[0].field).toBe('by');
    expect((await post(third, 'resolve', { by: 42 }).expect(400)).body.errors[0].field).toBe('by');
  });

  it('reopen: back to acknowledged within the window (nobody paged); re-triggered from level 1 when nobody had acknowledged; 409 reopen_window_passed after the window', async () => {
    const acked = await open();
    await http().post(`/coordination/incidents/${acked}/acknowledge`).set(as('bob')).send({}).expect(202);
    await http().post(`/coordination/incidents/${acked}/resolve`).set(as('bob')).send({}).expect(202);
    await later(60);
    await post(acked, 'reopen', { reason: 'errors are back' }, 'bob').expect(202);
    expect(await view(acked)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'token:bob', resolvedAt: null, reopenedAt: clock.now().toISOString() });
    expect((await view(acked)).pages).toHaveLength(1);
    await conflict(post(acked, 'reopen', { reason: 'again' }), 'not_resolved');

    const unacked = await open();
    await http().post(`/coordination/incidents/${unacked}/resolve`).send({ by: 'system' }).expect(202);
    await later(5);
    await post(unacked, 'reopen', { reason: 'still down' }).expect(202);
    const retriggered = await view(unacked);
    expect(retriggered.status).toBe('triggered');
    expect(retriggered.pages.map((p: { responder: string; escalationLevel: number }) => [p.responder, p.escalationLevel])).toEqual([
      ['alice', 1],
      ['alice', 1],
    ]);
    expect(retriggered.escalation).toMatchObject({ level: 1, nextDeadlineAt: new Date(clock.now().getTime() + 15 * MINUTE).toISOString() });

    const late = await open();
    await http().post(`/coordination/incidents/${late}/resolve`).set(as('alice')).send({}).expect(202);
    await later(1441);
    const problem = await conflict(post(late, 'reopen', { reason: 'too late' }), 'reopen_window_passed');
    expect(problem.detail).toContain('1440 min');
  });

  it('answers 404 for an unknown incident, 400 naming the field for a bad body and 409 naming it for a person who is not there', async () => {
    const unknown = newId();
    for (const [action, body] of [
      ['status', { status: 'investigating' }],
      ['mitigate', {}],
      ['reopen', { reason: 'x' }],
      ['escalate', {}],
      ['snooze', { until: '2030-01-01T00:00:00Z' }],
    ] as const) {
      const res = await post(unknown, action, body).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await http().put(`/coordination/incidents/${unknown}/roles/commander`).send({ personId: alice.personId }).expect(404);
    const id = await open();
    const badStatus = await post(id, 'status', { status: 'fixed' }).expect(400);
    expect(JSON.stringify(badStatus.body.errors)).toContain('status');
    expect((await post(id, 'reopen', {}).expect(400)).body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    expect((await post(id, 'reassign', { personId: alice.personId, teamId: alice.personId }).expect(400)).body.errors[0].field).toBe('teamId');
    expect((await post(id, 'reassign', { personId: newId() }).expect(409)).body).toMatchObject({
      code: 'unknown_reference',
      errors: [{ field: 'personId', reason: expect.stringContaining('unknown person') }],
    });
    expect((await post(id, 'responders', { personIds: [] }).expect(400)).body.errors[0].field).toBe('personIds');
    expect((await post(id, 'responders', { personIds: [newId()] }).expect(409)).body.errors[0].field).toBe('personIds.0');
    expect(await stored(id)).not.toContain('RespondersAdded');
  });

  it('roles: a P1 without a commander is flagged; assign, hand over and release, each an event; experts are a list; unknown person 409, unknown role 400', async () => {
    const id = await open('payments', 'P1');
    expect(await view(id)).toMatchObject({ roles: { commander: null, 'communications-lead': null, scribe: null, 'subject-matter-expert': [] }, flags: ['commander-missing'] });
    const roles = `/coordination/incidents/${id}/roles`;
    const unknown = await http().put(`${roles}/commander`).send({ personId: newId() }).expect(409);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'personId', reason: expect.stringContaining('unknown person') });
    expect((await http().put(`${roles}/captain`).send({ personId: alice.personId }).expect(400)).body.errors[0].field).toBe('role');

    await http().put(`${roles}/commander`).set(as('olga')).send({ personId: alice.personId }).expect(202);
    expect(await view(id)).toMatchObject({ roles: { commander: { personId: alice.personId, name: 'alice' } }, flags: [] });
    await conflict(http().put(`${roles}/commander`).send({ personId: alice.personId }), 'role_already_held');
    await http().put(`${roles}/commander`).send({ personId: bob.personId }).expect(202);
    await http().put(`${roles}/subject-matter-expert`).send({ personId: carol.personId }).expect(202);
    await http().put(`${roles}/subject-matter-expert`).send({ personId: olga.personId }).expect(202);
    await conflict(http().delete(`${roles}/scribe`), 'role_not_held');
    await conflict(http().delete(`${roles}/subject-matter-expert`), 'role_not_held');
    await http().delete(`${roles}/subject-matter-expert?personId=${carol.personId}`).expect(202);
    expect((await view(id)).roles).toMatchObject({ commander: { name: 'bob' }, 'subject-matter-expert': [{ personId: olga.personId, name: 'olga' }] });

    const events = (await coordination.store.readStream(`response-${id}`)).filter((e) => e.type.startsWith('IncidentRole'));
    expect(events.map((e) => [e.type, (e.data as { role: string }).role])).toEqual([
      ['IncidentRoleAssigned', 'commander'],
      ['IncidentRoleAssigned', 'commander'],
      ['IncidentRoleAssigned', 'subject-matter-expert'],
      ['IncidentRoleAssigned', 'subject-matter-expert'],
      ['IncidentRoleReleased', 'subject-matter-expert'],
    ]);
    expect(events[0].data).toMatchObject({ by: 'token:olga' });
    expect(events[1].data).toMatchObject({ personId: bob.personId, previousPersonId: alice.personId });

    await http().delete(`${roles}/commander`).expect(202);
    expect((await view(id)).flags).toEqual(['commander-missing']);
    expect((await view(await open('payments', 'P3'))).flags).toEqual([]);
  });

  it('snooze: only an acknowledged incident; when it ends on the durable timer, the responders are re-notified; unsnooze ends it quietly', async () => {
    const id = await open();
    const until = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE).toISOString();
    await conflict(post(id, 'snooze', { until: until(30) }), 'not_acknowledged');
    await http().post(`/coordination/incidents/${id}/acknowledge`).set(as('alice')).send({}).expect(202);
    expect((await post(id, 'snooze', { until: until(-1) }).expect(400)).body.errors[0].field).toBe('until');
    const due = until(30);
    await post(id, 'snooze', { until: due }).expect(202);
    expect((await view(id)).snoozedUntil).toBe(due);
    await later(29);
    expect((await view(id)).pages).toHaveLength(1);
    await later(1);
    const ended = await view(id);
    expect(ended.snoozedUntil).toBeNull();
    expect(ended.pages.map((p: { responder: string; reason: string }) => p.responder)).toEqual(['alice', 'alice']);
    expect(ended.pages[1].reason).toContain('snooze');
    expect((await stored(id)).filter((t) => t === 'IncidentSnoozeEnded')).toHaveLength(1);
    await later(1);
    expect((await view(id)).pages).toHaveLength(2);

    await post(id, 'snooze', { until: until(30) }).expect(202);
    await post(id, 'unsnooze').expect(202);
    await conflict(post(id, 'unsnooze'), 'not_snoozed');
    await later(45);
    expect((await view(id)).pages).toHaveLength(2);
  });

  it('escalate by hand pages the next level now; reassign pages the new team by its policy; add responders pages each person', async () => {
    const id = await open();
    const escalated = await post(id, 'escalate').expect(202);
    expect(escalated.body).toEqual({ level: 2, paged: ['bob'] });
    expect((await view(id)).pages.map((p: { responder: string; escalationLevel: number }) => [p.responder, p.escalationLevel])).toEqual([
      ['alice', 1],
      ['bob', 2],
    ]);

    await post(id, 'reassign', { teamId: (await http().get('/coordination/teams?limit=200')).body.items.find((t: { name: string }) => t.name === 'database').teamId }).expect(202);
    const reassigned = await view(id);
    expect(reassigned).toMatchObject({ status: 'triggered', team: 'database' });
    expect(reassigned.pages.at(-1)).toMatchObject({ responder: 'carol', escalationLevel: 1 });
    await later(60);
    // The old escalation stopped: its level 3 never comes; carol's level 1 deadline pages operations only after exhaustion.
    expect((await view(id)).pages.filter((p: { responder: string }) => p.responder === 'bob')).toHaveLength(1);

    await http().post(`/coordination/incidents/${id}/acknowledge`).send({ by: 'carol' }).expect(202);
    await conflict(post(id, 'escalate'), 'already_acknowledged');
    const added = await post(id, 'responders', { personIds: [alice.personId, olga.personId] }).expect(202);
    expect(added.body.pageIds).toHaveLength(2);
    const pages = (await view(id)).pages;
    expect(pages.slice(-2).map((p: { responder: string; reason: string }) => [p.responder, p.reason])).toEqual([
      ['alice', 'added to the response by token:alice'],
      ['olga', 'added to the response by token:alice'],
    ]);

    await post(id, 'reassign', { personId: bob.personId }).expect(202);
    expect((await view(id)).pages.at(-1)).toMatchObject({ responder: 'bob', escalationLevel: 1 });
    await http().post(`/coordination/incidents/${id}/resolve`).set(as('bob')).send({}).expect(202);
    await conflict(post(id, 'reassign', { personId: bob.personId }), 'already_resolved');
    await conflict(post(id, 'escalate'), 'already_resolved');
  });
});

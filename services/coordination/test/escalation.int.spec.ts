import { asAdmin } from '@linchpin/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { DeliveryAttemptFailedV1 } from '@linchpin/contracts';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { EscalationTimers } from '../src/application/escalation.timers';
import { triaged } from './support/triaged';

/*
 * The escalation engine end to end over HTTP: a real SQLite file, the in-process bus, a ManualClock
 * moved past each deadline and the timer driver's pass run (`driver.tick()`): no test sleeps.
 */

const MINUTE = 60_000;
let position = 9000;
const triagedTo = (incidentId: string, team: string, over: { escalationPolicy?: string; fallbackTeam?: string } = {}) =>
  triaged(incidentId, {
    route: { team, ruleId: 'by-team', ruleVersion: 2, ...(over.escalationPolicy ? { escalationPolicy: over.escalationPolicy } : {}) },
    ...(over.fallbackTeam ? { fallbackRoute: { team: over.fallbackTeam } } : {}),
  });
const person = (name: string) => ({
  name,
  timeZone: 'Europe/Berlin',
  contactMethods: [
    { kind: 'webhook', address: `https://hooks.example.com/${name}` },
    { kind: 'email', address: `${name}@example.com` },
  ],
});

interface Saved {
  personId: string;
  contactMethods: { id: string; kind: string }[];
}
interface Page {
  pageId: string;
  personId: string;
  responder: string;
  contactMethodId: string;
  escalationLevel: number;
  reason: string;
}

/** Everyone the tests page: one app, one clock that only moves forward. */
describe('escalation over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z'); // Tuesday 10:00 in Berlin
  const http = () => asAdmin(coordination.app.getHttpServer());
  const tick = () => coordination.app.get(EscalationTimers).driver.tick();
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await tick();
  };
  const incident = async (incidentId: string) => (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
  const pages = async (incidentId: string): Promise<Page[]> => (await incident(incidentId)).pages;
  const register = async (name: string): Promise<Saved> => (await http().post('/coordination/people').send(person(name)).expect(201)).body;
  const team = async (name: string, members: Saved[], extra: Record<string, unknown> = {}) =>
    http()
      .post('/coordination/teams')
      .send({ name, members: members.map((m, i) => ({ personId: m.personId, onCallOrder: i + 1 })), ...extra })
      .expect(201);
  const policy = async (body: Record<string, unknown>): Promise<string> => (await http().post('/coordination/escalation-policies').send(body).expect(201)).body.policyId;
  const open = async (teamName: string, over: { escalationPolicy?: string; fallbackTeam?: string } = {}) => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triagedTo(incidentId, teamName, over) }]);
    return incidentId;
  };

  let alice: Saved, bob: Saved, carol: Saved, olga: Saved;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    // These tests are about the escalation engine alone: no SLA targets, so no SLA breach escalates or re-notifies (sla-breach.int.spec.ts covers that).
    await asAdmin(coordination.app.getHttpServer()).put('/coordination/sla-targets').send({ targets: { P1: {}, P2: {}, P3: {}, P4: {}, P5: {} }, reason: 'no SLA targets in this test' }).expect(200);
    [alice, bob, carol, olga] = [await register('alice'), await register('bob'), await register('carol'), await register('olga')];
    await team('payments', [alice, bob]);
    await team('operations', [olga]);
  });

  afterAll(() => coordination.close());

  it('nobody acknowledges: level 1 is paged at once, level 2 at the deadline (15 min), not before, once', async () => {
    const incidentId = await open('payments');
    const first = await incident(incidentId);
    expect(first.pages).toEqual([expect.objectContaining({ personId: alice.personId, responder: 'alice', escalationLevel: 1, contactMethodId: alice.contactMethods[0].id })]);
    expect(first.escalation).toMatchObject({ source: 'team-default', version: 1, repeat: 0, level: 1, levels: 2, exhausted: false, nextDeadlineAt: '2026-03-03T09:15:00.000Z' });

    await later(14);
    expect(await pages(incidentId)).toHaveLength(1);

    await later(1);
    await tick(); // a second pass (another replica, a retry) fires nothing again
    const second = await incident(incidentId);
    expect(second.pages.map((p: Page) => [p.responder, p.escalationLevel])).toEqual([
      ['alice', 1],
      ['bob', 2],
    ]);
    expect(second.pages[1].reason).toContain('level 2 of 2');
    expect(second.escalation).toMatchObject({ level: 2, nextDeadlineAt: '2026-03-03T09:30:00.000Z', levelsReached: 2 });
    const stored = await coordination.store.readStream(`response-${incidentId}`);
    expect(stored.filter((e) => e.type === 'TimerFired')).toHaveLength(1);
  });

  it('an acknowledgement cancels the pending deadline: nobody else is paged', async () => {
    const incidentId = await open('payments');
    await http().post(`/coordination/incidents/${incidentId}/acknowledge`).send({ by: 'alice' }).expect(202);
    expect((await incident(incidentId)).escalation).toMatchObject({ nextDeadlineAt: null, level: 1 });
    await later(60);
    expect((await pages(incidentId)).map((p) => p.responder)).toEqual(['alice']);
    const types = (await coordination.store.readStream(`response-${incidentId}`)).map((e) => e.type);
    expect(types).toContain('TimerCancelled');
    expect(types).not.toContain('TimerFired');
  });

  it('a level with nobody on call (a schedule gap) is skipped at once with the reason, and the next level is paged', async () => {
    const { scheduleId } = (
      await http()
        .post('/coordination/schedules')
        .send({
          name: 'sunday mornings',
          timeZone: 'Europe/Berlin',
          layers: [{ name: 'sunday', participants: [carol.personId], rotation: 'weekly', start: '2026-03-01T09:00', restrictions: [{ days: ['sun'], start: '09:00', end: '10:00' }] }],
        })
        .expect(201)
    ).body;
    const policyId = await policy({
      name: 'gap then bob',
      levels: [
        { targets: [{ kind: 'schedule', id: scheduleId }], timeoutMinutes: 10 },
        { targets: [{ kind: 'person', id: bob.personId }], timeoutMinutes: 10 },
      ],
      repeat: 0,
    });
    const incidentId = await open('payments', { escalationPolicy: policyId });
    const view = await incident(incidentId);
    expect(view.pages.map((p: Page) => [p.responder, p.escalationLevel])).toEqual([['bob', 2]]);
    expect(view.escalation).toMatchObject({ policyId, source: 'policy', level: 2, levelsSkipped: 1, levelsReached: 1 });
    const skipped = (await coordination.store.readStream(`response-${incidentId}`)).find((e) => e.type === 'EscalationLevelSkipped');
    expect(skipped?.data).toMatchObject({ level: 1, reason: expect.stringContaining('schedule gap') });
  });

  it('a route may name its policy by name; an unknown one is said in the reason and the team’s policy is followed', async () => {
    await policy({ name: 'Carol First', levels: [{ targets: [{ kind: 'person', id: carol.personId }], timeoutMinutes: 5 }], repeat: 0 });
    const byName = await incident(await open('payments', { escalationPolicy: 'carol first' }));
    expect(byName.pages.map((p: Page) => p.responder)).toEqual(['carol']);
    const unknown = await incident(await open('payments', { escalationPolicy: 'no such policy' }));
    expect(unknown.pages.map((p: Page) => p.responder)).toEqual(['alice']);
    expect(unknown.pagedReason).toContain('"no such policy" is unknown or retired');
  });

  it('exhausted: the last deadline passes unacknowledged, EscalationExhausted, the default route’s team is paged once, and the view says so', async () => {
    const policyId = await policy({ name: 'carol twice', levels: [{ targets: [{ kind: 'person', id: carol.personId }], timeoutMinutes: 5 }], repeat: 1 });
    const incidentId = await open('payments', { escalationPolicy: policyId });
    await later(5);
    expect((await pages(incidentId)).map((p) => [p.responder, p.escalationLevel])).toEqual([
      ['carol', 1],
      ['carol', 2],
    ]);
    await later(5);
    await later(60);
    const view = await incident(incidentId);
    expect(view.pages.map((p: Page) => [p.responder, p.escalationLevel])).toEqual([
      ['carol', 1],
      ['carol', 2],
      ['olga', 3],
    ]);
    expect(view.pages[2].reason).toContain(`default route's team "operations"`);
    expect(view.escalation).toMatchObject({ exhausted: true, nextDeadlineAt: null, fallbackTeam: 'operations', levelsReached: 2 });
    const types = (await coordination.store.readStream(`response-${incidentId}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'EscalationExhausted')).toHaveLength(1);
  });

  it('an acknowledged incident left untouched past the acknowledgement timeout re-notifies who the last level paged, again and again until resolved', async () => {
    const policyId = await policy({ name: 'ack timeout', levels: [{ targets: [{ kind: 'person', id: bob.personId }], timeoutMinutes: 5 }], repeat: 0, acknowledgementTimeoutMinutes: 30 });
    const incidentId = await open('payments', { escalationPolicy: policyId });
    await http().post(`/coordination/incidents/${incidentId}/acknowledge`).send({ by: 'bob' }).expect(202);
    expect((await incident(incidentId)).escalation.acknowledgementTimeoutAt).not.toBeNull();
    await later(29);
    expect(await pages(incidentId)).toHaveLength(1);
    await later(1);
    const renotified = await pages(incidentId);
    expect(renotified.map((p) => p.responder)).toEqual(['bob', 'bob']);
    expect(renotified[1].reason).toContain('acknowledged and untouched for 30 min');
    await http().post(`/coordination/incidents/${incidentId}/resolve`).send({ by: 'bob' }).expect(202);
    await later(120);
    expect(await pages(incidentId)).toHaveLength(2);
  });

  it('a failed delivery attempt moves the person on to their next contact method at once; a second attempt of the same page does not', async () => {
    const incidentId = await open('payments');
    const [page] = await pages(incidentId);
    const failed = (attempt: number): RecordedEvent => ({
      ...DeliveryAttemptFailedV1.create(
        newId(),
        { deliveryId: newId(), kind: 'page', incidentId, pageId: page.pageId, attempt, error: 'HTTP 500', statusCode: 500, at: clock.now().toISOString() },
        { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:comms', occurredAt: clock.now().toISOString() },
      ),
      streamId: `delivery-${newId()}`,
      revision: 0,
      position: ++position,
      recordedAt: clock.now().toISOString(),
    });
    await coordination.bus.publish(topicOf('comms'), [{ key: incidentId, event: failed(1) }]);
    await coordination.bus.publish(topicOf('comms'), [{ key: incidentId, event: failed(2) }]);
    const after = await pages(incidentId);
    expect(after.map((p) => [p.responder, p.contactMethodId])).toEqual([
      ['alice', alice.contactMethods[0].id],
      ['alice', alice.contactMethods[1].id],
    ]);
    expect(after[1].reason).toContain('failed: notified at once through their next contact method');
  });
  it('explains a schedule-chosen page from history: policy, level, the schedule layer and version, who else was on call and why not them; 404 for an unknown page', async () => {
    clock.set('2026-03-04T09:30:00.000Z'); // Wednesday 10:30 in Berlin: business hours
    await tick();
    const { scheduleId } = (
      await http()
        .post('/coordination/schedules')
        .send({
          name: 'payments primary',
          timeZone: 'Europe/Berlin',
          layers: [
            { name: 'round the clock', participants: [carol.personId], rotation: 'weekly', start: '2026-03-02T09:00' },
            {
              name: 'business hours',
              participants: [alice.personId, bob.personId],
              rotation: 'daily',
              start: '2026-03-02T09:00',
              restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
            },
          ],
        })
        .expect(201)
    ).body;
    const policyId = await policy({ name: 'primary schedule', levels: [{ targets: [{ kind: 'schedule', id: scheduleId }], timeoutMinutes: 10 }], repeat: 0 });
    const onCall = (await http().get(`/coordination/schedules/${scheduleId}/oncall`).expect(200)).body;
    expect(onCall.layer).toBe(2);
    const incidentId = await open('payments', { escalationPolicy: policyId });
    const [page] = await pages(incidentId);
    expect(page.personId).toBe(onCall.personId);

    // Today's schedule changes (carol alone from now on) do not rewrite the answer: it is history.
    await http().put(`/coordination/schedules/${scheduleId}`).send({ name: 'payments primary', timeZone: 'Europe/Berlin', layers: [{ name: 'only carol', participants: [carol.personId], rotation: 'weekly', start: '2026-03-02T09:00' }] })
      .expect(200);

    const explained = (await http().get(`/coordination/pages/${page.pageId}/explain`).expect(200)).body;
    expect(explained).toMatchObject({
      pageId: page.pageId,
      incidentId,
      person: { personId: onCall.personId },
      contactMethod: { id: page.contactMethodId, kind: 'webhook' },
      escalationLevel: 1,
      cause: 'level',
      policy: { policyId, version: 1, name: 'primary schedule', source: 'policy' },
      repeat: 0,
      level: 1,
      target: { kind: 'schedule', id: scheduleId, version: 1, layer: 2, overrideId: null },
      schedule: { scheduleId, version: 1, layer: 2, personId: onCall.personId },
      skipped: [],
    });
    expect(explained.otherCandidates).toEqual([expect.objectContaining({ scheduleId, layer: 1, name: 'round the clock', personId: carol.personId })]);
    expect(explained.reason).toContain('business hours');

    const unknown = await http().get(`/coordination/pages/${newId()}/explain`).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    await http().get('/coordination/pages/not-a-uuid/explain').expect(400);
  });
});

describe('escalation across a restart: two app instances on one SQLite file', () => {
  it('fires a deadline that came due while the process was down once, whichever instance gets there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linchpin-escalation-'));
    const sqlitePath = join(dir, 'events.db');
    const start = (clock: ManualClock) => startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, sqlitePath, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    try {
      const first = await start(new ManualClock('2026-03-03T09:00:00.000Z'));
      const http = () => asAdmin(first.app.getHttpServer());
      const ids: string[] = [];
      for (const name of ['dora', 'eve']) ids.push((await http().post('/coordination/people').send(person(name)).expect(201)).body.personId);
      await http()
        .post('/coordination/teams')
        .send({ name: 'search', members: ids.map((personId, i) => ({ personId, onCallOrder: i + 1 })) })
        .expect(201);
      const incidentId = newId();
      await first.bus.publish(topicOf('triage'), [{ key: incidentId, event: triagedTo(incidentId, 'search') }]);
      await first.close();

      // Both come back an hour later: the deadline passed while nobody ran.
      const [one, two] = [await start(new ManualClock('2026-03-03T10:00:00.000Z')), await start(new ManualClock('2026-03-03T10:00:00.000Z'))];
      try {
        await Promise.all([one.app.get(EscalationTimers).driver.tick(), two.app.get(EscalationTimers).driver.tick()]);
        await Promise.all([one.app.get(EscalationTimers).driver.tick(), two.app.get(EscalationTimers).driver.tick()]);
        const stored = await one.store.readStream(`response-${incidentId}`);
        expect(stored.filter((e) => e.type === 'TimerFired')).toHaveLength(1);
        const view = (await asAdmin(two.app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
        expect(view.pages.map((p: Page) => [p.responder, p.escalationLevel])).toEqual([
          ['dora', 1],
          ['eve', 2],
        ]);
      } finally {
        await one.close();
        await two.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

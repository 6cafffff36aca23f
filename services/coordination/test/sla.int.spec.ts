import { ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentReprioritisedV1 } from '@linchpin/contracts';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { SlaTimers } from '../src/application/sla.timers';
import { ACTOR_TOKENS, as } from './support/actors';
import { triaged } from './support/triaged';

/*
 * SLA targets and clocks over HTTP: a real SQLite file, the in-process bus (coordination's relay
 * feeds its own `coordination.sla` group), a ManualClock moved past each due time and the SLA timer
 * driver's pass run (`driver.tick()`): no test sleeps for a deadline.
 */

const MINUTE = 60_000;
type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
let position = 20_000;
const recorded = <T extends { metadata: { occurredAt: string } }>(event: T, streamId: string): T & RecordedEvent =>
  ({ ...event, streamId, revision: 0, position: ++position, recordedAt: event.metadata.occurredAt }) as T & RecordedEvent;
const meta = (incidentId: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: new Date().toISOString() });

const reprioritised = (incidentId: string, from: Priority, to: Priority) =>
  recorded(
    IncidentReprioritisedV1.create(
      newId(),
      {
        incidentId,
        previous: { priority: from, severity: 'SEV3', impact: 3, urgency: 3 },
        priority: to,
        severity: 'SEV1',
        impact: 1,
        urgency: 1,
        trigger: 'override',
        reason: 'customers cannot pay',
        matrix: { id: 'default', version: 1 },
        rationale: ['override'],
        overridden: true,
        by: 'ops',
      },
      meta(incidentId),
    ),
    `triage-${incidentId}`,
  );

interface Clock {
  target: string;
  status: string;
  minutes: number | null;
  dueAt: string | null;
  elapsedSeconds: number;
  stoppedAt: string | null;
  breachedAt: string | null;
}

describe('SLA targets and clocks over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const tick = () => coordination.app.get(SlaTimers).driver.tick();
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await tick();
  };
  const minutesAfter = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * MINUTE).toISOString();
  const sla = async (incidentId: string) => (await http().get(`/coordination/incidents/${incidentId}/sla`).expect(200)).body;
  const clockOf = async (incidentId: string, target: string): Promise<Clock> => (await sla(incidentId)).clocks.find((c: Clock) => c.target === target);
  /** Waits for the relay and the `coordination.sla` group (the bus), never for a deadline. */
  const until = <T>(what: string, probe: () => Promise<T | undefined>) => eventually(what, probe, 10_000);
  const open = async (priority: Priority): Promise<string> => {
    const incidentId = newId();
    const severity = priority === 'P1' ? 'SEV1' : priority === 'P2' ? 'SEV2' : 'SEV3';
    const event = triaged(incidentId, { priority, severity, route: { team: 'payments', ruleId: 'by-team', ruleVersion: 2 }, title: 'Checkout is slow' });
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event }]);
    await until('the SLA clocks started', async () => ((await http().get(`/coordination/incidents/${incidentId}/sla`)).status === 200 ? true : undefined));
    return incidentId;
  };
  const stored = async (incidentId: string) => coordination.store.readStream(`incidentSla-${incidentId}`);
  const breaches = async (incidentId: string, target: string) => (await stored(incidentId)).filter((e) => e.type === 'SlaBreached' && (e.data as { target: string }).target === target);
  const counter = async (target: string, priority: Priority): Promise<number> => {
    const text = (await http().get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`linchpin_sla_breaches_total{target="${target}",priority="${priority}"}`));
    return Number(line?.split(' ').pop() ?? NaN);
  };
  const resolve = async (incidentId: string) => {
    await http().post(`/coordination/incidents/${incidentId}/resolve`).send({ by: 'alice' }).expect(202);
    // A breached clock is no longer 'running' before the resolve reaches it: wait for its stop, too.
    const stopped = (c: Clock) => c.status === 'not-applicable' || c.stoppedAt !== null;
    await until('every clock stopped', async () => ((await sla(incidentId)).clocks.every(stopped) ? true : undefined));
  };

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    const person = async (name: string) =>
      (await http().post('/coordination/people').send({ name, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body.personId;
    const [alice, olga] = [await person('alice'), await person('olga')];
    await http().post('/coordination/teams').send({ name: 'payments', members: [{ personId: alice, onCallOrder: 1 }] }).expect(201);
    await http().post('/coordination/teams').send({ name: 'operations', members: [{ personId: olga, onCallOrder: 1 }] }).expect(201);
  });

  afterAll(() => coordination.close());

  it('answers the built-in version 1 of the targets (P1 5/30/240, P2 15/60/480, P3 60/240/1440, P4 and P5 none)', async () => {
    const { body } = await http().get('/coordination/sla-targets').expect(200);
    expect(body).toEqual({
      policyId: 'default',
      version: 1,
      builtIn: true,
      reason: null,
      versionedAt: null,
      versionedBy: null,
      targets: {
        P1: { acknowledgeMinutes: 5, mitigateMinutes: 30, resolveMinutes: 240 },
        P2: { acknowledgeMinutes: 15, mitigateMinutes: 60, resolveMinutes: 480 },
        P3: { acknowledgeMinutes: 60, mitigateMinutes: 240, resolveMinutes: 1440 },
        P4: {},
        P5: {},
      },
    });
  });

  it('an incident opened at P1 runs its clocks from its first page; acknowledged within 5 minutes, the acknowledge clock is met, and stays met', async () => {
    const incidentId = await open('P1');
    const started = await sla(incidentId);
    expect(started).toMatchObject({ incidentId, slaVersion: 1, priority: 'P1', startedAt: clock.now().toISOString() });
    expect(started.clocks.map((c: Clock) => [c.target, c.status, c.dueAt])).toEqual([
      ['acknowledge', 'running', minutesAfter(started.startedAt, 5)],
      ['mitigate', 'running', minutesAfter(started.startedAt, 30)],
      ['resolve', 'running', minutesAfter(started.startedAt, 240)],
    ]);

    await later(3);
    expect(await clockOf(incidentId, 'acknowledge')).toMatchObject({ status: 'running', elapsedSeconds: 180 });
    await http().post(`/coordination/incidents/${incidentId}/acknowledge`).set(as('alice')).send({ by: 'alice' }).expect(202);
    await until('the acknowledge clock stopped', async () => ((await clockOf(incidentId, 'acknowledge')).status === 'met' ? true : undefined));

    await later(10);
    await tick();
    expect(await clockOf(incidentId, 'acknowledge')).toMatchObject({ status: 'met', stoppedAt: minutesAfter(started.startedAt, 3), elapsedSeconds: 180, breachedAt: null });
    expect(await breaches(incidentId, 'acknowledge')).toHaveLength(0);
    await resolve(incidentId);
  });

  it('a P2 resolve target that passes records SlaBreached once, loudly: the counter moves by one', async () => {
    const incidentId = await open('P2');
    const { startedAt } = await sla(incidentId);
    await http().post(`/coordination/incidents/${incidentId}/acknowledge`).send({ by: 'alice' }).expect(202);
    await until('acknowledged in time', async () => ((await clockOf(incidentId, 'acknowledge')).status === 'met' ? true : undefined));
    const before = await counter('resolve', 'P2');

    await later(479);
    expect(await clockOf(incidentId, 'resolve')).toMatchObject({ status: 'running' });
    await later(1);
    await tick(); // a second pass (another replica, a retry) records nothing again
    await tick();

    const resolveClock = await clockOf(incidentId, 'resolve');
    expect(resolveClock).toMatchObject({ status: 'breached', dueAt: minutesAfter(startedAt, 480), breachedAt: clock.now().toISOString(), stoppedAt: null });
    const [breach] = await breaches(incidentId, 'resolve');
    expect(await breaches(incidentId, 'resolve')).toHaveLength(1);
    expect(breach.data).toEqual({ incidentId, target: 'resolve', priority: 'P2', dueAt: minutesAfter(startedAt, 480), breachedAt: clock.now().toISOString(), slaVersion: 1 });
    expect(breach.metadata).toMatchObject({ incidentId, actor: 'system:coordination' });
    expect(await counter('resolve', 'P2')).toBe(before + 1);
    expect((await clockOf(incidentId, 'mitigate')).status).toBe('breached'); // 60 minutes passed long ago

    // Resolved late: the clock stops breached, and nothing is counted again.
    await resolve(incidentId);
    expect(await clockOf(incidentId, 'resolve')).toMatchObject({ status: 'breached', stoppedAt: clock.now().toISOString() });
    expect(await breaches(incidentId, 'resolve')).toHaveLength(1);
    expect(await counter('resolve', 'P2')).toBe(before + 1);
  });

  it('a re-prioritisation P3 → P1 re-targets the running clocks from the incident start; a target already passed breaches at once', async () => {
    const incidentId = await open('P3');
    const { startedAt } = await sla(incidentId);
    expect(await clockOf(incidentId, 'acknowledge')).toMatchObject({ dueAt: minutesAfter(startedAt, 60) });
    await later(10);

    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: reprioritised(incidentId, 'P3', 'P1') }]);
    await until('re-targeted', async () => ((await sla(incidentId)).priority === 'P1' ? true : undefined));
    const retargeted = await sla(incidentId);
    expect(retargeted.slaVersion).toBe(1);
    expect(retargeted.clocks.map((c: Clock) => [c.target, c.minutes, c.dueAt])).toEqual([
      ['acknowledge', 5, minutesAfter(startedAt, 5)],
      ['mitigate', 30, minutesAfter(startedAt, 30)],
      ['resolve', 240, minutesAfter(startedAt, 240)],
    ]);

    await tick();
    expect(await clockOf(incidentId, 'acknowledge')).toMatchObject({ status: 'breached' });
    expect((await breaches(incidentId, 'acknowledge')).map((e) => e.data)).toEqual([expect.objectContaining({ priority: 'P1', dueAt: minutesAfter(startedAt, 5) })]);
    expect(await clockOf(incidentId, 'mitigate')).toMatchObject({ status: 'running' });

    // The P3 timers were cancelled: the old acknowledge due time (60 min) passes with nothing more.
    await later(60);
    expect(await breaches(incidentId, 'acknowledge')).toHaveLength(1);
    const types = (await stored(incidentId)).map((e) => e.type);
    expect(types.filter((t) => t === 'TimerCancelled').length).toBeGreaterThanOrEqual(3);
    await resolve(incidentId);
  });

  it('a P4 incident runs no clock: every target not-applicable', async () => {
    const incidentId = await open('P4');
    expect((await sla(incidentId)).clocks.map((c: Clock) => c.status)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    await later(24 * 60);
    expect((await stored(incidentId)).filter((e) => e.type === 'SlaBreached')).toHaveLength(0);
    await resolve(incidentId);
  });

  it('refuses bad input with a problem naming the field, and an unknown incident with a 404', async () => {
    const bad = await http()
      .put('/coordination/sla-targets')
      .send({ targets: { P1: { acknowledgeMinutes: 0, mitigateMinutes: 30 }, P2: { acknowledgeMinutes: 20, mitigateMinutes: 10 }, P3: {}, P4: {} } })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'targets.P1.acknowledgeMinutes' }),
        expect.objectContaining({ field: 'targets.P2.mitigateMinutes' }),
        expect.objectContaining({ field: 'targets.P5' }),
      ]),
    );
    const missing = await http().put('/coordination/sla-targets').send({ reason: 'no targets' }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('targets');
    const version = await http().put('/coordination/sla-targets').send({ targets: {}, basedOnVersion: 0 }).expect(400);
    expect(version.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['basedOnVersion']));
    expect((await http().get('/coordination/sla-targets').expect(200)).body.version).toBe(1); // nothing stored

    await http().get(`/coordination/incidents/${newId()}/sla`).expect(404);
    await http().get('/coordination/incidents/not-a-uuid/sla').expect(400);
  });

  it('versions the targets: a new version applies to incidents opened after it; a stale basedOnVersion is a 409', async () => {
    const running = await open('P1');
    const targets = {
      P1: { acknowledgeMinutes: 2, mitigateMinutes: 20, resolveMinutes: 120 },
      P2: { acknowledgeMinutes: 15, mitigateMinutes: 60, resolveMinutes: 480 },
      P3: { acknowledgeMinutes: 60 },
      P4: { resolveMinutes: 10_080 },
      P5: {},
    };
    const changed = await http().put('/coordination/sla-targets').set(as('ops')).send({ targets, reason: 'faster P1', basedOnVersion: 1 }).expect(200);
    expect(changed.body).toMatchObject({ version: 2, changed: true, builtIn: false, targets, reason: 'faster P1', versionedBy: 'token:ops', versionedAt: clock.now().toISOString() });

    const stale = await http().put('/coordination/sla-targets').send({ targets: { ...targets, P5: { resolveMinutes: 20_000 } }, basedOnVersion: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'sla_targets_stale' });
    expect(JSON.stringify(stale.body)).toContain('basedOnVersion');
    const same = await http().put('/coordination/sla-targets').send({ targets, basedOnVersion: 2 }).expect(200);
    expect(same.body).toMatchObject({ version: 2, changed: false });
    expect((await http().get('/coordination/sla-targets/versions').expect(200)).body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    await later(1);
    const opened = await open('P1');
    expect(await sla(opened)).toMatchObject({ slaVersion: 2 });
    expect(await clockOf(opened, 'acknowledge')).toMatchObject({ minutes: 2 });
    // Clocks already running keep the version they started under.
    expect(await sla(running)).toMatchObject({ slaVersion: 1 });
    expect(await clockOf(running, 'acknowledge')).toMatchObject({ minutes: 5 });
    await resolve(running);
    await resolve(opened);
  });
});

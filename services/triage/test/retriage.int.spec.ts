import { generateApiToken } from '@linchpin/platform';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { asAdmin, authorized } from '@linchpin/testing';
import { IncidentAssessed, IncidentDetected } from '@linchpin/contracts';
import { InProcessBus, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { recorded, startTriage, TriageApp } from './support/triage-app';
import { TriageModule } from '../src';

const meta = (incidentId: string, at: string) => ({ incidentId, correlationId: incidentId, causationId: randomUUID(), actor: 'system:detection', occurredAt: at });

/** An incident on `service`, from one error alert, as detection publishes it. */
const detectedOn = (service: string, at: string) => {
  const incidentId = randomUUID();
  return recorded(
    IncidentDetected.create(
      randomUUID(),
      { incidentId, title: `High latency on ${service}`, severity: 'error', source: 'alertmanager', service, labels: { service }, alertId: randomUUID(), fingerprint: randomUUID(), firstSignalAt: at },
      meta(incidentId, at),
    ),
    at,
  );
};

/** Detection's assessment after `services` have alerts in the incident (impact from breadth, urgency 2: error). */
const assessment = (incidentId: string, services: string[], at: string, usersAffected?: number) =>
  recorded(
    IncidentAssessed.create(
      randomUUID(),
      {
        incidentId,
        impactedServices: [...services].sort(),
        alertCount: services.length,
        firingAlertCount: services.length,
        firstSignalAt: at,
        detectedAt: at,
        blastRadius: { services: services.length, alerts: services.length, ...(usersAffected !== undefined ? { usersAffected } : {}) },
        suggestedImpact: { level: services.length >= 3 ? 1 : services.length === 2 ? 2 : 3, reason: 'breadth' },
        suggestedUrgency: { level: 2, reason: 'error' },
      },
      meta(incidentId, at),
    ),
    at,
  );

const BOB = generateApiToken();
const ALICE = generateApiToken();
const RESPONDER = generateApiToken();
const BOB_ID = randomUUID();
const ALICE_ID = randomUUID();

describe('re-triage, overrides and what-if (SQLite store, in-process bus, real HTTP)', () => {
  let triage: TriageApp;
  let store: SqliteEventStore;
  let bus: InProcessBus;
  let app: INestApplication;
  const run = randomUUID().slice(0, 8);
  const name = (service: string) => `${service}-${run}`;

  beforeAll(async () => {
    triage = await startTriage(TriageModule, {
      apiTokens: {
        [BOB]: { roles: ['incident-manager'], personId: BOB_ID, name: 'bob' },
        [ALICE]: { roles: ['incident-manager'], personId: ALICE_ID, name: 'alice' },
        [RESPONDER]: { roles: ['responder'] },
      },
    });
    ({ app, store, bus } = triage);
    const http = asAdmin(app.getHttpServer());
    for (const service of [
      { name: name('checkout'), tier: 1, owningTeam: name('payments'), dependsOn: [name('payments-api')] },
      { name: name('payments-api'), tier: 2, owningTeam: name('payments'), dependsOn: [name('payments-db')] },
      { name: name('payments-db'), tier: 3, owningTeam: name('dba') },
      { name: name('search'), tier: 3, owningTeam: name('search') },
    ]) {
      await http.post('/triage/services').send(service).expect(201);
    }
  });

  afterAll(async () => triage?.close());

  const publish = (event: RecordedEvent) => bus.publish(topicOf('detection'), [{ key: event.metadata.incidentId!, event }]);
  const view = async (incidentId: string) => (await asAdmin(app.getHttpServer()).get(`/triage/incidents/${incidentId}`).expect(200)).body;
  const triageEvents = async (incidentId: string) => (await store.readStream(`triage-${incidentId}`)).map((e) => e.type);

  it('a P3 incident becomes P1 when a dependency of a tier-1 service joins it, with the path as the reason', async () => {
    const event = detectedOn(name('search'), '2026-02-01T10:00:00.000Z');
    const { incidentId } = event.data;
    await publish(event);
    await publish(assessment(incidentId, [name('search')], '2026-02-01T10:00:00.000Z'));
    expect(await view(incidentId)).toMatchObject({ priority: 'P3', impact: 3, urgency: 2, incidentSeverity: 'SEV3' });

    await publish(assessment(incidentId, [name('search'), name('payments-db')], '2026-02-01T10:05:00.000Z'));
    const raised = await view(incidentId);
    expect(raised).toMatchObject({ initialPriority: 'P3', priority: 'P1', impact: 1, incidentSeverity: 'SEV1', evidence: { criticalTier: 1 } });
    const reprioritised = (await store.readStream(`triage-${incidentId}`)).find((e) => e.type === 'IncidentReprioritised');
    expect(reprioritised?.data).toMatchObject({
      previous: { priority: 'P3' },
      priority: 'P1',
      trigger: 'dependency',
      reason: expect.stringContaining(`tier-1 service ${name('checkout')}`),
      overridden: false,
    });
  });

  it('an override needs a reason, holds against new evidence until cleared, and clearing lets the evidence decide', async () => {
    const event = detectedOn(name('search'), '2026-02-02T10:00:00.000Z');
    const { incidentId } = event.data;
    await publish(event);
    await publish(assessment(incidentId, [name('search')], '2026-02-02T10:00:00.000Z'));
    const http = asAdmin(app.getHttpServer());

    const missing = await http.post(`/triage/incidents/${incidentId}/priority`).send({ priority: 'P4' }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    // A blank reason is refused as a field (400), not by the override rule (it was a 409 reason-required).
    const blank = await http.post(`/triage/incidents/${incidentId}/priority`).send({ priority: 'P4', reason: '   ' }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'reason', reason: 'reason must not be blank' }]);
    const overridden = (await http.post(`/triage/incidents/${incidentId}/priority`).send({ priority: 'P4', reason: 'known flaky probe', by: 'alice' }).expect(200)).body;
    expect(overridden).toMatchObject({ priority: 'P4', incidentSeverity: 'SEV4', overridden: true });

    // The dependency joins: the evidence is recorded, the priority is not touched.
    await publish(assessment(incidentId, [name('search'), name('payments-db')], '2026-02-02T10:05:00.000Z'));
    expect(await view(incidentId)).toMatchObject({ priority: 'P4', overridden: true, evidence: { criticalTier: 1 } });
    expect((await triageEvents(incidentId)).filter((t) => t === 'IncidentReprioritised')).toHaveLength(1);

    const cleared = (await http.post(`/triage/incidents/${incidentId}/priority/clear`).send({ reason: 'probe fixed', by: 'alice' }).expect(200)).body;
    expect(cleared).toMatchObject({ priority: 'P1', overridden: false });
    await http.post(`/triage/incidents/${incidentId}/priority/clear`).send({}).expect(409);
  });

  it("records who overrode and who cleared as the token's person; a body's `by` is only on-behalf-of text, X-Actor nothing", async () => {
    const event = detectedOn(name('search'), '2026-02-03T10:00:00.000Z');
    const { incidentId } = event.data;
    await publish(event);
    await publish(assessment(incidentId, [name('search')], '2026-02-03T10:00:00.000Z'));
    const as = (token: string) => authorized(app.getHttpServer(), token);

    await as(BOB).post(`/triage/incidents/${incidentId}/priority`).set('X-Actor', 'mallory').send({ priority: 'P4', reason: 'known flaky probe' }).expect(200);
    await as(ALICE).post(`/triage/incidents/${incidentId}/priority/clear`).send({ reason: 'probe fixed', by: 'the database team' }).expect(200);
    await as(RESPONDER).post(`/triage/incidents/${incidentId}/priority`).send({ priority: 'P2', reason: 'not mine to decide' }).expect(403);

    const changes = (await store.readStream(`triage-${incidentId}`)).filter((e) => e.type === 'IncidentReprioritised');
    expect(changes.map((e) => [(e.data as { trigger: string }).trigger, (e.data as { by?: string }).by, e.metadata.actor, e.metadata.onBehalfOf])).toEqual([
      ['override', `person:${BOB_ID}`, `person:${BOB_ID}`, undefined],
      ['override-cleared', `person:${ALICE_ID}`, `person:${ALICE_ID}`, 'the database team'],
    ]);
    expect(changes[0].metadata).toMatchObject({ incidentId, correlationId: incidentId });
  });

  it('what-if replays the recorded history through a proposal, answers per incident and in totals, and writes nothing', async () => {
    const event = detectedOn(name('search'), '2026-03-01T09:00:00.000Z');
    await publish(event);
    await publish(assessment(event.data.incidentId, [name('search')], '2026-03-01T09:00:00.000Z'));
    const before = (await store.readAll()).length;
    const stricter = [
      ['P1', 'P1', 'P2', 'P3'],
      ['P1', 'P2', 'P3', 'P4'],
      ['P2', 'P2', 'P4', 'P5'],
      ['P3', 'P4', 'P5', 'P5'],
    ];
    const { body } = await asAdmin(app.getHttpServer())
      .post('/triage/simulate')
      .send({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', matrix: { cells: stricter }, routing: { rules: [], defaultRoute: { team: 'night-shift' } } })
      .expect(200);
    expect(body.incidents).toEqual([
      expect.objectContaining({
        incidentId: event.data.incidentId,
        actual: { initialPriority: 'P3', priority: 'P3', team: name('search') },
        simulated: { initialPriority: 'P2', priority: 'P2', team: 'night-shift' },
        changed: true,
      }),
    ]);
    expect(body.totals).toMatchObject({
      incidents: 1,
      changed: 1,
      byPriority: { P2: { actual: 0, simulated: 1, delta: 1 }, P3: { actual: 1, simulated: 0, delta: -1 } },
      pagesPerTeam: { [name('search')]: { actual: 1, simulated: 0, delta: -1 }, 'night-shift': { actual: 0, simulated: 1, delta: 1 } },
    });
    expect((await store.readAll()).length).toBe(before);

    const bad = await asAdmin(app.getHttpServer())
      .post('/triage/simulate')
      .send({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z', matrix: { cells: [['P1']] } })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['to']));
  });
});

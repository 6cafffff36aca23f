import { asAdmin } from '@linchpin/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  IncidentAcknowledged,
  IncidentAssessed,
  IncidentDetected,
  IncidentMerged,
  IncidentMitigated,
  IncidentReopened,
  IncidentResolved,
  IncidentStatusChanged,
  IncidentUnmerged,
  SlaBreached,
  SlaClocksStarted,
  SlaClockStopped,
} from '@linchpin/contracts';
import { EventEnvelope, EventMetadata, InProcessBus, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { recorded, startTriage, TriageApp } from './support/triage-app';
import { TriageModule } from '../src';

/*
 * Issue 13: triage's view and queue follow what coordination publishes about the response: its
 * lifecycle status, the mitigation, merges, and the SLA clocks. Coordination's events are published
 * into triage over the in-process bus, as coordination's relay would, in order per incident.
 */

const meta = (incidentId: string, at: string, actor = 'system:coordination'): EventMetadata => ({ incidentId, correlationId: incidentId, causationId: randomUUID(), actor, occurredAt: at });

/** One of coordination's events, as it arrives from the bus. */
const fromCoordination = <T extends string, D>(create: (id: string, data: D, metadata: EventMetadata) => EventEnvelope<T, D>, data: D & { incidentId: string }, at: string) =>
  recorded(create(randomUUID(), data, meta(data.incidentId, at)), at);

/** A critical incident on `team` (label), as detection publishes it. */
const detected = (team: string, at: string) => {
  const incidentId = randomUUID();
  return recorded(
    IncidentDetected.create(
      randomUUID(),
      { incidentId, title: 'Checkout down', severity: 'critical', source: 'prometheus', labels: { team }, alertId: randomUUID(), fingerprint: randomUUID(), firstSignalAt: at },
      meta(incidentId, at, 'system:detection'),
    ),
    at,
  );
};
const assessed = (event: ReturnType<typeof detected>) =>
  recorded(
    IncidentAssessed.create(
      randomUUID(),
      {
        incidentId: event.data.incidentId,
        impactedServices: [],
        alertCount: 1,
        firingAlertCount: 1,
        firstSignalAt: event.data.firstSignalAt,
        detectedAt: event.recordedAt,
        blastRadius: { services: 0, alerts: 1 },
        suggestedImpact: { level: 1, reason: 'test' },
        suggestedUrgency: { level: 1, reason: 'test' },
      },
      meta(event.data.incidentId, event.recordedAt, 'system:detection'),
    ),
    event.recordedAt,
  );

describe("triage follows coordination's response (SQLite store, in-process bus, real HTTP)", () => {
  let triage: TriageApp;
  let store: SqliteEventStore;
  let bus: InProcessBus;
  let app: INestApplication;
  const team = `team-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    triage = await startTriage(TriageModule);
    ({ app, store, bus } = triage);
  });

  afterAll(async () => triage?.close());

  // The in-process bus resolves publish once every group handled the message.
  const publish = (topic: string, event: RecordedEvent) => bus.publish(topicOf(topic), [{ key: event.metadata.incidentId!, event }]);
  const coordination = (event: RecordedEvent) => publish('coordination', event);
  const view = async (incidentId: string) => (await asAdmin(app.getHttpServer()).get(`/triage/incidents/${incidentId}`).expect(200)).body;
  const queue = async (status = 'all') => (await asAdmin(app.getHttpServer()).get(`/triage/queue?team=${team}&status=${status}`).expect(200)).body.items as Record<string, unknown>[];
  const inQueue = async (incidentId: string, status = 'all') => (await queue(status)).find((item) => item.incidentId === incidentId);
  /** A triaged P1 on `team`. */
  const opened = async (at: string): Promise<string> => {
    const event = detected(team, at);
    await publish('detection', event);
    await publish('detection', assessed(event));
    return event.data.incidentId;
  };

  it('follows the status: acknowledged, investigating, monitoring (and the mitigation), resolved, reopened; a redelivered old event moves nothing back', async () => {
    const incidentId = await opened('2026-03-01T10:00:00.000Z');
    expect(await view(incidentId)).toMatchObject({ status: 'triaged', mitigatedAt: null, mergedInto: null, sla: null });

    await coordination(fromCoordination(IncidentAcknowledged.create, { incidentId, by: 'alice' }, '2026-03-01T10:02:00.000Z'));
    const investigating = fromCoordination(IncidentStatusChanged.create, { incidentId, from: 'acknowledged', to: 'investigating', by: 'alice' }, '2026-03-01T10:05:00.000Z');
    await coordination(investigating);
    expect(await view(incidentId)).toMatchObject({ status: 'investigating' });
    expect(await inQueue(incidentId, 'open')).toMatchObject({ status: 'investigating' });
    expect(await inQueue(incidentId, 'investigating')).toBeDefined();

    await coordination(fromCoordination(IncidentMitigated.create, { incidentId, mitigatedAt: '2026-03-01T10:20:00.000Z', by: 'alice', note: 'rolled back' }, '2026-03-01T10:20:00.000Z'));
    await coordination(fromCoordination(IncidentStatusChanged.create, { incidentId, from: 'investigating', to: 'monitoring', by: 'alice' }, '2026-03-01T10:21:00.000Z'));
    expect(await view(incidentId)).toMatchObject({ status: 'monitoring', mitigatedAt: '2026-03-01T10:20:00.000Z' });

    await coordination(fromCoordination(IncidentResolved.create, { incidentId, by: 'alice' }, '2026-03-01T11:00:00.000Z'));
    expect(await view(incidentId)).toMatchObject({ status: 'resolved' });
    expect(await inQueue(incidentId, 'open')).toBeUndefined();

    // Reopened before anyone had acknowledged it again: back to triggered, which the queue shows as triaged (open).
    const reopened = fromCoordination(
      IncidentReopened.create,
      { incidentId, by: 'bob', reason: 'errors are back', status: 'triggered', resolvedAt: '2026-03-01T11:00:00.000Z', escalationRestarted: true },
      '2026-03-01T11:10:00.000Z',
    );
    await coordination(reopened);
    expect(await view(incidentId)).toMatchObject({ status: 'triaged', mitigatedAt: '2026-03-01T10:20:00.000Z' });
    expect(await inQueue(incidentId, 'open')).toMatchObject({ status: 'triaged' });

    // A consumer restart redelivers an older event, then the reopen again: neither moves the status.
    await coordination(investigating);
    await coordination(reopened);
    expect(await view(incidentId)).toMatchObject({ status: 'triaged' });

    const changes = (await store.readStream(`triage-${incidentId}`)).filter((e) => e.type === 'TriageStatusChanged');
    expect(changes.map((e) => [e.schemaVersion, (e.data as { status: string }).status])).toEqual([
      [2, 'acknowledged'],
      [2, 'investigating'],
      [2, 'monitoring'],
      [2, 'resolved'],
      [2, 'triggered'],
    ]);
  });

  it('leaves a merged incident out of the queue, points its view at the survivor, and brings it back on unmerge', async () => {
    const survivor = await opened('2026-03-02T10:00:00.000Z');
    const merged = await opened('2026-03-02T10:01:00.000Z');
    expect((await queue()).map((item) => item.incidentId)).toEqual(expect.arrayContaining([survivor, merged]));

    const merge = fromCoordination(IncidentMerged.create, { incidentId: merged, into: survivor, by: 'alice', reason: 'same outage' }, '2026-03-02T10:05:00.000Z');
    await coordination(merge);
    expect(await view(merged)).toMatchObject({ mergedInto: survivor });
    expect(await view(survivor)).toMatchObject({ mergedInto: null });
    for (const status of ['all', 'open', 'triaged']) expect(await inQueue(merged, status)).toBeUndefined();
    expect(await inQueue(survivor)).toBeDefined();

    await coordination(fromCoordination(IncidentUnmerged.create, { incidentId: merged, from: survivor, by: 'alice', reason: 'not the same after all' }, '2026-03-02T10:30:00.000Z'));
    // Redelivered, the merge is not news any more.
    await coordination(merge);
    expect(await view(merged)).toMatchObject({ mergedInto: null });
    expect(await inQueue(merged, 'open')).toMatchObject({ status: 'triaged' });
  });

  it('shows the SLA clocks: running, one met when it stops in time, one breached; the queue carries the soonest running due time', async () => {
    const incidentId = await opened('2026-03-03T10:00:00.000Z');
    expect(await inQueue(incidentId)).toMatchObject({ slaDueAt: null });

    const table = { P1: { acknowledgeMinutes: 5, mitigateMinutes: 30, resolveMinutes: 240 }, P2: {}, P3: {}, P4: {}, P5: {} };
    await coordination(
      fromCoordination(
        SlaClocksStarted.create,
        {
          incidentId,
          slaVersion: 2,
          priority: 'P1',
          startedAt: '2026-03-03T10:00:00.000Z',
          clocks: [
            { target: 'acknowledge', minutes: 5, dueAt: '2026-03-03T10:05:00.000Z' },
            { target: 'mitigate', minutes: 30, dueAt: '2026-03-03T10:30:00.000Z' },
            { target: 'resolve', minutes: 240, dueAt: '2026-03-03T14:00:00.000Z' },
          ],
          targets: table,
        },
        '2026-03-03T10:00:00.000Z',
      ),
    );
    const clock = (target: string, minutes: number, dueAt: string) => ({ target, minutes, dueAt, state: 'running', stoppedAt: null, breachedAt: null });
    expect((await view(incidentId)).sla).toEqual({
      slaVersion: 2,
      priority: 'P1',
      startedAt: '2026-03-03T10:00:00.000Z',
      clocks: [clock('acknowledge', 5, '2026-03-03T10:05:00.000Z'), clock('mitigate', 30, '2026-03-03T10:30:00.000Z'), clock('resolve', 240, '2026-03-03T14:00:00.000Z')],
    });
    expect(await inQueue(incidentId)).toMatchObject({ slaDueAt: '2026-03-03T10:05:00.000Z' });

    // Acknowledged in time: that clock is met and stops.
    await coordination(fromCoordination(IncidentAcknowledged.create, { incidentId, by: 'alice' }, '2026-03-03T10:03:00.000Z'));
    await coordination(
      fromCoordination(
        SlaClockStopped.create,
        { incidentId, target: 'acknowledge', cause: 'acknowledged', stoppedAt: '2026-03-03T10:03:00.000Z', outcome: 'met', dueAt: '2026-03-03T10:05:00.000Z' },
        '2026-03-03T10:03:00.000Z',
      ),
    );
    // Nobody mitigated it within 30 minutes: coordination records the breach.
    const breach = fromCoordination(
      SlaBreached.create,
      { incidentId, target: 'mitigate', priority: 'P1', dueAt: '2026-03-03T10:30:00.000Z', breachedAt: '2026-03-03T10:30:02.000Z', slaVersion: 2 },
      '2026-03-03T10:30:02.000Z',
    );
    await coordination(breach);
    await coordination(breach);

    const { sla, status } = await view(incidentId);
    expect(status).toBe('acknowledged');
    expect(sla.clocks).toEqual([
      { ...clock('acknowledge', 5, '2026-03-03T10:05:00.000Z'), state: 'met', stoppedAt: '2026-03-03T10:03:00.000Z' },
      { ...clock('mitigate', 30, '2026-03-03T10:30:00.000Z'), state: 'breached', breachedAt: '2026-03-03T10:30:02.000Z' },
      clock('resolve', 240, '2026-03-03T14:00:00.000Z'),
    ]);
    // Only the resolve clock still runs.
    expect(await inQueue(incidentId)).toMatchObject({ slaDueAt: '2026-03-03T14:00:00.000Z' });
    // Triage's own store holds what it shows (three facts: started, met, breached), on an internal stream.
    expect((await store.readStream(`responseNotes-${incidentId}`)).map((e) => [e.type, (e.data as { cause: string }).cause])).toEqual([
      ['TriageSlaNoted', 'SlaClocksStarted'],
      ['TriageSlaNoted', 'SlaClockStopped'],
      ['TriageSlaNoted', 'SlaBreached'],
    ]);
  });

  it('documents the new fields in OpenAPI, nullable ones with their type', async () => {
    const { schemas } = (await asAdmin(app.getHttpServer()).get('/openapi.json').expect(200)).body.components;
    const viewFields = schemas.TriageViewDto.properties;
    expect(viewFields.mitigatedAt).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(viewFields.mergedInto).toMatchObject({ type: 'string', format: 'uuid', nullable: true });
    expect(viewFields.sla).toMatchObject({ nullable: true, allOf: [{ $ref: '#/components/schemas/SlaDto' }] });
    expect(viewFields.status.enum).toEqual(['queued', 'triaged', 'unpaged', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved']);
    expect(schemas.TriageSlaClockDto.properties.state.enum).toEqual(['running', 'met', 'breached']);
    expect(schemas.TriageSlaClockDto.properties.stoppedAt).toMatchObject({ type: 'string', nullable: true });
    expect(schemas.QueueItemDto.properties.slaDueAt).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
  });
});

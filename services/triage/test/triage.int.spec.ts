import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { asAdmin } from '@linchpin/testing';
import { EscalationExhaustedV1, IncidentAcknowledged, IncidentAssessed, IncidentDetected } from '@linchpin/contracts';
import { InProcessBus, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { recorded, startTriage, TriageApp } from './support/triage-app';
import { TriageModule } from '../src';


const detected = (labels: Record<string, string>, severity: 'critical' | 'error' | 'warning' | 'info', recordedAt: string, title = 'something broke') => {
  const incidentId = randomUUID();
  return recorded(
    IncidentDetected.create(
      randomUUID(),
      {
        incidentId,
        title,
        severity,
        source: 'prometheus',
        ...(labels.service ? { service: labels.service } : {}),
        labels,
        alertId: randomUUID(),
        fingerprint: randomUUID(),
        firstSignalAt: recordedAt,
      },
      { incidentId, correlationId: incidentId, causationId: randomUUID(), actor: 'system:detection', occurredAt: recordedAt },
    ),
    recordedAt,
  );
};

const LEVEL: Record<string, 1 | 2 | 3 | 4> = { critical: 1, error: 2, warning: 3, info: 4 };

/** Detection's assessment of an incident, as it follows IncidentDetected on detection's topic; levels default to the severity's. */
const assessedFor = (event: ReturnType<typeof detected>, over: { impact?: 1 | 2 | 3 | 4; services?: string[]; usersAffected?: number } = {}) => {
  const { incidentId, severity, service, firstSignalAt } = event.data;
  const services = over.services ?? (service ? [service] : []);
  return recorded(
    IncidentAssessed.create(
      randomUUID(),
      {
        incidentId,
        impactedServices: services,
        alertCount: services.length || 1,
        firingAlertCount: services.length || 1,
        firstSignalAt,
        detectedAt: event.recordedAt,
        blastRadius: { services: services.length, alerts: services.length || 1, ...(over.usersAffected !== undefined ? { usersAffected: over.usersAffected } : {}) },
        suggestedImpact: { level: over.impact ?? LEVEL[severity], reason: 'test' },
        suggestedUrgency: { level: LEVEL[severity], reason: 'test' },
      },
      { incidentId, correlationId: incidentId, causationId: event.id, actor: 'system:detection', occurredAt: event.recordedAt },
    ),
    event.recordedAt,
  );
};

describe('triage over HTTP (SQLite store, in-process bus)', () => {
  let triage: TriageApp;
  let store: SqliteEventStore;
  let bus: InProcessBus;
  let app: INestApplication;

  beforeAll(async () => {
    triage = await startTriage(TriageModule);
    ({ app, store, bus } = triage);
  });

  afterAll(async () => triage?.close());

  // The in-process bus resolves publish once every group handled the message.
  const publish = (topic: string, event: RecordedEvent) => bus.publish(topicOf(topic), [{ key: event.metadata.incidentId!, event }]);
  const get = (path: string) => asAdmin(app.getHttpServer()).get(path);
  /** Detection publishes the incident, then (in the same append) its assessment. */
  const arrive = async (event: ReturnType<typeof detected>, over: Parameters<typeof assessedFor>[1] = {}) => {
    await publish('detection', event);
    await publish('detection', assessedFor(event, over));
  };

  it('an incident is queued on IncidentDetected and triaged on its assessment: priority, severity, route and rationale', async () => {
    const event = detected({ service: 'checkout', team: 'payments', impact: '2' }, 'critical', '2026-01-01T10:00:00.000Z', 'Checkout down');
    await publish('detection', event);
    expect((await get(`/triage/incidents/${event.data.incidentId}`).expect(200)).body).toMatchObject({ triaged: false, status: 'queued' });
    await publish('detection', assessedFor(event));
    const { body } = await get(`/triage/incidents/${event.data.incidentId}`).expect(200);
    expect(body).toMatchObject({
      incidentId: event.data.incidentId,
      title: 'Checkout down',
      triaged: true,
      priority: 'P1',
      initialPriority: 'P1',
      incidentSeverity: 'SEV1',
      overridden: false,
      impact: 2,
      urgency: 1,
      matrix: { id: 'itil-default', version: 1 },
      route: { team: 'payments', ruleId: 'routing-default/team-label', ruleVersion: 1 },
      status: 'triaged',
      detectedAt: '2026-01-01T10:00:00.000Z',
      service: 'checkout',
    });
    expect(body.rationale).toEqual([
      'Impact 2 (significant/large) from label impact="2".',
      'Urgency 1 (critical) from the most severe firing alert.',
      'Matrix itil-default v1: impact 2 × urgency 1 gives P1.',
      'Routing rule 1 "routing-default/team-label" of routing-default v1 fired (label team="payments"): team payments.',
    ]);
    expect(body.triagedAt).toEqual(expect.any(String));
  });

  it('redelivering the same message changes nothing', async () => {
    const event = detected({ service: 'search' }, 'warning', '2026-01-01T11:00:00.000Z');
    const assessment = assessedFor(event);
    await publish('detection', event);
    await publish('detection', assessment);
    const stream = `triage-${event.data.incidentId}`;
    const before = await store.readStream(stream);
    expect(before.map((e) => e.type)).toEqual(['IncidentQueued', 'IncidentReassessed', 'IncidentTriaged']);
    await publish('detection', event);
    await publish('detection', structuredClone(assessment));
    expect(await store.readStream(stream)).toEqual(before);
  });

  it('an unknown incident is a 404 problem', async () => {
    const response = await get(`/triage/incidents/${randomUUID()}`).expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  describe('the queue', () => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      // Published out of order on purpose: the queue orders by priority, then detectedAt.
      const incidents = {
        p3old: detected({ team, impact: '1', urgency: '4' }, 'info', '2026-01-02T08:00:00.000Z'),
        p1new: detected({ team }, 'critical', '2026-01-02T09:30:00.000Z'),
        p3new: detected({ team, impact: '2', urgency: '3' }, 'info', '2026-01-02T09:00:00.000Z'),
        p1old: detected({ team }, 'critical', '2026-01-02T07:00:00.000Z'),
        other: detected({ team: `${team}-other` }, 'critical', '2026-01-02T06:00:00.000Z'),
      };
      for (const [name, event] of Object.entries(incidents)) {
        ids[name] = event.data.incidentId;
        await arrive(event);
      }
    });

    it('orders by priority then age and filters by team', async () => {
      const { body } = await get(`/triage/queue?team=${team}`).expect(200);
      expect(body.items.map((i: { incidentId: string }) => i.incidentId)).toEqual([ids.p1old, ids.p1new, ids.p3old, ids.p3new]);
      expect(body.items[0]).toEqual({
        incidentId: ids.p1old,
        priority: 'P1',
        triaged: true,
        // Coordination has not said whether anyone was paged (no coordination here).
        paged: null,
        pagedReason: null,
        escalationExhausted: false,
        title: 'something broke',
        team,
        service: null,
        severity: 'critical',
        status: 'triaged',
        detectedAt: '2026-01-02T07:00:00.000Z',
        // Coordination has started no SLA clock (no coordination here).
        slaDueAt: null,
      });
      expect(body.nextCursor).toBeNull();
    });

    it('pages with an opaque cursor', async () => {
      const first = (await get(`/triage/queue?team=${team}&limit=3`).expect(200)).body;
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await get(`/triage/queue?team=${team}&limit=3&cursor=${encodeURIComponent(first.nextCursor)}`).expect(200)).body;
      expect(second.items.map((i: { incidentId: string }) => i.incidentId)).toEqual([ids.p3new]);
      expect(second.nextCursor).toBeNull();
    });

    it('learns acknowledgement and resolution from coordination', async () => {
      const ack = (incidentId: string) =>
        recorded(
          IncidentAcknowledged.create(randomUUID(), { incidentId, by: 'alice' }, { incidentId, correlationId: incidentId, causationId: randomUUID(), actor: 'user:alice', occurredAt: '2026-01-02T10:00:00.000Z' }),
          '2026-01-02T10:00:00.000Z',
        );
      await publish('coordination', ack(ids.p1old));
      const resolved = recorded(
        { id: randomUUID(), type: 'IncidentResolved', schemaVersion: 1, data: { incidentId: ids.p1new, by: 'bob' }, metadata: { incidentId: ids.p1new, correlationId: ids.p1new, causationId: 'x', actor: 'user:bob', occurredAt: '2026-01-02T10:05:00.000Z' } },
        '2026-01-02T10:05:00.000Z',
      );
      await publish('coordination', resolved);
      await publish('coordination', resolved);

      const open = (await get(`/triage/queue?team=${team}`).expect(200)).body.items;
      expect(open.map((i: { incidentId: string; status: string }) => [i.incidentId, i.status])).toEqual([
        [ids.p1old, 'acknowledged'],
        [ids.p3old, 'triaged'],
        [ids.p3new, 'triaged'],
      ]);
      const done = (await get(`/triage/queue?team=${team}&status=resolved`).expect(200)).body.items;
      expect(done.map((i: { incidentId: string }) => i.incidentId)).toEqual([ids.p1new]);
      expect((await get(`/triage/queue?team=${team}&status=all`).expect(200)).body.items).toHaveLength(4);
      const changes = (await store.readStream(`triage-${ids.p1new}`)).filter((e) => e.type === 'TriageStatusChanged');
      expect(changes.map((e) => e.data)).toEqual([{ incidentId: ids.p1new, status: 'resolved', cause: 'IncidentResolved', by: 'bob' }]);
    });

    it('flags an incident whose escalation coordination exhausted (EscalationExhausted), in its view and the queue, once', async () => {
      const exhausted = recorded(
        EscalationExhaustedV1.create(
          randomUUID(),
          {
            incidentId: ids.p3old,
            policy: { policyId: randomUUID(), version: 1, name: 'payments primary' },
            levelsReached: 2,
            levelsSkipped: 0,
            fallbackTeam: 'operations',
            reason: 'policy "payments primary" v1 exhausted: paging the default route\'s team "operations"',
          },
          { incidentId: ids.p3old, correlationId: ids.p3old, causationId: randomUUID(), actor: 'system:coordination', occurredAt: '2026-01-02T11:00:00.000Z' },
        ),
        '2026-01-02T11:00:00.000Z',
      );
      expect((await get(`/triage/incidents/${ids.p3old}`).expect(200)).body.escalationExhausted).toBe(false);
      await publish('coordination', exhausted);
      await publish('coordination', exhausted);
      expect((await get(`/triage/incidents/${ids.p3old}`).expect(200)).body.escalationExhausted).toBe(true);
      const queue = (await get(`/triage/queue?team=${team}`).expect(200)).body.items;
      expect(queue.find((i: { incidentId: string }) => i.incidentId === ids.p3old)).toMatchObject({ escalationExhausted: true });
      expect(queue.find((i: { incidentId: string }) => i.incidentId === ids.p3new)).toMatchObject({ escalationExhausted: false });
      const noted = (await store.readStream(`triage-${ids.p3old}`)).filter((e) => e.type === 'TriageEscalationExhaustedNoted');
      expect(noted).toHaveLength(1);
    });

    it('flags an incident received but not triaged, first in the queue', async () => {
      // An incident whose triage failed: only the receipt is stored.
      const incidentId = randomUUID();
      await store.append(
        `triage-${incidentId}`,
        [
          {
            id: randomUUID(),
            type: 'IncidentQueued',
            schemaVersion: 1,
            data: { incidentId, title: 'stuck', severity: 'error', source: 's', labels: {}, detectedAt: '2026-01-03T00:00:00.000Z', firstSignalAt: '2026-01-03T00:00:00.000Z' },
            metadata: { incidentId, correlationId: incidentId, causationId: 'x', actor: 'system:triage', occurredAt: '2026-01-03T00:00:00.000Z' },
          },
        ],
        'no_stream',
      );
      const items = (await get('/triage/queue').expect(200)).body.items;
      expect(items[0]).toMatchObject({ incidentId, triaged: false, priority: null, team: null, status: 'queued' });
      expect((await get(`/triage/incidents/${incidentId}`).expect(200)).body).toMatchObject({ triaged: false, priority: null, rationale: [] });
    });
  });

  it.each([
    ['status=closed', 'status'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['colour=red', 'colour'],
  ])('bad query %s → 400 problem naming %s', async (query, field) => {
    const response = await get(`/triage/queue?${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

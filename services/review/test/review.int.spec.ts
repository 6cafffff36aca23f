import { INestApplication } from '@nestjs/common';
import { asAdmin } from '@linchpin/testing';
import { EVENT_STORE, EventStore, InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { StatusUpdatePostedV1, StatusUpdatePostedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

let position = 0;
const base = Date.parse('2026-02-01T10:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();

/** A foreign event as the bus carries it, recorded by its context `seconds` after `base`. */
const recorded = (incidentId: string, context: string, type: string, data: Record<string, unknown>, seconds: number, actor = `system:${context}`): RecordedEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data: { incidentId, ...data },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: at(seconds) },
  streamId: `${context}-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: at(seconds),
});

describe('review over HTTP (SQLite + in-process bus)', () => {
  let app: INestApplication;
  let bus: InProcessBus;
  let review: ServiceApp;
  const publish = (context: string, event: RecordedEvent) => bus.publish(topicOf(context), [{ key: event.metadata.incidentId!, event }]);

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule });
    ({ app, bus } = review);
  });

  afterAll(() => review.close());

  it('builds an ordered timeline from every context, rebuilds the state as of a moment, and ignores redelivery', async () => {
    const incidentId = newId();
    // Whole events, as their contexts publish them: review checks each against its contract.
    const alertId = newId();
    const steps = [
      recorded(incidentId, 'detection', 'AlertFired', {
        alertId, fingerprint: 'fp-1', severity: 'critical', source: 'prometheus', summary: 'errors > 5%', labels: { service: 'checkout' }, startsAt: at(0),
      }, 0, 'integration:prometheus'),
      recorded(incidentId, 'detection', 'IncidentDetected', {
        title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: { service: 'checkout' }, alertId, fingerprint: 'fp-1', firstSignalAt: at(0),
      }, 0),
      recorded(incidentId, 'triage', 'IncidentTriaged', {
        priority: 'P1', impact: 1, urgency: 1, matrix: { id: 'default', version: 1 }, route: { team: 'payments', ruleId: 'r-1', ruleVersion: 1 },
        title: 'Checkout errors', rationale: ['critical on a tier-1 service'],
      }, 1),
      recorded(incidentId, 'coordination', 'ResponderPaged', {
        pageId: newId(), teamId: newId(), team: 'payments', responder: { name: 'alice', webhookUrl: 'http://127.0.0.1:9/alice' }, priority: 'P1',
        title: 'Checkout errors', escalationLevel: 1, reason: 'first on call',
      }, 2),
      recorded(incidentId, 'coordination', 'IncidentAcknowledged', { by: 'alice' }, 4, 'user:alice'),
      recorded(incidentId, 'comms', 'StatusUpdatePosted', { updateId: newId(), status: 'identified', message: 'bad deploy' }, 6),
      recorded(incidentId, 'coordination', 'IncidentResolved', { by: 'alice', resolution: 'rolled back' }, 8),
    ];
    // Contexts deliver independently: the status update arrives before the coordination events.
    const arrival = [0, 1, 2, 5, 3, 4, 6];
    for (const i of arrival) await publish(steps[i].streamId.split('-')[0], steps[i]);
    await publish('coordination', steps[4]); // redelivery

    const timeline = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).expect(200)).body;
    expect(timeline.incidentId).toBe(incidentId);
    expect(timeline.entries.map((e: { type: string }) => e.type)).toEqual([
      'AlertFired',
      'IncidentDetected',
      'IncidentTriaged',
      'ResponderPaged',
      'IncidentAcknowledged',
      'StatusUpdatePosted',
      'IncidentResolved',
    ]);
    expect(timeline.entries[4]).toEqual({ at: at(4), recordedAt: at(4), occurredAt: at(4), context: 'coordination', type: 'IncidentAcknowledged', actor: 'user:alice', summary: 'Acknowledged by alice', eventId: steps[4].id });
    const stored = await app.get<EventStore>(EVENT_STORE).readStream(`timeline-${incidentId}`);
    expect(stored).toHaveLength(7);

    const between = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).query({ at: at(5) }).expect(200)).body;
    expect(between.asOf).toBe(at(5));
    expect(between.state).toMatchObject({
      status: 'acknowledged',
      title: 'Checkout errors',
      severity: 'critical',
      priority: 'P1',
      team: 'payments',
      alertCount: 1,
      acknowledgedBy: 'alice',
      resolvedBy: null,
      lastUpdate: null,
    });
    expect(between.state.paged).toEqual([{ responder: 'alice', team: 'payments', at: at(2) }]);
    expect(between.entries.map((e: { type: string }) => e.type)).not.toContain('IncidentResolved');
    expect(between.entries).toHaveLength(5);

    const end = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline?at=${encodeURIComponent(at(60))}`).expect(200)).body;
    expect(end.state).toMatchObject({ status: 'resolved', resolvedBy: 'alice', lastUpdate: { status: 'identified', phase: 'identified', audience: 'public', message: 'bad deploy' } });
  });

  it('shows a batch of repeats as one entry with its count (v2), a v1 repeat as one occurrence, and keeps no raw samples', async () => {
    const incidentId = newId();
    const alertId = newId();
    const signalIds = [newId(), newId(), newId()];
    const repeats = {
      alertId,
      fingerprint: 'f'.repeat(32),
      occurrences: 7,
      receivedSummary: 'Checkout error rate above 5%',
      count: 3,
      firstSeenAt: at(2),
      lastSeenAt: at(3),
      signalIds,
      samples: [{ signalId: signalIds[0], raw: '{"labels":{"alertname":"HighErrorRate"}}', rawTruncated: false }],
    };
    await publish('detection', recorded(incidentId, 'alert', 'AlertDeduplicated', { alertId, fingerprint: 'f'.repeat(32), occurrences: 4, receivedSummary: 'Checkout error rate above 5%' }, 1));
    await publish('detection', { ...recorded(incidentId, 'alert', 'AlertDeduplicated', repeats, 3), schemaVersion: 2 });

    const timeline = await eventually('both repeats on the timeline', async () => {
      const body = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`)).body;
      return body.entries?.length === 2 ? body : undefined;
    });
    expect(timeline.entries.map((e: { summary: string }) => e.summary)).toEqual([
      'Alert fired again (occurrence 4): Checkout error rate above 5%',
      'Alert fired again 3 times (occurrences 5 to 7): Checkout error rate above 5%',
    ]);
    const stored = await app.get<EventStore>(EVENT_STORE).readStream(`timeline-${incidentId}`);
    expect(JSON.stringify(stored)).not.toContain('HighErrorRate');
  });

  it('shows each status update on the timeline with its audience, phase, impact and eta (v2; a v1 update reads as public)', async () => {
    const incidentId = newId();
    const meta = (seconds: number) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor: 'token:carol', occurredAt: at(seconds) });
    const asRecorded = (event: ReturnType<typeof StatusUpdatePostedV2.create> | ReturnType<typeof StatusUpdatePostedV1.create>, seconds: number): RecordedEvent => ({
      ...event,
      streamId: `comms-${incidentId}`,
      revision: seconds,
      position: ++position,
      recordedAt: at(seconds),
    });
    const v2 = (audience: 'responders' | 'internal' | 'public', status: 'investigating' | 'identified', message: string, seconds: number, eta: string | null = null) =>
      asRecorded(StatusUpdatePostedV2.create(newId(), { incidentId, updateId: newId(), audience, status, message, impact: 'major', eta, template: { id: status, version: 1 } }, meta(seconds)), seconds);
    await publish('comms', v2('responders', 'investigating', 'db-7 pool exhausted', 1));
    await publish('comms', v2('internal', 'identified', 'Failing over', 2, '2026-02-01T12:00:00.000Z'));
    await publish('comms', asRecorded(StatusUpdatePostedV1.create(newId(), { incidentId, updateId: newId(), status: 'identified', message: 'We found it' }, meta(3)), 3));

    const timeline = await eventually('the three updates on the timeline', async () => {
      const body = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`)).body;
      return body.entries?.length === 3 ? body : undefined;
    });
    expect(timeline.entries.map((e: { summary: string; statusUpdate: unknown }) => [e.summary, e.statusUpdate])).toEqual([
      ['Status update for responders (investigating, major impact): db-7 pool exhausted', { audience: 'responders', phase: 'investigating', impact: 'major', eta: null }],
      [
        'Internal status update (identified, major impact, eta 2026-02-01T12:00:00.000Z): Failing over',
        { audience: 'internal', phase: 'identified', impact: 'major', eta: '2026-02-01T12:00:00.000Z' },
      ],
      ['Public status update (identified): We found it', { audience: 'public', phase: 'identified', impact: 'none', eta: null }],
    ]);
    const then = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).query({ at: at(2) }).expect(200)).body;
    expect(then.state.lastUpdate).toEqual({ status: 'identified', phase: 'identified', audience: 'internal', message: 'Failing over', at: at(2) });
  });

  it("shows a summary quoting a webhook URL without its credentials; the entry keeps what the event said", async () => {
    const incidentId = newId();
    const error = 'connect ECONNREFUSED https://hook:s3cret@hooks.example.com/page?token=t0k3n&team=sre';
    await publish('comms', recorded(incidentId, 'comms', 'DeliveryAttemptFailed', { deliveryId: newId(), kind: 'page', attempt: 1, error, at: at(3) }, 3));
    const timeline = await eventually('the failed attempt on the timeline', async () => {
      const body = (await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`)).body;
      return body.entries?.length ? body : undefined;
    });
    expect(timeline.entries[0].summary).toBe('Page attempt 1 failed: connect ECONNREFUSED https://***@hooks.example.com/page?token=***&team=sre');
    const [entry] = await app.get<EventStore>(EVENT_STORE).readStream(`timeline-${incidentId}`);
    expect(JSON.stringify(entry.data)).toContain('s3cret');
  });

  it('ignores events without an incident, 404s an unknown incident and 400s a bad `at`', async () => {
    const team = { teamId: newId(), name: 'x', members: [], autoResolve: true };
    await publish('coordination', { ...recorded(newId(), 'team', 'TeamCreated', team, 0), metadata: { correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: at(0) }, data: team, schemaVersion: 2 });
    expect(bus.deadLetters).toEqual([]);
    const unknown = await asAdmin(app.getHttpServer()).get(`/review/incidents/${newId()}/timeline`).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');

    const incidentId = newId();
    await publish('detection', recorded(incidentId, 'detection', 'IncidentDetected', {
      title: 't', severity: 'info', source: 's', labels: {}, alertId: newId(), fingerprint: 'f', firstSignalAt: at(0),
    }, 0));
    await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).expect(200);
    const bad = await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline?at=yesterday`).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
    // A 30 February is no moment: refused, not read as 2 March.
    const impossible = await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline?at=2026-02-30T00:32:43Z`).expect(400);
    expect(impossible.body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
  });
});

import { INestApplication } from '@nestjs/common';
import { CheckpointStore, EventStore, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { asAdmin, bearer, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { DETECTION_SERVICE, DetectionModule } from '../src';
import { detectionStream } from '../src/domain/streams';

/**
 * The real SQLite store, with a few milliseconds between reading a stream and getting the answer,
 * as a networked store has. Without it the synchronous driver lets each request read and append
 * before the next one reads, and identical alerts would never race for the fingerprint's stream
 * (with it, this test fails if the handler does not retry on a revision conflict).
 */
const withReadLatency = (store: SqliteEventStore): EventStore & CheckpointStore => {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 5)));
  return Object.assign(Object.create(store) as SqliteEventStore, {
    readStream: async (stream: string, from?: number) => {
      const events = await store.readStream(stream, from);
      await pause();
      return events;
    },
  });
};


describe('detection over HTTP (SQLite store, in-process bus)', () => {
  let detection: ServiceApp;
  let store: SqliteEventStore;
  let app: INestApplication;
  let published: PublishedEvent[];

  beforeAll(async () => {
    detection = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule, observe: [topicOf('detection')] });
    ({ store, app, published } = detection);
  });

  afterAll(() => detection?.close());

  const post = (body: object) => asAdmin(app.getHttpServer()).post('/detection/alerts').send(body);
  const alert = (run: string, extra: object = {}) => ({
    source: 'prometheus',
    summary: `Checkout error rate above 5% (${run})`,
    severity: 'critical',
    labels: { alertname: 'HighErrorRate', service: 'checkout', run },
    startsAt: '2026-01-01T10:00:00Z',
    ...extra,
  });
  const incidentEvents = async (incidentId: string) => store.readStream(detectionStream(incidentId));

  it('a new alert opens an incident: 202 once AlertFired is stored; the incident stream follows and is published', async () => {
    const response = await post(alert('new')).expect(202);
    expect(response.body).toMatchObject({ deduplicated: false, status: 'firing', outcome: 'opened' });
    const { alertId, incidentId, fingerprint } = response.body;
    expect(alertId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect((await store.readStream(`alert-${fingerprint}`)).map((e) => e.type)).toEqual(['SignalReceived', 'AlertFired']);

    const detected = await eventually('the incident stream to be written', async () => {
      const events = await incidentEvents(incidentId);
      return events.length >= 3 ? events : undefined;
    });
    expect(detected.map((e) => e.type)).toEqual(['IncidentDetected', 'AlertJoinedIncident', 'IncidentAssessed']);
    expect(detected[0].data).toMatchObject({
      incidentId,
      alertId,
      title: 'Checkout error rate above 5% (new)',
      severity: 'critical',
      source: 'prometheus',
      service: 'checkout',
      firstSignalAt: '2026-01-01T10:00:00.000Z',
    });
    await eventually('the relay to publish IncidentDetected', async () =>
      published.find((e) => e.type === 'IncidentDetected' && e.metadata.incidentId === incidentId),
    );
  });

  it('the same alert while firing is deduplicated: same ids, no second incident', async () => {
    const first = (await post(alert('dup')).expect(202)).body;
    const again = (await post(alert('dup', { summary: 'wording changed', labels: { run: 'dup', service: 'checkout', alertname: 'HighErrorRate' } })).expect(202)).body;
    expect(again).toMatchObject({ alertId: first.alertId, incidentId: first.incidentId, fingerprint: first.fingerprint, deduplicated: true, outcome: 'deduplicated' });
    expect(again.reason).toContain(`deduplicated into alert ${first.alertId} by fingerprint ${first.fingerprint}`);
    await eventually('the incident stream', async () => ((await incidentEvents(first.incidentId)).length >= 1 ? true : undefined));
    expect((await incidentEvents(first.incidentId)).filter((e) => e.type === 'IncidentDetected')).toHaveLength(1);

    const alerts = await asAdmin(app.getHttpServer()).get(`/detection/incidents/${first.incidentId}/alerts`).expect(200);
    expect(alerts.body).toEqual({
      incidentId: first.incidentId,
      alerts: [
        expect.objectContaining({
          alertId: first.alertId,
          fingerprint: first.fingerprint,
          status: 'firing',
          occurrences: 2,
          severity: 'critical',
          labels: { alertname: 'HighErrorRate', service: 'checkout', run: 'dup' },
          startsAt: '2026-01-01T10:00:00.000Z',
        }),
      ],
    });
    const one = await asAdmin(app.getHttpServer()).get(`/detection/alerts/${first.alertId}`).expect(200);
    expect(one.body).toMatchObject({ alertId: first.alertId, incidentId: first.incidentId, occurrences: 2 });
  });

  it('a dedupKey is the fingerprint; resolve then fire again opens a new incident', async () => {
    const first = (await post(alert('rekey', { dedupKey: 'checkout/5xx' })).expect(202)).body;
    expect(first.fingerprint).toBe('checkout/5xx');
    const resolved = (await post(alert('rekey', { dedupKey: 'checkout/5xx', status: 'resolved', endsAt: '2026-01-01T10:30:00Z' })).expect(202)).body;
    expect(resolved).toMatchObject({ alertId: first.alertId, incidentId: first.incidentId, status: 'resolved' });
    expect(resolved.note).toBeUndefined();
    const repeated = (await post(alert('rekey', { dedupKey: 'checkout/5xx', status: 'resolved' })).expect(202)).body;
    expect(repeated).toMatchObject({ outcome: 'ignored', note: `alert ${first.alertId} is already resolved` });

    const view = await asAdmin(app.getHttpServer()).get(`/detection/alerts/${first.alertId}`).expect(200);
    expect(view.body).toMatchObject({ status: 'resolved', endsAt: '2026-01-01T10:30:00.000Z' });

    const refired = (await post(alert('rekey', { dedupKey: 'checkout/5xx' })).expect(202)).body;
    expect(refired.deduplicated).toBe(false);
    expect(refired.incidentId).not.toBe(first.incidentId);
    expect(refired.alertId).not.toBe(first.alertId);
  });

  it('the signal that fired an alert stays explainable however many repeats follow it', async () => {
    // An alert keeps its last 200 decisions; one at a time, each repeat is a batch (a decision) of its own.
    const first = (await post(alert('long-firing')).expect(202)).body;
    let last = first;
    for (let i = 0; i < 205; i++) last = (await post(alert('long-firing')).expect(202)).body;

    const opener = await asAdmin(app.getHttpServer()).get(`/detection/signals/${first.signalId}`).expect(200);
    expect(opener.body).toMatchObject({ alertId: first.alertId, decision: { outcome: 'opened', reason: first.reason } });
    await asAdmin(app.getHttpServer()).get(`/detection/signals/${last.signalId}`).expect(200);
    const explained = await asAdmin(app.getHttpServer()).get(`/detection/alerts/${first.alertId}/explain`).expect(200);
    expect(explained.body.signals[0]).toMatchObject({ signalId: first.signalId, outcome: 'opened' });
    expect(explained.body.signals).toHaveLength(200);
  });

  it('resolving what never fired is accepted and says so', async () => {
    const response = await post(alert('never', { status: 'resolved' })).expect(202);
    expect(response.body).toMatchObject({ alertId: null, incidentId: null, note: expect.stringContaining('nothing is firing') });
  });

  it('an AlertFired stored without its incident (a v1 event, or a crash before the reactor ran) gets its incident recorded', async () => {
    // Only the AlertFired is stored, in the Foundation's v1 shape: the reactor upcasts it and records the incident.
    const incidentId = '7d9a1b0e-6c1f-4c43-9d0b-2f6f1d7a0c11';
    await store.append(
      'alert-crashed',
      [
        {
          id: 'a3f1d6c2-1b7e-4f55-9c1d-0e2b3c4d5e6f',
          type: 'AlertFired',
          schemaVersion: 1,
          data: {
            alertId: '5b0c2d1e-3f4a-4b6c-8d7e-9f0a1b2c3d4e',
            fingerprint: 'crashed',
            source: 'grafana',
            summary: 'crashed between appends',
            severity: 'warning',
            labels: {},
            startsAt: '2026-01-01T09:00:00.000Z',
            incidentId,
          },
          metadata: { incidentId, correlationId: incidentId, causationId: 'req', actor: 'api', occurredAt: '2026-01-01T09:00:01.000Z' },
        },
      ],
      'no_stream',
    );
    const repaired = await eventually('the reactor to write IncidentDetected', async () => {
      const events = await incidentEvents(incidentId);
      return events.length >= 3 ? events : undefined;
    });
    expect(repaired.map((e) => e.type)).toEqual(['IncidentDetected', 'AlertJoinedIncident', 'IncidentAssessed']);
    expect(repaired[0].data).toMatchObject({ title: 'crashed between appends', firstSignalAt: '2026-01-01T09:00:00.000Z' });
  });

  const valid = { source: 'p', summary: 'x', severity: 'info' };
  it.each([
    ['no source', { summary: 'x', severity: 'critical' }, 'source'],
    ['no summary', { source: 'p', severity: 'critical' }, 'summary'],
    ['an unknown severity', { ...valid, severity: 'fatal' }, 'severity'],
    ['a startsAt that is not ISO 8601', { ...valid, startsAt: 'yesterday' }, 'startsAt'],
    ['an unknown status', { ...valid, status: 'gone' }, 'status'],
    ['a label that is not a string', { ...valid, labels: { a: 1 } }, 'labels'],
    ['65 labels', { ...valid, labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }, 'labels'],
    ['a label value of 1025 characters', { ...valid, labels: { big: 'v'.repeat(1025) } }, 'labels'],
    ['an unknown field', { ...valid, colour: 'red' }, 'colour'],
  ])('%s → 400 problem naming the field', async (_case, body, field) => {
    const response = await post(body).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('a label value too long is named in the reason', async () => {
    const response = await post({ source: 'p', summary: 'x', severity: 'info', labels: { big: 'v'.repeat(1025) } }).expect(400);
    expect(response.body.errors[0].reason).toContain('labels.big');
  });

  it('an incident with no known alert is a 404 problem', async () => {
    const response = await asAdmin(app.getHttpServer()).get('/detection/incidents/0b6f3d58-62b4-4c37-9a8e-2d7f7a1c9e55/alerts').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('identical alerts racing (SQLite store with read latency, in-process bus)', () => {
  let detection: ServiceApp;
  let store: SqliteEventStore;
  let app: INestApplication;

  beforeAll(async () => {
    detection = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule, storeAs: withReadLatency });
    ({ store, app } = detection);
  });

  afterAll(() => detection?.close());

  it('20 identical alerts in parallel open exactly one incident', async () => {
    const body = { source: 'prometheus', summary: 'storm', severity: 'error', labels: { alertname: 'Storm', service: 'edge' } };
    await app.listen(0, '127.0.0.1');
    const url = `${await app.getUrl()}/detection/alerts`.replace('[::1]', '127.0.0.1');
    const responses = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer() }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as { incidentId: string; deduplicated: boolean } };
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const incidents = new Set(responses.map((r) => r.body.incidentId));
    expect(incidents.size).toBe(1);
    expect(responses.filter((r) => !r.body.deduplicated)).toHaveLength(1);
    const detected = await eventually('the incident to be recorded', async () => {
      const events = (await store.readAll({ filter: { streamPrefixes: ['detection-'] } })).filter((e) => e.type === 'IncidentDetected');
      return events.length > 0 ? events : undefined;
    });
    expect(detected).toHaveLength(1);
    const alerts = await asAdmin(app.getHttpServer()).get(`/detection/incidents/${[...incidents][0]}/alerts`).expect(200);
    expect(alerts.body.alerts).toHaveLength(1);
    expect(alerts.body.alerts[0].occurrences).toBe(20);
  });

  it('50 repeats of a firing alert in parallel: each answered deduplicated with its own signal id, all counted, a few appends, each explainable', async () => {
    const body = { source: 'prometheus', summary: 'repeat storm', severity: 'error', labels: { alertname: 'RepeatStorm', service: 'edge' } };
    const url = `${await app.getUrl()}`.replace('[::1]', '127.0.0.1');
    const send = async () => {
      const response = await fetch(`${url}/detection/alerts`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer() }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { signalId: string; alertId: string; fingerprint: string; deduplicated: boolean; reason: string } };
    };
    const first = await send();
    expect(first.body.deduplicated).toBe(false);
    const repeats = await Promise.all(Array.from({ length: 50 }, send));

    expect(repeats.map((r) => [r.status, r.body.deduplicated, r.body.alertId])).toEqual(Array(50).fill([202, true, first.body.alertId]));
    const signalIds = new Set(repeats.map((r) => r.body.signalId));
    expect(signalIds.size).toBe(50);
    const alert = await asAdmin(app.getHttpServer()).get(`/detection/alerts/${first.body.alertId}`).expect(200);
    expect(alert.body.occurrences).toBe(51);

    // Repeats waiting for their turn were decided together: one AlertDeduplicated per batch, no SignalReceived per repeat.
    const stream = await store.readStream(`alert-${first.body.fingerprint}`);
    expect(stream.filter((e) => e.type === 'SignalReceived')).toHaveLength(1);
    const batches = stream.filter((e) => e.type === 'AlertDeduplicated');
    expect(batches.length).toBeLessThan(50);
    expect(batches.flatMap((e) => (e.data as { signalIds: string[] }).signalIds).sort()).toEqual([...signalIds].sort());
    expect(batches.reduce((sum, e) => sum + (e.data as { count: number }).count, 0)).toBe(50);

    for (const repeat of repeats) {
      const explained = await asAdmin(app.getHttpServer()).get(`/detection/signals/${repeat.body.signalId}`).expect(200);
      expect(explained.body).toMatchObject({ signalId: repeat.body.signalId, alertId: first.body.alertId, decision: { outcome: 'deduplicated', reason: repeat.body.reason } });
      expect(explained.body.decision.repeats.signalIds).toContain(repeat.body.signalId);
    }
    expect(repeats[0].body.reason).toContain(`deduplicated into alert ${first.body.alertId} by fingerprint ${first.body.fingerprint}`);
    const opener = await asAdmin(app.getHttpServer()).get(`/detection/signals/${first.body.signalId}`).expect(200);
    expect(opener.body).toMatchObject({ decision: { outcome: 'opened' }, raw: expect.stringContaining('repeat storm') });
  });
});

describe('detection when reading an alert stream fails once (SQLite store)', () => {
  let detection: ServiceApp;
  let failNextRead = false;

  beforeAll(async () => {
    const failingOnce = (store: SqliteEventStore): EventStore & CheckpointStore =>
      Object.assign(Object.create(store) as SqliteEventStore, {
        readStream: async (stream: string, from?: number) => {
          if (failNextRead && stream.startsWith('alert-')) {
            failNextRead = false;
            throw new Error('disk I/O error');
          }
          return store.readStream(stream, from);
        },
      });
    detection = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule, storeAs: failingOnce });
  });

  afterAll(() => detection?.close());

  it('answers that signal with an error, and the next signal of the fingerprint is decided as usual', async () => {
    const post = () => asAdmin(detection.app.getHttpServer()).post('/detection/alerts').send({ source: 'db-1', summary: 'disk', severity: 'error', labels: { alertname: 'Disk', run: 'fails-once' } });
    failNextRead = true;
    expect((await post()).status).toBe(500);
    const next = await post().expect(202);
    expect(next.body).toMatchObject({ outcome: 'opened' });
    expect((await post().expect(202)).body).toMatchObject({ outcome: 'deduplicated', alertId: next.body.alertId });
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, RecordedEvent } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { DETECTION_SERVICE, DetectionModule } from '../src';
import { HeartbeatMonitor } from '../src/application/heartbeat.monitor';
import { createIntegration, DetectionApp, PROBLEM_JSON, startDetection } from './support/detection-app';

const alertmanagerPayload = JSON.parse(readFileSync(join(__dirname, '../../../libs/testing/src/fixtures/alertmanager-webhook.json'), 'utf8'));
const START = '2026-05-01T10:00:00.000Z';
const minutes = (n: number) => n * 60_000;
const DETECTION_TOPIC = 'linchpin.detection.events';

const heartbeatEvents = async (app: ServiceApp, integrationId: string): Promise<RecordedEvent[]> => app.store.readStream(`heartbeat-${integrationId}`);
const typesOf = (events: RecordedEvent[]) => events.map((e) => e.type);
/** One pass of the heartbeat timer driver now: what is due by the clock fires before this resolves (no waiting for a deadline). */
const fireDue = (app: ServiceApp) => app.app.get(HeartbeatMonitor).driver.tick();

/** The signals of the integration's heartbeat alert (source linchpin-heartbeat), in log order. */
const heartbeatSignals = async (detection: DetectionApp, integrationId: string) =>
  (await detection.signalsOf(integrationId)).filter((e) => (e.data as { sender: string }).sender === 'heartbeat');

describe('heartbeats over HTTP (SQLite store, a clock the test moves)', () => {
  let clock: ManualClock;
  let detection: DetectionApp;

  beforeEach(async () => {
    clock = new ManualClock(START);
    detection = await startDetection({ clock, observe: [DETECTION_TOPIC] });
  });
  afterEach(async () => detection?.close());

  const beat = (key: string) => detection.http().post(`/detection/integrations/heartbeat/${key}`);

  it('a missed heartbeat opens an incident through the alert path; the next beat records HeartbeatRestored and resolves it', async () => {
    const { integrationId, key, settings } = await createIntegration(detection, {
      name: 'Prometheus (prod)',
      kind: 'alertmanager',
      service: 'checkout',
      heartbeat: { intervalMinutes: 5 },
    });
    expect(settings).toMatchObject({ heartbeat: { intervalMinutes: 5, graceMinutes: 1, severity: 'critical' } });

    clock.advance(minutes(2));
    const first = await beat(key).expect(202);
    expect(first.body).toEqual({ integrationId, status: 'up', lastBeatAt: '2026-05-01T10:02:00.000Z', expectedBy: '2026-05-01T10:08:00.000Z' });

    // Just before the deadline nothing fires; past it, the deadline fires once.
    clock.set('2026-05-01T10:07:59.000Z');
    await fireDue(detection);
    expect(typesOf(await heartbeatEvents(detection, integrationId))).not.toContain('HeartbeatMissed');
    clock.set('2026-05-01T10:08:30.000Z');
    await fireDue(detection);

    const missed = (await heartbeatEvents(detection, integrationId)).find((e) => e.type === 'HeartbeatMissed');
    expect(missed?.data).toEqual({
      integrationId,
      name: 'Prometheus (prod)',
      service: 'checkout',
      expectedBy: '2026-05-01T10:08:00.000Z',
      lastBeatAt: '2026-05-01T10:02:00.000Z',
    });
    const [opened] = await heartbeatSignals(detection, integrationId);
    expect(opened.data).toMatchObject({ outcome: 'opened', status: 'firing', severity: 'critical', integrationId });
    const { alertId, incidentId } = opened.data as { alertId: string; incidentId: string };

    // Triage and paging hear of it as of any alert: the incident is detected, and published.
    const explain = await detection.http().get(`/detection/alerts/${alertId}/explain`).expect(200);
    expect(explain.body).toMatchObject({ alertId, incidentId, status: 'firing' });
    const alert = await detection.http().get(`/detection/alerts/${alertId}`).expect(200);
    expect(alert.body).toMatchObject({ source: 'linchpin-heartbeat', severity: 'critical', labels: expect.objectContaining({ service: 'checkout' }) });
    await eventually('the incident is detected', async () => (await detection.incidentEvents(incidentId)).find((e) => e.type === 'IncidentDetected'));
    await eventually('HeartbeatMissed is published', () => detection.published.find((e) => e.type === 'HeartbeatMissed'));

    // Another pass fires nothing more: one incident per outage.
    clock.advance(minutes(60));
    await fireDue(detection);
    expect((await heartbeatEvents(detection, integrationId)).filter((e) => e.type === 'HeartbeatMissed')).toHaveLength(1);
    expect(await heartbeatSignals(detection, integrationId)).toHaveLength(1);

    const back = await beat(key).expect(202);
    expect(back.body).toMatchObject({ status: 'up', expectedBy: '2026-05-01T11:14:30.000Z' });
    const restored = (await heartbeatEvents(detection, integrationId)).find((e) => e.type === 'HeartbeatRestored');
    expect(restored?.data).toEqual({ integrationId, name: 'Prometheus (prod)', service: 'checkout', missedAt: '2026-05-01T10:08:00.000Z', restoredAt: '2026-05-01T11:08:30.000Z' });
    expect((await detection.http().get(`/detection/alerts/${alertId}`).expect(200)).body).toMatchObject({ status: 'resolved' });
    await eventually('HeartbeatRestored is published', () => detection.published.find((e) => e.type === 'HeartbeatRestored'));
  });

  it('any signal of the integration counts as a beat', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'am', kind: 'alertmanager', service: 'checkout', heartbeat: { intervalMinutes: 5, graceMinutes: 0 } });
    clock.advance(minutes(4));
    await detection.http().post(`/detection/integrations/alertmanager/${key}`).send(alertmanagerPayload).expect(202);
    clock.advance(minutes(4)); // 10:08: past the first deadline (10:05), before the one the signal set (10:09)
    await fireDue(detection);
    expect(typesOf(await heartbeatEvents(detection, integrationId))).not.toContain('HeartbeatMissed');
    clock.advance(minutes(2));
    await fireDue(detection);
    expect(typesOf(await heartbeatEvents(detection, integrationId))).toContain('HeartbeatMissed');
  });

  it('enabling, changing and disabling the heartbeat through the settings route moves or drops the deadline', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'grafana', kind: 'grafana', service: 'search' });
    expect(await heartbeatEvents(detection, integrationId)).toEqual([]);
    await beat(key).expect(409).expect('content-type', PROBLEM_JSON);

    const put = (body: object) => detection.http().put(`/detection/integrations/${integrationId}/settings`).send(body).expect(200);
    await put({ heartbeat: { intervalMinutes: 10, graceMinutes: 0, severity: 'warning' } });
    expect((await beat(key).expect(202)).body).toMatchObject({ expectedBy: '2026-05-01T10:10:00.000Z' });

    clock.advance(minutes(3));
    await put({ heartbeat: { intervalMinutes: 30, graceMinutes: 0, severity: 'warning' } });
    clock.advance(minutes(20)); // 10:23: past the 10-minute deadline, before the 30-minute one (10:33)
    await fireDue(detection);
    expect(typesOf(await heartbeatEvents(detection, integrationId))).not.toContain('HeartbeatMissed');

    await put({ rateLimitPerMinute: 60 });
    clock.advance(minutes(60));
    await fireDue(detection);
    expect(typesOf(await heartbeatEvents(detection, integrationId))).toEqual([
      'HeartbeatConfigured', 'TimerScheduled', // enabled
      'TimerCancelled', 'TimerScheduled', // the beat
      'HeartbeatConfigured', 'TimerCancelled', 'TimerScheduled', // 30 minutes
      'HeartbeatConfigured', 'TimerCancelled', // disabled (the PUT replaces every setting)
    ]);
    await beat(key).expect(409);
  });

  it('a revoked or unknown key gets a 404 problem and stores nothing', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'pd', kind: 'pagerduty', service: 'checkout', heartbeat: { intervalMinutes: 5 } });
    await detection.http().post(`/detection/integrations/${integrationId}/revoke`).expect(200);
    const before = (await detection.allEvents()).length;
    const refused = await beat(key).expect(404);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    await beat('0123456789abcdef0123456789abcdef').expect(404);
    expect((await detection.allEvents()).length).toBe(before);
    // The revocation dropped the deadline: nothing fires for a revoked integration.
    clock.advance(minutes(60));
    await fireDue(detection);
    expect(typesOf(await heartbeatEvents(detection, integrationId))).toEqual(['HeartbeatConfigured', 'TimerScheduled', 'HeartbeatConfigured', 'TimerCancelled']);
  });

  it.each([
    [{ heartbeat: { intervalMinutes: 0 } }, 'heartbeat.intervalMinutes'],
    [{ heartbeat: { intervalMinutes: 1.5 } }, 'heartbeat.intervalMinutes'],
    [{ heartbeat: {} }, 'heartbeat.intervalMinutes'],
    [{ heartbeat: { intervalMinutes: 5, graceMinutes: -1 } }, 'heartbeat.graceMinutes'],
    [{ heartbeat: { intervalMinutes: 5, severity: 'fatal' } }, 'heartbeat.severity'],
  ])('bad heartbeat settings %j: 400 problem naming %s, nothing stored', async (settings, field) => {
    const before = (await detection.allEvents()).length;
    const created = await detection.http().post('/detection/integrations').send({ name: 'x', kind: 'logs', service: 's', ...settings }).expect(400);
    expect(created.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(created.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const { integrationId } = await createIntegration(detection, { name: 'y', kind: 'logs', service: 's' });
    const changed = await detection.http().put(`/detection/integrations/${integrationId}/settings`).send(settings).expect(400);
    expect(changed.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await detection.allEvents()).length).toBe(before + 1);
  });
});

describe('a heartbeat deadline across a restart (two app instances on one SQLite file)', () => {
  let dir: string;
  const apps: ServiceApp[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'linchpin-heartbeat-'))));
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (clock: ManualClock) => {
    const app = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule, sqlitePath: join(dir, 'events.db'), clock, observe: [DETECTION_TOPIC] });
    apps.push(app);
    return app;
  };

  it('fires on restart a deadline that passed while the process was down, exactly once', async () => {
    const first = await start(new ManualClock(START));
    const created = await first.http().post('/detection/integrations').send({ name: 'cron', kind: 'logs', service: 'billing', heartbeat: { intervalMinutes: 5 } }).expect(201);
    const { integrationId, key } = created.body as { integrationId: string; key: string };
    await first.http().post(`/detection/integrations/heartbeat/${key}`).expect(202);
    await first.close();

    // Down past the deadline (10:06): the next start fires it at once.
    const second = await start(new ManualClock('2026-05-01T11:00:00.000Z'));
    const missed = await eventually('the deadline fired after the restart', async () =>
      (await heartbeatEvents(second, integrationId)).find((e) => e.type === 'HeartbeatMissed'),
    );
    expect(missed.data).toMatchObject({ expectedBy: '2026-05-01T10:06:00.000Z', lastBeatAt: START });
    expect(missed.metadata.occurredAt).toBe('2026-05-01T11:00:00.000Z');
    await fireDue(second);
    await second.close();

    // A third start finds it fired: no second HeartbeatMissed, no second alert or incident.
    const third = await start(new ManualClock('2026-05-01T12:00:00.000Z'));
    await fireDue(third);
    const events = await heartbeatEvents(third, integrationId);
    expect(events.filter((e) => e.type === 'HeartbeatMissed')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'TimerFired')).toHaveLength(1);
    const signals = (await third.store.readAll()).filter((e) => e.type === 'SignalReceived' && (e.data as { integrationId?: string }).integrationId === integrationId);
    expect(signals.map((e) => (e.data as { outcome: string }).outcome)).toEqual(['opened']);
  });
});

import { ManualClock } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { createIntegration, DetectionApp, incidentEvent, PROBLEM_JSON, startDetection } from './support/detection-app';

interface Result {
  alertId: string | null;
  incidentId: string | null;
  outcome: string;
  reason: string;
}

describe('correlation, maintenance windows, flapping and assessment over HTTP (SQLite store, manual clock)', () => {
  // Correlation and maintenance windows are judged at this clock's time; tests move it.
  const clock = new ManualClock('2026-04-01T10:00:00.000Z');
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection({ clock });
  });
  afterAll(async () => detection?.close());

  const alert = async (labels: Record<string, string>, extra: object = {}): Promise<Result> =>
    (
      await detection
        .http()
        .post('/detection/alerts')
        .send({ source: 'prometheus', summary: `${labels.alertname} on ${labels.cluster ?? 'all'}`, severity: 'error', labels, ...extra })
        .expect(202)
    ).body;
  const explain = async (alertId: string) => (await detection.http().get(`/detection/alerts/${alertId}/explain`).expect(200)).body;
  const detectedIncidents = async () => (await detection.store.readAll({ filter: { streamPrefixes: ['detection-'] } })).filter((e) => e.type === 'IncidentDetected');

  describe('a service correlation policy', () => {
    beforeAll(async () => {
      const policy = await detection.http().put('/detection/services/checkout/correlation').send({ groupBy: ['cluster'], windowSeconds: 600 }).expect(200);
      expect(policy.body).toEqual({ service: 'checkout', version: 1, enabled: true, groupBy: ['cluster'], windowSeconds: 600 });
    });

    it.each([
      ['a path', '..%2F..%2Fx'],
      ['a control character', 'check%01out'],
      ['only white space', '%20%20'],
    ])('refuses a service name with %s (400 naming `service`), and stores no policy', async (_case, service) => {
      for (const method of ['put', 'get'] as const) {
        const call = detection.http()[method](`/detection/services/${service}/correlation`);
        const refused = await (method === 'put' ? call.send({ groupBy: ['cluster'], windowSeconds: 600 }) : call).expect(400);
        expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(refused.body.errors).toEqual([{ field: 'service', reason: expect.stringContaining('service name') }]);
      }
    });

    it('groups different alerts of one service and cluster into one incident, naming rule service:checkout v1', async () => {
      const errors = await alert({ alertname: 'HighErrorRate', service: 'checkout', cluster: 'eu-1' }, { severity: 'critical', startsAt: '2026-04-01T09:58:00Z' });
      clock.advance(30_000);
      const latency = await alert({ alertname: 'HighLatency', service: 'checkout', cluster: 'eu-1' }, { severity: 'warning', startsAt: '2026-04-01T09:59:30Z' });
      expect(errors.outcome).toBe('opened');
      expect(latency).toMatchObject({ outcome: 'grouped', incidentId: errors.incidentId });
      expect(latency.alertId).not.toBe(errors.alertId);

      const explained = await explain(latency.alertId!);
      expect(explained.explanation).toContain('by rule service:checkout v1');
      expect(explained.signals[0]).toMatchObject({ outcome: 'grouped', incidentId: errors.incidentId, grouping: { ruleId: 'service:checkout', ruleVersion: 1, opened: false } });
      expect((await explain(errors.alertId!)).signals[0].grouping).toMatchObject({ ruleId: 'service:checkout', ruleVersion: 1, opened: true });

      // The assessment: both alerts, the sender's first-signal time apart from when Linchpin recorded it.
      const assessed = await eventually('the assessment of both alerts', async () => {
        const all = (await detection.incidentEvents(errors.incidentId!)).filter((e) => e.type === 'IncidentAssessed');
        const last = all[all.length - 1]?.data as { alertCount: number } | undefined;
        return last?.alertCount === 2 ? last : undefined;
      });
      expect(assessed).toMatchObject({
        impactedServices: ['checkout'],
        alertCount: 2,
        firingAlertCount: 2,
        firstSignalAt: '2026-04-01T09:58:00.000Z',
        detectedAt: '2026-04-01T10:00:00.000Z',
        blastRadius: { services: 1, alerts: 2 },
        suggestedImpact: { level: 3, reason: expect.stringContaining('1 service (checkout)') },
        suggestedUrgency: { level: 1, reason: expect.stringContaining('critical') },
      });
      const joined = (await detection.incidentEvents(errors.incidentId!)).filter((e) => e.type === 'AlertJoinedIncident');
      expect(joined.map((e) => e.data)).toContainEqual(expect.objectContaining({ alertId: latency.alertId, ruleId: 'service:checkout', ruleVersion: 1 }));
    });

    it('another cluster opens another incident; past the window a new incident opens', async () => {
      const eu = await alert({ alertname: 'DiskFull', service: 'checkout', cluster: 'eu-2' });
      const us = await alert({ alertname: 'DiskFull', service: 'checkout', cluster: 'us-1' });
      expect([eu.outcome, us.outcome]).toEqual(['opened', 'opened']);
      expect(us.incidentId).not.toBe(eu.incidentId);

      clock.advance(601_000);
      const late = await alert({ alertname: 'PodRestarts', service: 'checkout', cluster: 'eu-2' });
      expect(late.outcome).toBe('opened');
      expect(late.incidentId).not.toBe(eu.incidentId);
    });

    it('a new policy version is named by the groupings it makes', async () => {
      await detection.http().put('/detection/services/checkout/correlation').send({ groupBy: ['cluster', 'zone'], windowSeconds: 600 }).expect(200);
      const a = await alert({ alertname: 'A', service: 'checkout', cluster: 'eu-3', zone: 'a' });
      const b = await alert({ alertname: 'B', service: 'checkout', cluster: 'eu-3', zone: 'a' });
      expect(b).toMatchObject({ outcome: 'grouped', incidentId: a.incidentId, reason: expect.stringContaining('rule service:checkout v2') });
    });
  });

  describe('a maintenance window', () => {
    it('suppresses a matching alert (recorded, opens nothing) until cancelled', async () => {
      const now = clock.now().getTime();
      const scheduled = await detection
        .http()
        .post('/detection/maintenance-windows')
        .send({
          name: 'Database upgrade',
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          services: ['billing'],
          labels: { cluster: 'eu-1' },
        })
        .expect(201);
      const { windowId } = scheduled.body;
      expect(scheduled.body).toMatchObject({ windowId: expect.stringMatching(/^[0-9a-f-]{36}$/), cancelled: false });

      const detectedBefore = (await detectedIncidents()).length;
      const suppressed = await alert({ alertname: 'ReplicationLag', service: 'billing', cluster: 'eu-1' });
      expect(suppressed).toMatchObject({ outcome: 'suppressed', incidentId: null, alertId: expect.any(String), reason: expect.stringContaining('Database upgrade') });
      const again = await alert({ alertname: 'ReplicationLag', service: 'billing', cluster: 'eu-1' });
      expect(again).toMatchObject({ outcome: 'suppressed', incidentId: null, alertId: suppressed.alertId });

      const explained = await explain(suppressed.alertId!);
      expect(explained).toMatchObject({ incidentId: null, status: 'suppressed' });
      expect(explained.signals[0]).toMatchObject({ outcome: 'suppressed', maintenanceWindowId: windowId, incidentId: null });
      // Outside its scope (another cluster) an alert still opens; once its incident is recorded the
      // reactor has passed the suppressed signals, and none of them opened one.
      const outside = await alert({ alertname: 'ReplicationLag', service: 'billing', cluster: 'us-1' });
      expect(outside.outcome).toBe('opened');
      await incidentEvent(detection, outside.incidentId!, 'IncidentDetected');
      const detected = await detectedIncidents();
      expect(detected).toHaveLength(detectedBefore + 1);
      expect(detected.map((e) => (e.data as { alertId: string }).alertId)).not.toContain(suppressed.alertId);

      const cancelled = await detection.http().post(`/detection/maintenance-windows/${windowId}/cancel`).expect(200);
      expect(cancelled.body).toMatchObject({ windowId, cancelled: true });
      const after = await alert({ alertname: 'ReplicationLag', service: 'billing', cluster: 'eu-1' });
      expect(after).toMatchObject({ outcome: 'opened', alertId: suppressed.alertId, incidentId: expect.any(String) });
      await incidentEvent(detection, after.incidentId!, 'IncidentDetected');
    });

    it('a window that ends before it starts is refused naming endsAt', async () => {
      const response = await detection
        .http()
        .post('/detection/maintenance-windows')
        .send({ name: 'backwards', startsAt: '2026-04-01T12:00:00Z', endsAt: '2026-04-01T11:00:00Z', services: ['billing'] })
        .expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.errors).toEqual([{ field: 'endsAt', reason: expect.any(String) }]);
    });
  });

  describe('flapping', () => {
    /** One Alertmanager alert of its own group, firing or resolved. */
    const notification = (status: 'firing' | 'resolved', endsAt?: string) => ({
      version: '4',
      status,
      receiver: 'linchpin',
      groupKey: '{}:{alertname="QueueBacklog"}',
      alerts: [
        {
          status,
          labels: { alertname: 'QueueBacklog', service: 'orders', severity: 'warning' },
          annotations: { summary: 'Order queue backlog above 10k' },
          startsAt: '2026-04-01T09:00:00Z',
          endsAt: endsAt ?? '0001-01-01T00:00:00Z',
          fingerprint: 'a1b2c3d4e5f60718',
        },
      ],
    });

    /** fire / resolve / fire / resolve / fire, a minute apart, each resolve seen through to SignalsCleared. */
    const cycle = async (settings: object): Promise<Result[]> => {
      const { key } = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'orders', ...settings });
      const results: Result[] = [];
      for (const step of ['firing', 'resolved', 'firing', 'resolved', 'firing'] as const) {
        clock.advance(60_000);
        const body = notification(step, step === 'resolved' ? clock.now().toISOString() : undefined);
        const [result] = (await detection.http().post(`/detection/integrations/alertmanager/${key}`).send(body).expect(202)).body.results;
        if (step === 'resolved') {
          await incidentEvent(detection, result.incidentId, 'SignalsCleared', (e) => (e.data as { clearedAt: string }).clearedAt === body.alerts[0].endsAt);
        }
        results.push(result);
      }
      return results;
    };

    it('an alert changing state more than maxChanges times rejoins its first incident instead of opening one', async () => {
      const results = await cycle({ flapping: { maxChanges: 2, windowSeconds: 3600 } });
      expect(results.map((r) => r.outcome)).toEqual(['opened', 'resolved', 'flapping', 'resolved', 'flapping']);
      const first = results[0].incidentId;
      expect(results.map((r) => r.incidentId)).toEqual([first, first, first, first, first]);
      expect(results[4].reason).toContain(`rejoined its last incident ${first}`);

      const view = (await detection.http().get(`/detection/alerts/${results[4].alertId}`).expect(200)).body;
      expect(view).toMatchObject({ flapping: true, status: 'firing', incidentId: first });
      const explained = await explain(results[4].alertId!);
      expect(explained.signals.map((s: { outcome: string }) => s.outcome)).toEqual(['flapping']);
    });

    it('with the default policy (more than 4 changes in 30 minutes) the same cycle opens a second incident first', async () => {
      const results = await cycle({});
      expect(results.map((r) => r.outcome)).toEqual(['opened', 'resolved', 'opened', 'resolved', 'flapping']);
      expect(results[2].incidentId).not.toBe(results[0].incidentId);
      expect(results[4].incidentId).toBe(results[2].incidentId);
    });
  });
});

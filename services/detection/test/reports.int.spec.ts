import { RecordedEvent } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { DetectionApp, incidentEvent, PROBLEM_JSON, startDetection } from './support/detection-app';

interface Assessed {
  impactedServices: string[];
  alertCount: number;
  blastRadius: { services: number; alerts: number; usersAffected?: number };
  suggestedImpact: { level: number; reason: string };
  suggestedUrgency: { level: number; reason: string };
}

describe('user reports over HTTP (SQLite store)', () => {
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection();
  });
  afterAll(async () => detection?.close());

  const report = (body: object) => detection.http().post('/detection/reports').send(body);
  /** The newest assessment of the incident once `ready` holds for it. */
  const assessment = (incidentId: string, ready: (a: Assessed) => boolean) =>
    eventually(`an assessment of ${incidentId}`, async () => {
      const events: RecordedEvent[] = (await detection.incidentEvents(incidentId)).filter((e) => e.type === 'IncidentAssessed');
      const last = events[events.length - 1]?.data as Assessed | undefined;
      return last && ready(last) ? last : undefined;
    });

  it('a report opens an incident whose blast radius holds the users affected', async () => {
    const response = await report({
      reporter: 'jane@example.com',
      description: 'Checkout fails with error 500 for customers in the EU\nSeen since 10:05 by the support desk.',
      service: 'checkout',
      usersAffected: 250,
    }).expect(202);
    expect(response.body).toMatchObject({ outcome: 'opened', alertId: expect.any(String), incidentId: expect.any(String) });
    const { incidentId } = response.body;

    const detected = await incidentEvent(detection, incidentId, 'IncidentDetected');
    expect(detected.data).toMatchObject({ title: 'Checkout fails with error 500 for customers in the EU', source: 'user-report', severity: 'warning', service: 'checkout' });
    const assessed = await assessment(incidentId, () => true);
    expect(assessed).toMatchObject({
      impactedServices: ['checkout'],
      alertCount: 1,
      blastRadius: { services: 1, alerts: 1, usersAffected: 250 },
      // 100 or more users affected: significant (ITIL impact 2), even with one service.
      suggestedImpact: { level: 2, reason: expect.stringContaining('250 users reported affected') },
      suggestedUrgency: { level: 3, reason: expect.stringContaining('warning') },
    });
  });

  it('reports grouped by their service\'s correlation policy add up their users affected', async () => {
    await detection.http().put('/detection/services/payments/correlation').send({ groupBy: [], windowSeconds: 600 }).expect(200);
    const first = (await report({ reporter: 'a@example.com', description: 'Cards declined', service: 'payments', usersAffected: 700, severity: 'error' }).expect(202)).body;
    const second = (await report({ reporter: 'b@example.com', description: 'Payment page blank', service: 'payments', usersAffected: 500 }).expect(202)).body;
    expect(second).toMatchObject({ outcome: 'grouped', incidentId: first.incidentId });
    const assessed = await assessment(first.incidentId, (a) => a.alertCount === 2);
    expect(assessed.blastRadius).toEqual({ services: 1, alerts: 2, usersAffected: 1200 });
    expect(assessed.suggestedImpact).toMatchObject({ level: 1, reason: expect.stringContaining('1200 users reported affected') });
    expect(assessed.suggestedUrgency.level).toBe(2);
  });

  it('the same reportKey counts as one alert; without one, each report is its own', async () => {
    const body = { reporter: 'c@example.com', description: 'Search is slow', service: 'search', reportKey: 'ticket-4711' };
    const first = (await report(body).expect(202)).body;
    const again = (await report({ ...body, reporter: 'd@example.com' }).expect(202)).body;
    expect(again).toMatchObject({ outcome: 'deduplicated', alertId: first.alertId, incidentId: first.incidentId });

    const { reportKey: _key, ...unkeyed } = body;
    const one = (await report(unkeyed).expect(202)).body;
    const two = (await report(unkeyed).expect(202)).body;
    expect(two.outcome).toBe('opened');
    expect(two.alertId).not.toBe(one.alertId);
  });

  it.each([
    ['no reporter', { description: 'x', service: 'checkout' }, 'reporter'],
    ['a blank description', { reporter: 'r', description: '  ', service: 'checkout' }, 'description'],
    ['negative users affected', { reporter: 'r', description: 'x', service: 'checkout', usersAffected: -1 }, 'usersAffected'],
    ['an unknown severity', { reporter: 'r', description: 'x', service: 'checkout', severity: 'sev0' }, 'severity'],
  ])('%s: 400 problem naming the field, nothing stored', async (_case, body, field) => {
    const before = (await detection.store.readAll({ filter: { streamPrefixes: ['alert'] } })).length;
    const response = await report(body).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(await detection.store.readAll({ filter: { streamPrefixes: ['alert'] } })).toHaveLength(before);
  });
});

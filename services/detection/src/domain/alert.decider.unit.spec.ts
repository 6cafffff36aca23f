import { given } from '@linchpin/eventsourcing';
import { AlertFired, AlertResolved } from '@linchpin/contracts';
import { alertDecider, ReceiveAlert, ResolveAlert } from './alert.decider';

const context = { actor: 'api', causationId: 'req-1', occurredAt: '2026-01-01T00:00:00.000Z' };
const FIRST_ALERT = '00000000-0000-4000-8000-000000000001';
const FIRST_INCIDENT = '00000000-0000-4000-8000-0000000000a1';

const receive = (n: number, summary = 'disk full'): ReceiveAlert => ({
  type: 'ReceiveAlert',
  eventId: `00000000-0000-4000-8000-00000000e00${n}`,
  alertId: `00000000-0000-4000-8000-00000000000${n}`,
  incidentId: `00000000-0000-4000-8000-0000000000a${n}`,
  fingerprint: 'fp',
  source: 'prometheus',
  summary,
  severity: 'critical',
  labels: { service: 'db' },
  startsAt: '2025-12-31T23:59:00.000Z',
  context,
});
const resolveCmd: ResolveAlert = {
  type: 'ResolveAlert',
  eventId: '00000000-0000-4000-8000-00000000f001',
  fingerprint: 'fp',
  endsAt: '2026-01-01T00:10:00.000Z',
  context,
};
const fired = () => alertDecider.decide(receive(1), alertDecider.initialState)[0];

describe('alert decider', () => {
  it('opens an incident for a fingerprint that never fired', () => {
    const { events } = given(alertDecider).when(receive(1));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('AlertFired');
    expect(events[0].data).toMatchObject({ alertId: FIRST_ALERT, incidentId: FIRST_INCIDENT, fingerprint: 'fp', startsAt: '2025-12-31T23:59:00.000Z' });
    expect(events[0].metadata).toMatchObject({ incidentId: FIRST_INCIDENT, correlationId: FIRST_INCIDENT, actor: 'api', causationId: 'req-1' });
  });

  it('deduplicates a fingerprint that is firing: same alert and incident, counted occurrences', () => {
    const { events } = given(alertDecider, [fired()]).when(receive(2, 'disk still full'));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('AlertDeduplicated');
    expect(events[0].data).toEqual({ alertId: FIRST_ALERT, fingerprint: 'fp', incidentId: FIRST_INCIDENT, occurrences: 2, receivedSummary: 'disk still full' });
    expect(events[0].metadata.incidentId).toBe(FIRST_INCIDENT);
  });

  it('keeps counting occurrences', () => {
    const second = alertDecider.decide(receive(2), given(alertDecider, [fired()]).state())[0];
    const { events } = given(alertDecider, [fired(), second]).when(receive(3));
    expect(events[0].data).toMatchObject({ occurrences: 3, incidentId: FIRST_INCIDENT });
  });

  it('resolves the firing alert', () => {
    const { events } = given(alertDecider, [fired()]).when(resolveCmd);
    expect(events.map((e) => e.type)).toEqual(['AlertResolved']);
    expect(events[0].data).toEqual({ alertId: FIRST_ALERT, fingerprint: 'fp', incidentId: FIRST_INCIDENT, endsAt: '2026-01-01T00:10:00.000Z' });
  });

  it('resolving when nothing fires, or twice, decides nothing', () => {
    expect(given(alertDecider).when(resolveCmd).events).toEqual([]);
    const resolved = AlertResolved.create('00000000-0000-4000-8000-00000000f000', { alertId: FIRST_ALERT, fingerprint: 'fp', incidentId: FIRST_INCIDENT, endsAt: '2026-01-01T00:05:00.000Z' }, { ...context, correlationId: FIRST_INCIDENT });
    expect(given(alertDecider, [fired(), resolved]).when(resolveCmd).events).toEqual([]);
  });

  it('a fingerprint that fires again after it resolved opens a new incident', () => {
    const resolved = alertDecider.decide(resolveCmd, given(alertDecider, [fired()]).state())[0];
    const { events } = given(alertDecider, [fired(), resolved]).when(receive(2));
    expect(events[0].type).toBe(AlertFired.type);
    expect(events[0].data).toMatchObject({ alertId: '00000000-0000-4000-8000-000000000002', incidentId: '00000000-0000-4000-8000-0000000000a2' });
  });
});

import { deterministicId, given } from '@linchpin/eventsourcing';
import { AlertFired } from '@linchpin/contracts';
import { detectIncidentFor, INCIDENT_OPENER, incidentDecider } from './incident.decider';

const fired = AlertFired.create(
  '00000000-0000-4000-8000-00000000e001',
  {
    alertId: '00000000-0000-4000-8000-000000000001',
    fingerprint: 'fp',
    source: 'prometheus',
    summary: 'disk full',
    severity: 'error',
    labels: { service: 'db', region: 'eu' },
    startsAt: '2025-12-31T23:59:00.000Z',
    incidentId: '00000000-0000-4000-8000-0000000000a1',
  },
  { actor: 'api', causationId: 'req', correlationId: '00000000-0000-4000-8000-0000000000a1', occurredAt: '2026-01-01T00:00:00.000Z' },
);

describe('incident decider', () => {
  it('records IncidentDetected from the AlertFired that opened it, with a deterministic id', () => {
    const { events } = given(incidentDecider).when(detectIncidentFor(fired));
    expect(events).toHaveLength(1);
    expect(events[0].id).toBe(deterministicId(fired.id, INCIDENT_OPENER));
    expect(events[0].data).toEqual({
      incidentId: fired.data.incidentId,
      title: 'disk full',
      severity: 'error',
      source: 'prometheus',
      service: 'db',
      labels: { service: 'db', region: 'eu' },
      alertId: fired.data.alertId,
      fingerprint: 'fp',
      firstSignalAt: '2025-12-31T23:59:00.000Z',
    });
    expect(events[0].metadata).toMatchObject({ causationId: fired.id, incidentId: fired.data.incidentId });
  });

  it('the handler and the repairing reactor derive the same event', () => {
    expect(detectIncidentFor(fired)).toEqual(detectIncidentFor(structuredClone(fired)));
  });

  it('records an incident once', () => {
    const first = detectIncidentFor(fired).event;
    expect(given(incidentDecider, [first]).when(detectIncidentFor(fired)).events).toEqual([]);
  });
});

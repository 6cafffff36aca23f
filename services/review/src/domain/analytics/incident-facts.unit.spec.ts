import { TimelineEntry } from '../timeline';
import { incidentMetrics } from '../metrics/incident-metrics';
import { incidentFacts } from './incident-facts';

const t = (seconds: number) => new Date(Date.parse('2026-11-02T10:00:00.000Z') + seconds * 1000).toISOString();
let n = 0;
const entry = (type: string, data: Record<string, unknown>, seconds: number, schemaVersion = 1): TimelineEntry => ({
  eventId: `e-${++n}`,
  at: t(seconds),
  occurredAt: t(seconds),
  context: 'x',
  type,
  schemaVersion,
  actor: 'system:test',
  summary: type,
  data,
});

describe('an incident’s analytics facts', () => {
  const detected = entry('IncidentDetected', { title: 't', severity: 'critical', source: 'prometheus', labels: { service: 'from-label' }, alertId: 'a', fingerprint: 'f', firstSignalAt: t(-30) }, 0);

  it('holds the metrics of GET …/metrics, and the service, team and priority as they last stood', () => {
    const entries = [
      detected,
      entry('AlertFired', { alertId: 'a1', source: 'grafana', startsAt: t(-30) }, 0, 2),
      entry('IncidentTriaged', { priority: 'P3', route: { team: 'payments' }, service: 'checkout' }, 1),
      entry('IncidentReprioritised', { priority: 'P1' }, 50),
      entry('IncidentReassigned', { to: { kind: 'team', id: 'x', name: 'platform' } }, 60),
      entry('IncidentReassigned', { to: { kind: 'person', id: 'y', name: 'bob' } }, 70),
      entry('ResponderPaged', { personId: 'p-1', responder: 'alice' }, 5, 3),
      entry('IncidentAcknowledged', { by: 'alice' }, 90),
    ];
    const facts = incidentFacts(entries);
    expect(facts.metrics).toEqual(incidentMetrics(entries));
    expect(facts).toMatchObject({ service: 'checkout', team: 'platform', priority: 'P1', alerts: [{ alertId: 'a1', source: 'grafana' }], pages: [{ personId: 'p-1', at: t(5) }] });
  });

  it('falls back to the service label detection saw; an incident without triage has no team or priority', () => {
    expect(incidentFacts([detected])).toMatchObject({ service: 'from-label', team: null, priority: null, alerts: [], pages: [] });
  });
});

import { given, NotFoundError } from '@linchpin/eventsourcing';
import { IncidentQueued, IncidentTriagedEvent, TriageStatusChanged } from '@linchpin/contracts';
import { ITIL_DEFAULT_MATRIX } from './priority-matrix';
import { ROUTING_DEFAULT } from './routing-rules';
import { QueuedIncident, TriageIncident, triageDecider } from './triage.decider';

const INCIDENT = '00000000-0000-4000-8000-0000000000a1';
const context = { actor: 'system:triage', causationId: 'cause', occurredAt: '2026-01-01T00:01:00.000Z' };
const incident = (over: Partial<QueuedIncident> = {}): QueuedIncident => ({
  incidentId: INCIDENT,
  title: 'checkout errors',
  severity: 'error',
  source: 'prometheus',
  service: 'checkout',
  labels: { service: 'checkout' },
  detectedAt: '2026-01-01T00:00:00.000Z',
  firstSignalAt: '2025-12-31T23:58:00.000Z',
  ...over,
});
const queued = (over: Partial<QueuedIncident> = {}) =>
  IncidentQueued.create('00000000-0000-4000-8000-00000000e001', incident(over), { ...context, incidentId: INCIDENT, correlationId: INCIDENT });
const triageCmd: TriageIncident = {
  type: 'TriageIncident',
  eventId: '00000000-0000-4000-8000-00000000e002',
  incidentId: INCIDENT,
  matrix: ITIL_DEFAULT_MATRIX,
  rules: ROUTING_DEFAULT,
  context,
};
const triaged = (over: Partial<QueuedIncident> = {}) => given(triageDecider, [queued(over)]).when(triageCmd).events[0] as IncidentTriagedEvent;

describe('triage decider', () => {
  it('records receipt of a detected incident once', () => {
    const cmd = { type: 'QueueIncident' as const, eventId: '00000000-0000-4000-8000-00000000e001', incident: incident(), context };
    expect(given(triageDecider).when(cmd).events.map((e) => e.type)).toEqual(['IncidentQueued']);
    expect(given(triageDecider, [queued()]).when(cmd).events).toEqual([]);
  });

  it('derives impact and urgency from severity when there are no labels, names matrix and rule', () => {
    const event = triaged();
    expect(event.type).toBe('IncidentTriaged');
    expect(event.data).toMatchObject({
      incidentId: INCIDENT,
      priority: 'P2',
      impact: 2,
      urgency: 2,
      matrix: { id: 'itil-default', version: 1 },
      route: { team: 'checkout', ruleId: 'routing-default/service-team', ruleVersion: 1 },
      service: 'checkout',
      title: 'checkout errors',
    });
    expect(event.data.rationale).toEqual([
      'Impact 2 (significant/large) derived from severity error.',
      'Urgency 2 (high) derived from severity error.',
      'Matrix itil-default v1: impact 2 × urgency 2 gives P2.',
      'Routing rule 2 "routing-default/service-team" of routing-default v1 fired (service "checkout" is owned by the team of the same name): team checkout.',
    ]);
  });

  it('impact and urgency labels override severity', () => {
    const event = triaged({ severity: 'info', labels: { impact: '1', urgency: 'high', team: 'payments' } });
    expect(event.data).toMatchObject({ impact: 1, urgency: 2, priority: 'P1', route: { team: 'payments', ruleId: 'routing-default/team-label' } });
    expect(event.data.rationale[0]).toBe('Impact 1 (extensive/widespread) from label impact="1".');
  });

  it('an unreadable label is ignored and said so', () => {
    const event = triaged({ severity: 'warning', service: undefined, labels: { impact: '9' } });
    expect(event.data).toMatchObject({ impact: 3, urgency: 3, priority: 'P4', route: { team: 'operations' } });
    expect(event.data.rationale[0]).toContain('label impact="9" is not 1–4');
  });

  it('an incident triaged once is not triaged again', () => {
    expect(given(triageDecider, [queued(), triaged()]).when({ ...triageCmd, eventId: 'other' }).events).toEqual([]);
  });

  it('cannot triage an incident it never received', () => {
    expect(given(triageDecider).when(triageCmd).error).toBeInstanceOf(NotFoundError);
  });

  describe('status changes', () => {
    const change = (status: 'acknowledged' | 'resolved') => ({
      type: 'ChangeStatus' as const,
      eventId: `00000000-0000-4000-8000-00000000f00${status.length}`,
      incidentId: INCIDENT,
      status,
      cause: status === 'resolved' ? 'IncidentResolved' : 'IncidentAcknowledged',
      by: 'user:alice',
      context,
    });
    const changed = (status: 'acknowledged' | 'resolved') =>
      TriageStatusChanged.create('00000000-0000-4000-8000-00000000f000', { incidentId: INCIDENT, status, cause: 'x' }, { ...context, correlationId: INCIDENT });

    it('records acknowledgement and resolution', () => {
      const { events } = given(triageDecider, [queued(), triaged()]).when(change('acknowledged'));
      expect(events.map((e) => e.data)).toEqual([{ incidentId: INCIDENT, status: 'acknowledged', cause: 'IncidentAcknowledged', by: 'user:alice' }]);
      expect(given(triageDecider, [queued(), triaged(), changed('acknowledged')]).state().progress).toBe('acknowledged');
    });

    it('never moves backwards and ignores repeats', () => {
      expect(given(triageDecider, [queued(), changed('acknowledged')]).when(change('acknowledged')).events).toEqual([]);
      expect(given(triageDecider, [queued(), changed('resolved')]).when(change('acknowledged')).events).toEqual([]);
    });

    it('keeps news that arrives before the incident itself', () => {
      const state = given(triageDecider, [changed('resolved'), queued(), triaged()]).state();
      expect(state).toMatchObject({ phase: 'triaged', progress: 'resolved' });
    });
  });
});

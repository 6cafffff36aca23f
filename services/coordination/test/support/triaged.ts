import { newId, RecordedEvent } from '@linchpin/eventsourcing';
import { IncidentTriagedEvent, IncidentTriagedV3 } from '@linchpin/contracts';

let position = 0;

type Decision = IncidentTriagedEvent['data'];

/**
 * Triage's decision on an incident as coordination receives it from the bus: a P1 routed to team payments (or
 * `team`) by rule `by-team`, falling back to operations, unless `over` says otherwise. `at` is when triage decided
 * and the store recorded it (default now).
 */
export const triaged = (incidentId: string, { team = 'payments', ...over }: Partial<Decision> & { team?: string } = {}, at: string = new Date().toISOString()): RecordedEvent => ({
  ...IncidentTriagedV3.create(
    newId(),
    {
      incidentId,
      priority: 'P1',
      severity: 'SEV1',
      impact: 1,
      urgency: 1,
      matrix: { id: 'default', version: 1 },
      route: { team, ruleId: 'by-team', ruleVersion: 1 },
      fallbackRoute: { team: 'operations' },
      title: 'Checkout is down',
      rationale: ['impact 1 x urgency 1 = P1'],
      ...over,
    },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: at },
  ),
  streamId: `triage-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: at,
});

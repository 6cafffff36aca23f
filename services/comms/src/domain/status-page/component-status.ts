import { PublicIncidentState } from './public-incident.decider';

/**
 * The public status page's rules (issue 15), named as Atlassian Statuspage names them, because that is what
 * readers of status pages and the tools that poll them know.
 *
 * A component is a service named by an incident (triage's `service`). Its status is the worst of its open
 * incidents', each by priority:
 *
 * | priority | incident impact | component status |
 * |---|---|---|
 * | P1 | critical | major outage |
 * | P2 | major | partial outage |
 * | P3 | minor | degraded performance |
 * | P4, P5 | none | operational (the incident is still listed) |
 *
 * A mitigated incident (its impact stopped, not yet resolved) counts as degraded performance at most. Resolved and
 * merged incidents count for nothing (a merged one's survivor carries it). "Under maintenance" is a known status
 * that nothing sets yet: detection's maintenance windows are not published events.
 */
export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export type IncidentImpact = 'none' | 'minor' | 'major' | 'critical';

/** The page's overall indicator, as Statuspage's `status.indicator`. */
export type PageIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

/** Worse is later: maintenance is above operational (it says something) and below any outage. */
const rank = (status: ComponentStatus): number => COMPONENT_STATUSES.indexOf(status);

export const worstStatus = (statuses: Iterable<ComponentStatus>): ComponentStatus => {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) if (rank(status) > rank(worst)) worst = status;
  return worst;
};

export function impactOf(priority: PublicIncidentState['priority']): IncidentImpact {
  switch (priority) {
    case 'P1':
      return 'critical';
    case 'P2':
      return 'major';
    case 'P3':
      return 'minor';
    default:
      return 'none';
  }
}

const STATUS_BY_IMPACT: Record<IncidentImpact, ComponentStatus> = {
  critical: 'major_outage',
  major: 'partial_outage',
  minor: 'degraded_performance',
  none: 'operational',
};

/** What one incident does to its component's status now. */
export function componentStatusOf(incident: Pick<PublicIncidentState, 'priority' | 'phase'>): ComponentStatus {
  if (incident.phase === 'resolved' || incident.phase === 'merged') return 'operational';
  const status = STATUS_BY_IMPACT[impactOf(incident.priority)];
  // Mitigated: the impact stopped, so no outage any more; a lower status stays as it was.
  if (incident.phase === 'mitigated' && rank(status) > rank('degraded_performance')) return 'degraded_performance';
  return status;
}

export const STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** The page's indicator and its sentence, from its worst component (Statuspage's wording). */
export function pageStatusOf(worst: ComponentStatus): { indicator: PageIndicator; description: string } {
  switch (worst) {
    case 'operational':
      return { indicator: 'none', description: 'All Systems Operational' };
    case 'under_maintenance':
      return { indicator: 'maintenance', description: 'Service Under Maintenance' };
    case 'degraded_performance':
      return { indicator: 'minor', description: 'Minor Service Outage' };
    case 'partial_outage':
      return { indicator: 'major', description: 'Partial System Outage' };
    case 'major_outage':
      return { indicator: 'critical', description: 'Major System Outage' };
  }
}

import { ComponentStatus, componentStatusOf, impactOf, IncidentImpact, PageIndicator, pageStatusOf, STATUS_LABELS, worstStatus } from './component-status';
import { PublicIncidentState } from './public-incident.decider';
import { PublicUpdate, PublicUpdateStatus } from './public-updates';

/** How far back the page's history goes, and how much it shows at most: the page is public, so its size is bounded. */
export const STATUS_PAGE_LIMITS = {
  historyDays: 90,
  components: 100,
  activeIncidents: 50,
  historyIncidents: 100,
  updatesPerIncident: 20,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PublicIncidentView {
  id: string;
  /** Built from the service and the impact: an incident's own title comes from an alert and may name hosts or customers. */
  name: string;
  status: PublicUpdateStatus;
  impact: IncidentImpact;
  /** The service (component) it affects, or null when triage named none. */
  component: string | null;
  componentStatus: ComponentStatus;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Public updates only, newest first. */
  updates: { id: string; status: PublicUpdateStatus; body: string; createdAt: string }[];
}

export interface StatusPageView {
  updatedAt: string;
  status: { indicator: PageIndicator; description: string };
  components: { name: string; status: ComponentStatus }[];
  incidents: PublicIncidentView[];
  history: PublicIncidentView[];
  historyDays: number;
}

export type KnownIncident = PublicIncidentState & { incidentId: string };

const NAME_BY_IMPACT: Record<IncidentImpact, string> = {
  critical: 'Major outage',
  major: 'Partial outage',
  minor: 'Degraded performance',
  none: 'Minor issue',
};

function nameOf(incident: KnownIncident): string {
  const impact = NAME_BY_IMPACT[impactOf(incident.priority)];
  if (!incident.service) return impact;
  return incident.priority === 'P4' || incident.priority === 'P5' ? `${impact} with ${incident.service}` : `${impact} of ${incident.service}`;
}

function publicStatusOf(incident: KnownIncident, updates: readonly PublicUpdate[]): PublicUpdateStatus {
  if (incident.phase === 'resolved') return 'resolved';
  const last = updates.at(-1);
  if (last) return last.status;
  return incident.phase === 'mitigated' ? 'monitoring' : 'investigating';
}

function viewOf(incident: KnownIncident, updates: readonly PublicUpdate[]): PublicIncidentView {
  const shown = updates.slice(-STATUS_PAGE_LIMITS.updatesPerIncident).reverse();
  const updatedAt = [incident.updatedAt ?? '', ...updates.map((u) => u.postedAt)].reduce((a, b) => (b > a ? b : a));
  return {
    id: incident.incidentId,
    name: nameOf(incident),
    status: publicStatusOf(incident, updates),
    impact: impactOf(incident.priority),
    component: incident.service,
    componentStatus: componentStatusOf(incident),
    createdAt: incident.openedAt ?? updatedAt,
    updatedAt,
    resolvedAt: incident.resolvedAt,
    updates: shown.map((u) => ({ id: u.updateId, status: u.status, body: u.message, createdAt: u.postedAt })),
  };
}

const newestFirst = (key: (i: PublicIncidentView) => string) => (a: PublicIncidentView, b: PublicIncidentView) => key(b).localeCompare(key(a));

/**
 * The page as it stands at `now`: components from every service incidents named (`services`, kept beyond the
 * history), the incidents not yet resolved, and those resolved in the last 90 days. Incidents triage has not
 * decided yet, and merged ones, are not shown.
 */
export function statusPageView(input: {
  incidents: Iterable<KnownIncident>;
  updatesOf: (incidentId: string) => readonly PublicUpdate[];
  services: Iterable<string>;
  now: Date;
}): StatusPageView {
  const since = new Date(input.now.getTime() - STATUS_PAGE_LIMITS.historyDays * DAY_MS).toISOString();
  const active: PublicIncidentView[] = [];
  const history: PublicIncidentView[] = [];
  for (const incident of input.incidents) {
    if (!incident.triaged || incident.phase === 'merged') continue;
    if (incident.phase === 'resolved') {
      if (incident.resolvedAt && incident.resolvedAt >= since) history.push(viewOf(incident, input.updatesOf(incident.incidentId)));
    } else active.push(viewOf(incident, input.updatesOf(incident.incidentId)));
  }
  const affected = new Map<string, ComponentStatus[]>();
  for (const incident of active) if (incident.component) affected.set(incident.component, [...(affected.get(incident.component) ?? []), incident.componentStatus]);
  const components = [...new Set([...input.services, ...affected.keys()])]
    .map((name) => ({ name, status: worstStatus(affected.get(name) ?? []) }))
    // Affected components first when there are more than the page shows, then by name.
    .sort((a, b) => Number(b.status !== 'operational') - Number(a.status !== 'operational') || a.name.localeCompare(b.name))
    .slice(0, STATUS_PAGE_LIMITS.components)
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    updatedAt: input.now.toISOString(),
    status: pageStatusOf(worstStatus(components.map((c) => c.status))),
    components,
    incidents: active.sort(newestFirst((i) => i.createdAt)).slice(0, STATUS_PAGE_LIMITS.activeIncidents),
    history: history.sort(newestFirst((i) => i.resolvedAt ?? '')).slice(0, STATUS_PAGE_LIMITS.historyIncidents),
    historyDays: STATUS_PAGE_LIMITS.historyDays,
  };
}

export { STATUS_LABELS };

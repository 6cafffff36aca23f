import { ComponentStatus, componentStatusOf, impactOf, IncidentImpact, PageIndicator, pageStatusOf, STATUS_LABELS, worstStatus } from './component-status';
import { PublicIncidentState } from './public-incident.decider';
import { isActiveAt, isPendingOrActiveAt, servicesCoveredBy } from './maintenance-coverage';
import { PublicMaintenanceWindow } from './public-maintenance.decider';
import { PublicUpdate, PublicUpdateStatus } from './public-updates';

/** How far back the page's history goes, and how much it shows at most: the page is public, so its size is bounded. */
export const STATUS_PAGE_LIMITS = {
  historyDays: 90,
  components: 100,
  activeIncidents: 50,
  historyIncidents: 100,
  updatesPerIncident: 20,
  scheduledMaintenances: 50,
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

/** A maintenance window as the page shows it (Statuspage's `scheduled_maintenances`): only those covering a component. */
export interface PublicMaintenanceView {
  id: string;
  /** Built from the components it covers: the operator's own name for the window is internal wording. */
  name: string;
  /** `in_progress` between its start and end, `scheduled` before. */
  status: 'scheduled' | 'in_progress';
  scheduledFor: string;
  scheduledUntil: string;
  /** The components it covers, by their names on the page. */
  components: string[];
}

export interface StatusPageView {
  updatedAt: string;
  status: { indicator: PageIndicator; description: string };
  components: { name: string; status: ComponentStatus }[];
  incidents: PublicIncidentView[];
  history: PublicIncidentView[];
  historyDays: number;
  scheduledMaintenances: PublicMaintenanceView[];
}

export type KnownIncident = PublicIncidentState & { incidentId: string };

/** A service as triage's catalog last told comms of it: listed (under its display name, when it has one) or retired. */
export interface CatalogedService {
  name: string;
  displayName: string | null;
  listed: boolean;
}

const NAME_BY_IMPACT: Record<IncidentImpact, string> = {
  critical: 'Major outage',
  major: 'Partial outage',
  minor: 'Degraded performance',
  none: 'Minor issue',
};

function nameOf(incident: KnownIncident, component: string | null): string {
  const impact = NAME_BY_IMPACT[impactOf(incident.priority)];
  if (!component) return impact;
  return incident.priority === 'P4' || incident.priority === 'P5' ? `${impact} with ${component}` : `${impact} of ${component}`;
}

function publicStatusOf(incident: KnownIncident, updates: readonly PublicUpdate[]): PublicUpdateStatus {
  if (incident.phase === 'resolved') return 'resolved';
  const last = updates.at(-1);
  if (last) return last.status;
  return incident.phase === 'mitigated' ? 'monitoring' : 'investigating';
}

/** `component`: the incident's service as the page names it (its catalog display name, when it has one). */
function viewOf(incident: KnownIncident, updates: readonly PublicUpdate[], component: string | null): PublicIncidentView {
  const shown = updates.slice(-STATUS_PAGE_LIMITS.updatesPerIncident).reverse();
  const updatedAt = [incident.updatedAt ?? '', ...updates.map((u) => u.postedAt)].reduce((a, b) => (b > a ? b : a));
  return {
    id: incident.incidentId,
    name: nameOf(incident, component),
    status: publicStatusOf(incident, updates),
    impact: impactOf(incident.priority),
    component,
    componentStatus: componentStatusOf(incident),
    createdAt: incident.openedAt ?? updatedAt,
    updatedAt,
    resolvedAt: incident.resolvedAt,
    updates: shown.map((u) => ({ id: u.updateId, status: u.status, body: u.message, createdAt: u.postedAt })),
  };
}

const newestFirst = (key: (i: PublicIncidentView) => string) => (a: PublicIncidentView, b: PublicIncidentView) => key(b).localeCompare(key(a));

/**
 * The page as it stands at `now`. Components: every service triage's catalog lists, every service incidents named
 * (`services`, kept beyond the history) unless the catalog retired it, and every service an open incident names
 * (retired or not: it is affected). Each is shown under its catalog display name, else its name. Its status is the
 * worst of its open incidents'; with none worse than operational, a maintenance window in force that covers it makes
 * it under maintenance. Incidents: those not yet resolved, and those resolved in the last 90 days; incidents triage
 * has not decided yet, and merged ones, are not shown. Scheduled maintenances: windows not over nor cancelled that
 * cover a component on the page.
 */
export function statusPageView(input: {
  incidents: Iterable<KnownIncident>;
  updatesOf: (incidentId: string) => readonly PublicUpdate[];
  services: Iterable<string>;
  catalog?: Iterable<CatalogedService>;
  maintenances?: Iterable<PublicMaintenanceWindow>;
  now: Date;
}): StatusPageView {
  const catalog = new Map([...(input.catalog ?? [])].map((service) => [service.name, service]));
  const display = (service: string): string => catalog.get(service)?.displayName ?? service;
  const since = new Date(input.now.getTime() - STATUS_PAGE_LIMITS.historyDays * DAY_MS).toISOString();
  const active: PublicIncidentView[] = [];
  const affected = new Map<string, ComponentStatus[]>();
  const history: PublicIncidentView[] = [];
  for (const incident of input.incidents) {
    if (!incident.triaged || incident.phase === 'merged') continue;
    const view = viewOf(incident, input.updatesOf(incident.incidentId), incident.service && display(incident.service));
    if (incident.phase === 'resolved') {
      if (incident.resolvedAt && incident.resolvedAt >= since) history.push(view);
    } else {
      active.push(view);
      if (incident.service) affected.set(incident.service, [...(affected.get(incident.service) ?? []), view.componentStatus]);
    }
  }
  const retired = (service: string) => catalog.get(service)?.listed === false;
  const shown = new Set([...input.services].filter((service) => !retired(service)));
  for (const service of catalog.values()) if (service.listed) shown.add(service.name);
  for (const service of affected.keys()) shown.add(service);

  const windows = [...(input.maintenances ?? [])];
  const underMaintenance = new Set(windows.filter((w) => isActiveAt(w, input.now)).flatMap(servicesCoveredBy));
  const components = [...shown]
    .map((service) => ({
      service,
      name: display(service),
      status: worstStatus([...(affected.get(service) ?? []), underMaintenance.has(service) ? 'under_maintenance' : 'operational']),
    }))
    // Affected components first when there are more than the page shows, then by name.
    .sort((a, b) => Number(b.status !== 'operational') - Number(a.status !== 'operational') || a.name.localeCompare(b.name))
    .slice(0, STATUS_PAGE_LIMITS.components)
    .sort((a, b) => a.name.localeCompare(b.name));
  const onPage = new Set(components.map((c) => c.service));
  return {
    updatedAt: input.now.toISOString(),
    status: pageStatusOf(worstStatus(components.map((c) => c.status))),
    components: components.map(({ name, status }) => ({ name, status })),
    incidents: active.sort(newestFirst((i) => i.createdAt)).slice(0, STATUS_PAGE_LIMITS.activeIncidents),
    history: history.sort(newestFirst((i) => i.resolvedAt ?? '')).slice(0, STATUS_PAGE_LIMITS.historyIncidents),
    historyDays: STATUS_PAGE_LIMITS.historyDays,
    scheduledMaintenances: maintenancesOf(windows, onPage, display, input.now),
  };
}

function maintenancesOf(windows: PublicMaintenanceWindow[], onPage: Set<string>, display: (service: string) => string, now: Date): PublicMaintenanceView[] {
  return windows
    .filter((w) => isPendingOrActiveAt(w, now))
    .map((w) => ({ window: w, components: servicesCoveredBy(w).filter((s) => onPage.has(s)).map(display).sort((a, b) => a.localeCompare(b)) }))
    .filter(({ components }) => components.length > 0)
    .sort((a, b) => Date.parse(a.window.startsAt) - Date.parse(b.window.startsAt) || a.window.windowId.localeCompare(b.window.windowId))
    .slice(0, STATUS_PAGE_LIMITS.scheduledMaintenances)
    .map(({ window, components }) => ({
      id: window.windowId,
      name: `Scheduled maintenance of ${components.join(', ')}`,
      status: isActiveAt(window, now) ? ('in_progress' as const) : ('scheduled' as const),
      // In UTC, like every other time on the page (a window may have been given with an offset).
      scheduledFor: new Date(window.startsAt).toISOString(),
      scheduledUntil: new Date(window.endsAt).toISOString(),
      components,
    }));
}

export { STATUS_LABELS };

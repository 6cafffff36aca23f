import { ResponseState } from '../domain/response.decider';
import { IncidentTriageNotedEvent } from '../domain/incident-triage.decider';
import { IncidentSlaView } from './sla.commands';

export type IncidentStatus = Exclude<ResponseState['status'], 'none'>;
export type IncidentPriority = NonNullable<Extract<ResponseState, { status: 'triggered' }>['priority']>;
export type IncidentSeverity = IncidentTriageNotedEvent['data']['severity'];

/**
 * Every status the response decider knows: typed as a record of its statuses, so a status the
 * lifecycle adds fails the build here until the list's filter accepts it.
 */
const KNOWN_STATUSES: Record<IncidentStatus, true> = { triggered: true, acknowledged: true, investigating: true, identified: true, monitoring: true, resolved: true };
export const INCIDENT_STATUSES = Object.keys(KNOWN_STATUSES) as IncidentStatus[];
export const INCIDENT_PRIORITIES: readonly IncidentPriority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

/** One incident as the list shows it: what a responder scans for, the full response is `GET /coordination/incidents/{id}`. */
export interface IncidentListItem {
  incidentId: string;
  title: string | null;
  priority: IncidentPriority | null;
  /** The last re-triage's, else triage's first decision's; null when coordination has not heard it. */
  severity: IncidentSeverity | null;
  /** The catalog service triage named; null when it named none (or before coordination kept it). */
  service: string | null;
  status: IncidentStatus;
  team: string;
  teamId: string | null;
  /** When coordination opened its response (the first page, or the record that nobody could be paged): the list's order. */
  openedAt: string;
  /** The first page's time; null when nobody was paged. */
  pagedAt: string | null;
  paged: boolean;
  pagedReason: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** null when no escalation started (nobody was paged). */
  escalation: { level: number | null; repeat: number | null; levels: number; exhausted: boolean; nextDeadlineAt: string | null } | null;
  /** Everyone paged for it, once each, in the order first paged. */
  responders: { personId: string; name: string }[];
  /** Its SLA clocks as the war room and `GET …/sla` show them, counted at the request's instant; null before they start. */
  sla: IncidentSlaView | null;
}

export interface IncidentPage {
  items: IncidentListItem[];
  /** Pass it back as `cursor` (with the same filters) for the next page; null on the last. */
  nextCursor: string | null;
}

/** The list's filters, each optional; several given must all hold. */
export interface IncidentFilters {
  statuses?: IncidentStatus[];
  priorities?: IncidentPriority[];
  /** A team's name (any case) or id. */
  team?: string;
  service?: string;
  /** A person paged for it. */
  responder?: string;
  /** `openedAt` in [openedFrom, openedTo). */
  openedFrom?: string;
  openedTo?: string;
  paged?: boolean;
}

import { TimelineEntry } from './timeline';
import { statusUpdateFactsOf } from './status-update-entry';
import { eventTimeOf } from './event-time';
import { sourceData } from './as-of/source-data';
import { PersonInvolved, RoleHolder, Assignment, applyPeople, noPeople } from './as-of/people';
import { OpenAlert, applyAlerts } from './as-of/alerts';
import { PendingTimer, UpdateCadence, applyTimers, asOfMoment } from './as-of/timers';
import { Told, applyTold, toldNothing } from './as-of/told';
import { ResponseStatus, applyResponse, noResponse } from './as-of/response';
import { ChangesKnown, RelatedChange, changesBefore } from './changes/changes-before';

export type IncidentStatus = 'detected' | 'triaged' | 'acknowledged' | 'resolved';

export interface IncidentSnapshot {
  status: IncidentStatus;
  title: string | null;
  severity: string | null;
  priority: string | null;
  team: string | null;
  alertCount: number;
  paged: { responder: string; team: string; at: string }[];
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  /** The last status update of any audience; `status` is its phase by its older name. */
  lastUpdate: { status: string; phase: string; audience: string; message: string; at: string } | null;

  // Since issue 16 (item 2): the whole state across contexts. Every instant below is an event time (at the source).
  /** When detection opened the incident (`IncidentDetected`), else null. */
  detectedAt: string | null;
  /** Coordination's lifecycle status then (reopens move it back); null until coordination said anything. */
  response: ResponseStatus | null;
  /** The priority then, as re-prioritised since triage's decision (`priority` keeps triage's first). */
  currentPriority: string | null;
  mitigatedAt: string | null;
  reopens: number;
  mergedInto: string | null;
  /** The services the incident touched by then (its alerts', triage's, the assessment's), sorted. */
  services: string[];
  /** People coordination's events named: paged, added, holding a role. */
  people: PersonInvolved[];
  /** The incident roles held then. */
  roles: RoleHolder[];
  /** Where a reassignment sent the response, else null. */
  assignedTo: Assignment | null;
  /** The incident's alerts that had fired (or joined, or moved in) and not resolved by then. */
  openAlerts: OpenAlert[];
  /** Deadlines set and not yet passed, stopped or cancelled by then, soonest first. */
  pendingTimers: PendingTimer[];
  /** Comms' update cadence for the incident, once an `UpdateOverdue` said it; else null. */
  updateCadence: UpdateCadence | null;
  /** What each audience had been told: the number of status updates and the last. */
  told: Told;
  /** Changes to the incident's services and their dependencies in the window before it (`changesBefore`). */
  changes: RelatedChange[];
}

type Data = Record<string, unknown>;
const field = (data: unknown, key: string): unknown => (data && typeof data === 'object' ? (data as Data)[key] : undefined);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const emptySnapshot: IncidentSnapshot = {
  status: 'detected',
  title: null,
  severity: null,
  priority: null,
  team: null,
  alertCount: 0,
  paged: [],
  acknowledgedBy: null,
  resolvedBy: null,
  lastUpdate: null,
  detectedAt: null,
  ...noResponse,
  ...noPeople,
  openAlerts: [],
  pendingTimers: [],
  updateCadence: null,
  told: toldNothing,
  changes: [],
};

/** Status only moves forward: a late triage never reopens an acknowledged or resolved incident. */
const rank: Record<IncidentStatus, number> = { detected: 0, triaged: 1, acknowledged: 2, resolved: 3 };
const advance = (current: IncidentStatus, next: IncidentStatus): IncidentStatus => (rank[next] > rank[current] ? next : current);

export function applyEntry(state: IncidentSnapshot, entry: TimelineEntry): IncidentSnapshot {
  return applyAcrossContexts(applyFirstFields(state, entry), entry);
}

/** The fields added by issue 16, each folded by its own part from the source's data at its newest version. */
function applyAcrossContexts(state: IncidentSnapshot, entry: TimelineEntry): IncidentSnapshot {
  const d = sourceData(entry);
  const { response, currentPriority, mitigatedAt, reopens, mergedInto, services } = applyResponse(state, entry, d);
  const { people, roles, assignedTo } = applyPeople(state, entry, d);
  const timers = applyTimers({ pending: state.pendingTimers, updateCadence: state.updateCadence }, entry, d);
  return {
    ...state,
    detectedAt: state.detectedAt ?? (entry.type === 'IncidentDetected' ? eventTimeOf(entry) : null),
    response,
    currentPriority,
    mitigatedAt,
    reopens,
    mergedInto,
    services,
    people,
    roles,
    assignedTo,
    openAlerts: applyAlerts(state.openAlerts, entry, d),
    pendingTimers: timers.pending,
    updateCadence: timers.updateCadence,
    told: applyTold(state.told, entry, d),
  };
}

/** The first fields of the state, exactly as before issue 16 (other systems read them). */
function applyFirstFields(state: IncidentSnapshot, entry: TimelineEntry): IncidentSnapshot {
  const d = entry.data;
  switch (entry.type) {
    case 'AlertFired':
      return { ...state, alertCount: state.alertCount + 1, severity: state.severity ?? text(field(d, 'severity')) };
    case 'IncidentDetected':
      return { ...state, title: text(field(d, 'title')) ?? state.title, severity: text(field(d, 'severity')) ?? state.severity };
    case 'IncidentTriaged':
      return {
        ...state,
        status: advance(state.status, 'triaged'),
        priority: text(field(d, 'priority')) ?? state.priority,
        team: text(field(field(d, 'route'), 'team')) ?? state.team,
        title: state.title ?? text(field(d, 'title')),
      };
    case 'ResponderPaged':
      return {
        ...state,
        paged: [...state.paged, { responder: text(field(d, 'responder')) ?? text(field(field(d, 'responder'), 'name')) ?? '?', team: text(field(d, 'team')) ?? '?', at: entry.at }],
      };
    case 'IncidentAcknowledged':
      return { ...state, status: advance(state.status, 'acknowledged'), acknowledgedBy: text(field(d, 'by')) };
    case 'IncidentResolved':
      return { ...state, status: 'resolved', resolvedBy: text(field(d, 'by')) };
    case 'StatusUpdatePosted': {
      const facts = statusUpdateFactsOf(entry)!;
      return { ...state, lastUpdate: { status: facts.phase, phase: facts.phase, audience: facts.audience, message: text(field(d, 'message')) ?? '', at: entry.at } };
    }
    default:
      return state;
  }
}

/**
 * The incident as it stood at `asOf`: the ordered entries recorded at or before that moment,
 * and their fold. `state` is null when nothing was known yet. With `changes` (review's copies of the
 * changes and the catalog), the state's `changes` are those review knew of by then.
 */
export function asOf(
  entries: readonly TimelineEntry[],
  at: Date,
  changes?: ChangesKnown,
): { state: IncidentSnapshot | null; entries: TimelineEntry[] } {
  const until = at.getTime();
  const known = entries.filter((e) => Date.parse(e.at) <= until);
  if (known.length === 0) return { state: null, entries: known };
  const folded = known.reduce(applyEntry, emptySnapshot);
  const state: IncidentSnapshot = {
    ...folded,
    pendingTimers: asOfMoment(folded.pendingTimers, at),
    changes: changes ? changesBefore({ ...changes, services: folded.services, incidentStart: incidentStartOf(folded, known), knownAt: at }) : [],
  };
  return { state, entries: known };
}

/** Where the window before the incident ends: its detection, else the first thing review heard of it. */
export const incidentStartOf = (state: Pick<IncidentSnapshot, 'detectedAt'>, entries: readonly TimelineEntry[]): string =>
  state.detectedAt ?? entries.map(eventTimeOf).reduce((a, b) => (a < b ? a : b));

import { IncidentMetrics, incidentMetrics, METRICS_DEFINITIONS_VERSION } from '../metrics/incident-metrics';
import { statusUpdateFactsOf } from '../status-update-entry';
import { TimelineEntry } from '../timeline';
import { eventTimeOf } from '../event-time';
import { asOf as stateAsOf } from '../as-of';
import { ChangesKnown, RelatedChange } from '../changes/changes-before';

/**
 * What a postmortem starts from, read from the incident's timeline (review's own events) whenever it is shown: the
 * facts, never retyped by people. A published postmortem reads them as they stood when it was published.
 */
export interface PostmortemPrefill {
  summary: {
    title: string | null;
    service: string | null;
    priority: string | null;
    severity: string | null;
    team: string | null;
    alerts: number;
    resolvedBy: string | null;
    resolution: string | null;
  };
  impact: {
    /** Triage's impact and urgency levels (1 highest … 4), and the service it triaged. */
    impact: number | null;
    urgency: number | null;
    service: string | null;
    /** The last public status update (what customers were told), or null. */
    lastPublicUpdate: { phase: string; impact: string; message: string; at: string } | null;
  };
  /** The incident's metrics, exactly as `GET /review/incidents/{id}/metrics?at=<asOf>` answers them. */
  metrics: IncidentMetrics & { definitions: number; asOf: string };
  /** The moments that shaped the response, in order. */
  timeline: ExcerptEntry[];
  /**
   * The changes to the impacted services and their dependencies in the window before the incident (issue 16 item 9),
   * newest first: exactly the timeline's `?at=<asOf>` `state.changes` (`changesBefore`, from review's own copies).
   */
  changesBeforeIncident: RelatedChange[];
  /** The window those changes were looked for in, in hours before the incident's start (`REVIEW_CHANGES_WINDOW_HOURS`). */
  changesWindowHours: number;
}

export interface ExcerptEntry {
  occurredAt: string;
  context: string;
  type: string;
  actor: string;
  summary: string;
  eventId: string;
}

/** The facts a postmortem's timeline excerpt keeps: each phase, pages, escalations, updates, roles; people's decisions. */
const EXCERPT_TYPES: ReadonlySet<string> = new Set([
  'AlertFired',
  'IncidentDetected',
  'IncidentTriaged',
  'IncidentReprioritised',
  'ResponderPaged',
  'EscalationLevelReached',
  'IncidentUnrouted',
  'IncidentAcknowledged',
  'IncidentRoleAssigned',
  'IncidentMitigated',
  'StatusUpdatePosted',
  'SlaBreached',
  'UpdateOverdue',
  'IncidentResolved',
  'IncidentReopened',
  'IncidentMerged',
]);
/** The excerpt is a summary: at most this many entries (the whole timeline is a link away). */
export const EXCERPT_LIMIT = 100;

type Data = Record<string, unknown>;
const field = (data: unknown, key: string): unknown => (data && typeof data === 'object' ? (data as Data)[key] : undefined);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const level = (value: unknown): number | null => (typeof value === 'number' ? value : null);

const inExcerpt = (entry: TimelineEntry): boolean => EXCERPT_TYPES.has(entry.type) || entry.note?.kind === 'decision';

/** The incident's priority as review last heard it (triage's decision, then its re-prioritisations), or null. */
export function priorityOf(entries: readonly TimelineEntry[]): string | null {
  let priority: string | null = null;
  for (const entry of entries) {
    if (entry.type === 'IncidentTriaged' || entry.type === 'IncidentReprioritised' || entry.type === 'ResponsePriorityChanged') {
      priority = text(field(entry.data, 'priority')) ?? priority;
    }
  }
  return priority;
}

/**
 * The prefill of a postmortem from the incident's ordered timeline entries (notes at their current text), as they stood
 * at `asOf` (only what happened by then counts). The metrics are review's metrics, folded by the same function; the
 * changes before the incident are chosen from review's copies (`changes`) as the timeline's state as of `asOf` chooses them.
 */
export function postmortemPrefill(entries: readonly TimelineEntry[], asOf: Date, changes: ChangesKnown): PostmortemPrefill {
  const known = entries.filter((e) => Date.parse(eventTimeOf(e)) <= asOf.getTime());
  const summary: PostmortemPrefill['summary'] = { title: null, service: null, priority: priorityOf(known), severity: null, team: null, alerts: 0, resolvedBy: null, resolution: null };
  const impact: PostmortemPrefill['impact'] = { impact: null, urgency: null, service: null, lastPublicUpdate: null };
  for (const entry of known) {
    const d = entry.data;
    switch (entry.type) {
      case 'AlertFired':
        summary.alerts += 1;
        break;
      case 'IncidentDetected':
        summary.title = text(field(d, 'title')) ?? summary.title;
        summary.service = text(field(d, 'service')) ?? summary.service;
        break;
      case 'IncidentTriaged':
      case 'IncidentReprioritised':
        summary.title = summary.title ?? text(field(d, 'title'));
        summary.severity = text(field(d, 'severity')) ?? summary.severity;
        summary.team = text(field(field(d, 'route'), 'team')) ?? summary.team;
        impact.impact = level(field(d, 'impact')) ?? impact.impact;
        impact.urgency = level(field(d, 'urgency')) ?? impact.urgency;
        impact.service = text(field(d, 'service')) ?? impact.service;
        break;
      case 'ResponsePriorityChanged':
        summary.severity = text(field(d, 'severity')) ?? summary.severity;
        break;
      case 'IncidentResolved':
        summary.resolvedBy = text(field(d, 'by'));
        summary.resolution = text(field(d, 'resolution'));
        break;
      case 'IncidentReopened':
        summary.resolvedBy = null;
        summary.resolution = null;
        break;
      case 'StatusUpdatePosted': {
        const facts = statusUpdateFactsOf(entry)!;
        if (facts.audience === 'public') impact.lastPublicUpdate = { phase: facts.phase, impact: facts.impact, message: text(field(d, 'message')) ?? '', at: eventTimeOf(entry) };
        break;
      }
      default:
        break;
    }
  }
  summary.service = summary.service ?? impact.service;
  return {
    summary,
    impact,
    metrics: { definitions: METRICS_DEFINITIONS_VERSION, asOf: asOf.toISOString(), ...incidentMetrics(entries, asOf) },
    timeline: known
      .filter(inExcerpt)
      .slice(0, EXCERPT_LIMIT)
      .map((e) => ({ occurredAt: eventTimeOf(e), context: e.context, type: e.type, actor: e.actor, summary: e.summary, eventId: e.eventId })),
    changesBeforeIncident: stateAsOf(entries, asOf, changes).state?.changes ?? [],
    changesWindowHours: changes.windowHours,
  };
}

import { TimelineEntry } from './timeline';
import { statusUpdateFactsOf } from './status-update-entry';

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
};

/** Status only moves forward: a late triage never reopens an acknowledged or resolved incident. */
const rank: Record<IncidentStatus, number> = { detected: 0, triaged: 1, acknowledged: 2, resolved: 3 };
const advance = (current: IncidentStatus, next: IncidentStatus): IncidentStatus => (rank[next] > rank[current] ? next : current);

export function applyEntry(state: IncidentSnapshot, entry: TimelineEntry): IncidentSnapshot {
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
 * and their fold. `state` is null when nothing was known yet.
 */
export function asOf(entries: readonly TimelineEntry[], at: Date): { state: IncidentSnapshot | null; entries: TimelineEntry[] } {
  const until = at.getTime();
  const known = entries.filter((e) => Date.parse(e.at) <= until);
  return { state: known.length === 0 ? null : known.reduce(applyEntry, emptySnapshot), entries: known };
}

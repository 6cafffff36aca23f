import { Evidence } from '../domain/assessment';
import { ResponseNotes, responseNotesDecider } from '../domain/response-notes.decider';
import { SlaClocks } from '../domain/sla-clocks';
import { Progress, TriageState } from '../domain/triage.decider';

export type TriageEvidence = Evidence;

/**
 * Before anyone acknowledged it (coordination's `triggered`): `queued`, `triaged`, or `unpaged` (triaged, but
 * coordination could page nobody: no such team, nobody to page; a person must act). From then on, coordination's
 * lifecycle status.
 */
export type QueueStatus = 'queued' | 'triaged' | 'unpaged' | Exclude<Progress, 'open'>;

/** What triage knows about one incident, as the API shows it. */
export interface TriageView {
  incidentId: string;
  title: string;
  severity: string;
  source: string;
  service: string | null;
  labels: Record<string, string>;
  /** False while triage has received the incident but not decided it (or failed to). */
  triaged: boolean;
  /** The priority in force: the first triage's, or the last re-triage's or override's. */
  priority: string | null;
  /** SEV1–SEV4, from the priority unless a person set it. */
  incidentSeverity: string | null;
  impact: number | null;
  urgency: number | null;
  /** What triage first decided, before any re-triage. */
  initialPriority: string | null;
  /** True while a person's override holds the priority. */
  overridden: boolean;
  matrix: { id: string; version: number } | null;
  route: { team: string; ruleId: string; ruleVersion: number; escalationPolicy?: string } | null;
  rationale: string[];
  /** Null until coordination said; then true once someone was paged, false when nobody could be. */
  paged: boolean | null;
  /** Coordination's words: who was paged and by which route, or why nobody was. */
  pagedReason: string | null;
  /** True once coordination's escalation policy ran out unacknowledged (the default route's team was paged). */
  escalationExhausted: boolean;
  /** What triage last learned from detection and the service catalog. */
  evidence: TriageEvidence | null;
  status: QueueStatus;
  /** When coordination recorded the impact stopped (distinct from the `monitoring` status); null until then. */
  mitigatedAt: string | null;
  /** The incident this one was merged into (the survivor); null while it stands on its own. Merged incidents leave the queue. */
  mergedInto: string | null;
  /** The SLA clocks coordination runs for the incident; null until they start. */
  sla: SlaClocks | null;
  /** When detection recorded the incident. */
  detectedAt: string;
  firstSignalAt: string;
  triagedAt: string | null;
}

/** Undefined while triage has not received the incident itself (only news about it). */
export const viewOf = (state: TriageState, notes: ResponseNotes = responseNotesDecider.initialState): TriageView | undefined => {
  if (state.phase === 'unknown') return undefined;
  const { incident, progress } = state;
  const triage = state.phase === 'triaged' ? state.triage : undefined;
  const current = state.phase === 'triaged' ? state.current : undefined;
  const status: QueueStatus = progress !== 'open' ? progress : !triage ? 'queued' : state.paging?.paged === false ? 'unpaged' : 'triaged';
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    severity: incident.severity,
    source: incident.source,
    service: incident.service ?? null,
    labels: incident.labels,
    triaged: triage !== undefined,
    priority: current?.priority ?? null,
    incidentSeverity: current?.severity ?? null,
    impact: current?.impact ?? null,
    urgency: current?.urgency ?? null,
    initialPriority: triage?.priority ?? null,
    overridden: current?.overridden ?? false,
    matrix: current?.matrix ?? null,
    route: triage?.route ?? null,
    rationale: current?.rationale ?? [],
    paged: state.paging?.paged ?? null,
    pagedReason: state.paging?.reason ?? null,
    escalationExhausted: state.escalationExhausted ?? false,
    evidence: state.evidence ?? null,
    status,
    mitigatedAt: notes.mitigatedAt,
    mergedInto: notes.mergedInto,
    sla: notes.sla,
    detectedAt: incident.detectedAt,
    firstSignalAt: incident.firstSignalAt,
    triagedAt: triage?.triagedAt ?? null,
  };
};

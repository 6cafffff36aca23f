import { upcasters } from '@linchpin/contracts';
import { RecordedEvent, UpcasterChain } from '@linchpin/eventsourcing';
import { TriageEvent, triageDecider, TriageState } from '../domain/triage.decider';

export type QueueStatus = 'queued' | 'triaged' | 'acknowledged' | 'resolved';

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
  priority: string | null;
  impact: number | null;
  urgency: number | null;
  matrix: { id: string; version: number } | null;
  route: { team: string; ruleId: string; ruleVersion: number } | null;
  rationale: string[];
  status: QueueStatus;
  /** When detection recorded the incident. */
  detectedAt: string;
  firstSignalAt: string;
  triagedAt: string | null;
}

const upcast = new UpcasterChain(upcasters);

export const foldTriage = (events: RecordedEvent[]): TriageState =>
  events.reduce((state, event) => triageDecider.evolve(state, upcast.upcast(event) as unknown as TriageEvent), triageDecider.initialState);

/** Undefined while triage has not received the incident itself (only news about it). */
export const viewOf = (state: TriageState): TriageView | undefined => {
  if (state.phase === 'unknown') return undefined;
  const { incident, progress } = state;
  const triage = state.phase === 'triaged' ? state.triage : undefined;
  const status: QueueStatus = progress !== 'open' ? progress : triage ? 'triaged' : 'queued';
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    severity: incident.severity,
    source: incident.source,
    service: incident.service ?? null,
    labels: incident.labels,
    triaged: triage !== undefined,
    priority: triage?.priority ?? null,
    impact: triage?.impact ?? null,
    urgency: triage?.urgency ?? null,
    matrix: triage?.matrix ?? null,
    route: triage?.route ?? null,
    rationale: triage?.rationale ?? [],
    status,
    detectedAt: incident.detectedAt,
    firstSignalAt: incident.firstSignalAt,
    triagedAt: triage?.triagedAt ?? null,
  };
};

import { eventTimeOf } from '../event-time';
import { TimelineEntry } from '../timeline';
import { Data, list, obj, text } from './source-data';

/** Coordination's status of the response (its lifecycle), as its events moved it; reopens move it back. */
export type ResponseStatus = 'triggered' | 'acknowledged' | 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface ResponseFacts {
  /** Null until coordination said anything of the incident. */
  response: ResponseStatus | null;
  /** The priority then: triage's decision, as re-prioritised since (`priority` keeps triage's first one). */
  currentPriority: string | null;
  /** When the impact stopped (`IncidentMitigated`), else null. */
  mitigatedAt: string | null;
  reopens: number;
  /** The incident it was merged into then, else null. */
  mergedInto: string | null;
  /** The services the incident touched by then: its alerts', triage's and detection's assessment's, sorted. */
  services: string[];
}

export const noResponse: ResponseFacts = { response: null, currentPriority: null, mitigatedAt: null, reopens: 0, mergedInto: null, services: [] };

const withServices = (facts: ResponseFacts, ...names: unknown[]): ResponseFacts => {
  const added = names.filter((n): n is string => typeof n === 'string' && n.length > 0);
  if (added.every((n) => facts.services.includes(n))) return facts;
  return { ...facts, services: [...new Set([...facts.services, ...added])].sort() };
};

export function applyResponse(facts: ResponseFacts, entry: TimelineEntry, d: Data): ResponseFacts {
  switch (entry.type) {
    case 'AlertFired':
      return withServices(facts, d.service ?? obj(d.labels).service);
    case 'AlertJoinedIncident':
      return withServices(facts, d.service);
    case 'AlertsMovedToIncident':
      return withServices(facts, ...list(d.alerts).map((a) => obj(a).service));
    case 'IncidentDetected':
      return withServices(facts, obj(d.labels).service);
    case 'IncidentAssessed':
      return withServices(facts, ...list(d.impactedServices));
    case 'IncidentTriaged':
      return withServices({ ...facts, currentPriority: text(d.priority) ?? facts.currentPriority }, d.service);
    case 'IncidentReprioritised':
    case 'ResponsePriorityChanged':
      return { ...facts, currentPriority: text(d.priority) ?? facts.currentPriority };
    case 'ResponderPaged':
    case 'EscalationStarted':
    case 'EscalationLevelReached':
      return { ...facts, response: facts.response ?? 'triggered' };
    case 'IncidentAcknowledged':
      return facts.response === 'resolved' ? facts : { ...facts, response: 'acknowledged' };
    case 'IncidentStatusChanged':
      return { ...facts, response: (text(d.to) as ResponseStatus | null) ?? facts.response };
    case 'IncidentMitigated':
      return { ...facts, mitigatedAt: facts.mitigatedAt ?? text(d.mitigatedAt) ?? eventTimeOf(entry) };
    case 'IncidentResolved':
      return { ...facts, response: 'resolved' };
    case 'IncidentReopened':
      return { ...facts, response: (text(d.status) as ResponseStatus | null) ?? 'triggered', reopens: facts.reopens + 1 };
    case 'IncidentMerged':
      return { ...facts, mergedInto: text(d.into) };
    case 'IncidentUnmerged':
      return { ...facts, mergedInto: null };
    default:
      return facts;
  }
}

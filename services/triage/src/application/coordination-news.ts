import {
  IncidentAcknowledged,
  IncidentMerged,
  IncidentMitigated,
  IncidentReassigned,
  IncidentReopened,
  IncidentResolved,
  IncidentStatusChanged,
  IncidentUnmerged,
  SlaBreached,
  SlaClocksRetargeted,
  SlaClocksStarted,
  SlaClockStopped,
} from '@linchpin/contracts';
import { CommandContext, deterministicId, PublishedEvent } from '@linchpin/eventsourcing';
import { ResponseNotesCommand } from '../domain/response-notes.decider';
import { SlaFact } from '../domain/sla-clocks';
import { FollowedStatus } from '../domain/triage.decider';

/** Component names in deterministic ids (fixed forever: changing them breaks idempotency). */
const RESPONSE_NOTES = 'triage.response-notes';

/**
 * The status a coordination event moves its incident to, and who moved it; undefined for an event
 * that moves none. A reassignment is `triggered` again: the new assignee has not acknowledged it.
 */
export const statusChangeOf = (event: PublishedEvent): { incidentId: string; status: FollowedStatus; by: string } | undefined => {
  if (IncidentAcknowledged.is(event)) return { incidentId: event.data.incidentId, status: 'acknowledged', by: event.data.by };
  if (IncidentStatusChanged.is(event)) return { incidentId: event.data.incidentId, status: event.data.to, by: event.data.by };
  if (IncidentResolved.is(event)) return { incidentId: event.data.incidentId, status: 'resolved', by: event.data.by };
  if (IncidentReopened.is(event)) return { incidentId: event.data.incidentId, status: event.data.status, by: event.data.by };
  if (IncidentReassigned.is(event)) return { incidentId: event.data.incidentId, status: 'triggered', by: event.data.by };
  return undefined;
};

/** The response note a coordination event gives (mitigation, merge, SLA clocks); undefined for any other. */
export const responseNoteOf = (event: PublishedEvent, context: CommandContext): ResponseNotesCommand | undefined => {
  const eventId = deterministicId(event.id, RESPONSE_NOTES);
  if (IncidentMitigated.is(event)) {
    const { incidentId, mitigatedAt, by } = event.data;
    return { type: 'NoteMitigation', eventId, incidentId, mitigatedAt, by, context };
  }
  if (IncidentMerged.is(event)) return { type: 'NoteMerge', eventId, incidentId: event.data.incidentId, mergedInto: event.data.into, cause: event.type, by: event.data.by, context };
  if (IncidentUnmerged.is(event)) return { type: 'NoteMerge', eventId, incidentId: event.data.incidentId, mergedInto: null, cause: event.type, by: event.data.by, context };
  const fact = slaFactOf(event);
  return fact ? { type: 'NoteSla', eventId, incidentId: fact.data.incidentId, fact, context } : undefined;
};

const slaFactOf = (event: PublishedEvent): SlaFact | undefined => {
  if (SlaClocksStarted.is(event)) return { type: event.type, data: event.data };
  if (SlaClocksRetargeted.is(event)) return { type: event.type, data: event.data };
  if (SlaClockStopped.is(event)) return { type: event.type, data: event.data };
  if (SlaBreached.is(event)) return { type: event.type, data: event.data };
  return undefined;
};

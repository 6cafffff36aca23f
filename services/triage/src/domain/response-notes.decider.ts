import { Type } from '@sinclair/typebox';
import { assertNever, CommandContext, Decider, metadataOf } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, IsoTime, Uuid } from '@linchpin/contracts';
import { alreadyApplied, AppliedCauses, remember } from './applied-causes';
import { SlaClocks, SlaClocksSchema, slaAfter, SlaFact } from './sla-clocks';

/*
 * What coordination published about an incident's response that triage shows beside its status:
 * when the impact was mitigated, whether it was merged into another incident, and its SLA clocks.
 * Kept in triage's own store (internal streams `responseNotes-<incidentId>`, not published), so its
 * views are rebuilt from triage's store alone, like the teams it knows. Not published: these are
 * coordination's facts, and its consumers (review's timeline among them) already hear them from
 * coordination; a copy on triage's topic would only repeat them.
 */

/** Internal: coordination recorded the moment the impact stopped (IncidentMitigated), once per incident. */
export const TriageMitigationNoted = defineEvent('TriageMitigationNoted', 1, Type.Object({ incidentId: Uuid, mitigatedAt: IsoTime, by: Type.String() }));
/** Internal: coordination merged the incident into `mergedInto` (IncidentMerged), or undid it (IncidentUnmerged, `mergedInto` null). */
export const TriageMergeNoted = defineEvent(
  'TriageMergeNoted',
  1,
  Type.Object({ incidentId: Uuid, mergedInto: Type.Union([Uuid, Type.Null()]), cause: Type.String(), by: Type.String() }),
);
/** Internal: the incident's SLA clocks after one of coordination's SLA facts (`cause`, its type): the whole snapshot. */
export const TriageSlaNoted = defineEvent('TriageSlaNoted', 1, Type.Object({ incidentId: Uuid, cause: Type.String(), sla: SlaClocksSchema }));

export type TriageMitigationNotedEvent = EventOf<typeof TriageMitigationNoted>;
export type TriageMergeNotedEvent = EventOf<typeof TriageMergeNoted>;
export type TriageSlaNotedEvent = EventOf<typeof TriageSlaNoted>;
export type ResponseNotesEvent = TriageMitigationNotedEvent | TriageMergeNotedEvent | TriageSlaNotedEvent;

/*
 * Commands from the reactor. Each `context.causationId` is coordination's event: the one a
 * redelivery would bring again (applied-causes.ts).
 */

/** Coordination's IncidentMitigated. */
export interface NoteMitigation {
  type: 'NoteMitigation';
  eventId: string;
  incidentId: string;
  mitigatedAt: string;
  by: string;
  context: CommandContext;
}

/** Coordination's IncidentMerged (`mergedInto` the survivor) or IncidentUnmerged (`mergedInto` null). */
export interface NoteMerge {
  type: 'NoteMerge';
  eventId: string;
  incidentId: string;
  mergedInto: string | null;
  cause: string;
  by: string;
  context: CommandContext;
}

/** One of coordination's SLA facts: SlaClocksStarted, SlaClocksRetargeted, SlaClockStopped, SlaBreached. */
export interface NoteSla {
  type: 'NoteSla';
  eventId: string;
  incidentId: string;
  fact: SlaFact;
  context: CommandContext;
}

export type ResponseNotesCommand = NoteMitigation | NoteMerge | NoteSla;

export interface ResponseNotes {
  mitigatedAt: string | null;
  /** The survivor this incident was merged into; null when it stands on its own. */
  mergedInto: string | null;
  /** Null until coordination started the clocks. */
  sla: SlaClocks | null;
  /** The coordination events noted here, newest last. */
  applied?: AppliedCauses;
}

const decideNote = (command: ResponseNotesCommand, state: ResponseNotes): ResponseNotesEvent[] => {
  const metadata = metadataOf(command.context, command.incidentId);
  switch (command.type) {
    // Once: coordination records the mitigation once per incident (a reopen keeps it).
    case 'NoteMitigation':
      return state.mitigatedAt !== null ? [] : [TriageMitigationNoted.create(command.eventId, { incidentId: command.incidentId, mitigatedAt: command.mitigatedAt, by: command.by }, metadata)];
    case 'NoteMerge':
      return state.mergedInto === command.mergedInto
        ? []
        : [TriageMergeNoted.create(command.eventId, { incidentId: command.incidentId, mergedInto: command.mergedInto, cause: command.cause, by: command.by }, metadata)];
    case 'NoteSla': {
      const next = slaAfter(state.sla, command.fact);
      return next === null || JSON.stringify(next) === JSON.stringify(state.sla)
        ? []
        : [TriageSlaNoted.create(command.eventId, { incidentId: command.incidentId, cause: command.fact.type, sla: next }, metadata)];
    }
    default:
      return assertNever(command);
  }
};

/**
 * The latest word of coordination wins (its events of an incident arrive in order): a merge then an
 * unmerge stands unmerged, and a redelivered merge after it is not news.
 */
export const responseNotesDecider: Decider<ResponseNotesCommand, ResponseNotes, ResponseNotesEvent> = {
  initialState: { mitigatedAt: null, mergedInto: null, sla: null },
  evolve(state, event) {
    const applied = remember(state.applied, event.metadata.causationId);
    switch (event.type) {
      case 'TriageMitigationNoted':
        return { ...state, mitigatedAt: event.data.mitigatedAt, applied };
      case 'TriageMergeNoted':
        return { ...state, mergedInto: event.data.mergedInto, applied };
      case 'TriageSlaNoted':
        return { ...state, sla: event.data.sla, applied };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    return alreadyApplied(state.applied, command.context.causationId) ? [] : decideNote(command, state);
  },
};

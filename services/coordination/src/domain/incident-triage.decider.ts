import { Type } from '@sinclair/typebox';
import { CommandContext, Decider, metadataOf } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, SevLevel, Uuid } from '@linchpin/contracts';

/**
 * Internal: what triage's decision said about the incident that the response stream does not keep
 * (the service, the severity). Coordination's incident list filters on them; the response's own
 * facts stay in `response-<incidentId>`. Private: never relayed, not a contract.
 */
export const IncidentTriageNoted = defineEvent(
  'IncidentTriageNoted',
  1,
  Type.Object({
    incidentId: Uuid,
    /** The catalog service triage named; null when its decision named none. */
    service: Type.Union([Type.String(), Type.Null()]),
    severity: SevLevel,
    /** The triage event it was taken from. */
    triageEventId: Type.String(),
  }),
);
export type IncidentTriageNotedEvent = EventOf<typeof IncidentTriageNoted>;

export interface NoteIncidentTriage {
  type: 'NoteIncidentTriage';
  /** Derived from the triage event, so a redelivery records nothing twice. */
  eventId: string;
  incidentId: string;
  service: string | null;
  severity: IncidentTriageNotedEvent['data']['severity'];
  triageEventId: string;
  context: CommandContext;
}

export type IncidentTriageState = { noted: false } | { noted: true; service: string | null; severity: IncidentTriageNotedEvent['data']['severity'] };

/** Noted once: triage decides an incident once (`IncidentTriaged`); later changes of priority come as `ResponsePriorityChanged`. */
export const incidentTriageDecider: Decider<NoteIncidentTriage, IncidentTriageState, IncidentTriageNotedEvent> = {
  initialState: { noted: false },
  evolve: (_state, event) => ({ noted: true, service: event.data.service, severity: event.data.severity }),
  decide: (command, state) =>
    state.noted
      ? []
      : [
          IncidentTriageNoted.create(
            command.eventId,
            { incidentId: command.incidentId, service: command.service, severity: command.severity, triageEventId: command.triageEventId },
            metadataOf(command.context, command.incidentId),
          ),
        ],
};

import { Type } from '@sinclair/typebox';
import { CommandContext, Decider, metadataOf, NotFoundError } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Uuid } from '@linchpin/contracts';

/** Internal: comms first heard of the incident from coordination's event `heardFrom`. */
export const IncidentKnownToComms = defineEvent('IncidentKnownToComms', 1, Type.Object({ incidentId: Uuid, heardFrom: Type.String() }));
export type IncidentKnownToCommsEvent = EventOf<typeof IncidentKnownToComms>;

export interface RecordKnownIncident {
  type: 'RecordKnownIncident';
  /** Derived from the coordination event, so a redelivery records nothing twice. */
  eventId: string;
  incidentId: string;
  heardFrom: string;
  context: CommandContext;
}

export interface KnownIncidentState {
  known: boolean;
}

export const knownIncidentDecider: Decider<RecordKnownIncident, KnownIncidentState, IncidentKnownToCommsEvent> = {
  initialState: { known: false },
  evolve: () => ({ known: true }),
  decide: (command, state) =>
    state.known
      ? []
      : [IncidentKnownToComms.create(command.eventId, { incidentId: command.incidentId, heardFrom: command.heardFrom }, metadataOf(command.context, command.incidentId))],
};

/** A status update for an incident comms has not heard of from coordination: a 404. */
export class IncidentUnknownToComms extends NotFoundError {
  constructor(incidentId: string) {
    super('incident', incidentId);
    this.message = `incident ${incidentId} not found: comms knows an incident once coordination's first event about it has arrived`;
  }
}

import { Type } from '@sinclair/typebox';
import { CommandContext, Decider, metadataOf } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Uuid } from '@linchpin/contracts';

/**
 * Internal: comms posted a status update for the incident's stakeholders (`StatusUpdatePosted`),
 * noted on coordination's private `incidentComms-<incidentId>` so the war room can say when the
 * stakeholders last heard: the bus keeps no history, the store does. Private: never relayed, not a
 * contract.
 */
export const StakeholderUpdateNoted = defineEvent(
  'StakeholderUpdateNoted',
  1,
  Type.Object({
    incidentId: Uuid,
    updateId: Uuid,
    status: Type.String(),
    /** When comms recorded the update (its event's time). */
    postedAt: Type.String({ format: 'date-time' }),
    /** The comms event it was taken from. */
    commsEventId: Type.String(),
  }),
);
export type StakeholderUpdateNotedEvent = EventOf<typeof StakeholderUpdateNoted>;

export interface NoteStakeholderUpdate {
  type: 'NoteStakeholderUpdate';
  /** Derived from comms' event, so a redelivery records nothing twice. */
  eventId: string;
  incidentId: string;
  updateId: string;
  status: string;
  postedAt: string;
  commsEventId: string;
  context: CommandContext;
}

export interface IncidentCommsState {
  updateIds: readonly string[];
  lastUpdate: { updateId: string; status: string; postedAt: string } | null;
}

const later = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

/** Each update once (by its id); the last one is the latest posted, whatever order the bus brought them in. */
export const incidentCommsDecider: Decider<NoteStakeholderUpdate, IncidentCommsState, StakeholderUpdateNotedEvent> = {
  initialState: { updateIds: [], lastUpdate: null },
  evolve: (state, { data }) => ({
    updateIds: [...state.updateIds, data.updateId],
    lastUpdate: state.lastUpdate === null || !later(state.lastUpdate.postedAt, data.postedAt) ? { updateId: data.updateId, status: data.status, postedAt: data.postedAt } : state.lastUpdate,
  }),
  decide: (command, state) =>
    state.updateIds.includes(command.updateId)
      ? []
      : [
          StakeholderUpdateNoted.create(
            command.eventId,
            { incidentId: command.incidentId, updateId: command.updateId, status: command.status, postedAt: new Date(command.postedAt).toISOString(), commsEventId: command.commsEventId },
            metadataOf(command.context, command.incidentId),
          ),
        ],
};

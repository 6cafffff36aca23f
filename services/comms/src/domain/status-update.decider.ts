import { CommandContext, Decider, DomainError, metadataOf } from '@linchpin/eventsourcing';
import { StatusUpdatePostedEvent, StatusUpdatePostedV1 } from '@linchpin/contracts';
import { IncidentUnknownToComms } from './known-incident.decider';

export type UpdateStatus = StatusUpdatePostedEvent['data']['status'];

export interface PostStatusUpdate {
  type: 'PostStatusUpdate';
  eventId: string;
  incidentId: string;
  updateId: string;
  status: UpdateStatus;
  message: string;
  /** Whether comms has heard of the incident from coordination (its `commsIncident-` stream). */
  incidentKnown: boolean;
  context: CommandContext;
}

export interface StatusUpdate {
  updateId: string;
  status: UpdateStatus;
  message: string;
  postedAt: string;
}

/** An incident's stakeholder communication: the updates posted so far. */
export interface CommsState {
  updates: StatusUpdate[];
}

export const statusUpdateDecider: Decider<PostStatusUpdate, CommsState, StatusUpdatePostedEvent> = {
  initialState: { updates: [] },
  evolve(state, event) {
    if (event.type !== 'StatusUpdatePosted') return state;
    const { updateId, status, message } = event.data;
    return { updates: [...state.updates, { updateId, status, message, postedAt: event.metadata.occurredAt }] };
  },
  decide(command, state) {
    // Posting the same update id again (a client retry) posts nothing new.
    if (state.updates.some((u) => u.updateId === command.updateId)) return [];
    // An update for an incident nobody raised would show stakeholders (and review) a phantom incident.
    if (!command.incidentKnown) throw new IncidentUnknownToComms(command.incidentId);
    const message = command.message.trim();
    if (!message) throw new DomainError('blank_message', 'message must not be blank', 'message');
    return [
      StatusUpdatePostedV1.create(
        command.eventId,
        { incidentId: command.incidentId, updateId: command.updateId, status: command.status, message },
        metadataOf(command.context, command.incidentId),
      ),
    ];
  },
};

import { CommandContext, Decider, DomainError, metadataOf } from '@linchpin/eventsourcing';
import { StatusUpdatePostedEvent, StatusUpdatePostedV2 } from '@linchpin/contracts';
import { IncidentUnknownToComms } from './known-incident.decider';

type Posted = StatusUpdatePostedEvent['data'];
/** The update's phase; the event calls it `status`, as Statuspage does. */
export type UpdateStatus = Posted['status'];
export type UpdateAudience = Posted['audience'];
export type UpdateImpact = Posted['impact'];
export type TemplateRef = NonNullable<Posted['template']>;

export const UPDATE_AUDIENCES: readonly UpdateAudience[] = ['responders', 'internal', 'public'];
export const UPDATE_IMPACTS: readonly UpdateImpact[] = ['none', 'minor', 'major', 'critical'];

export interface PostStatusUpdate {
  type: 'PostStatusUpdate';
  eventId: string;
  incidentId: string;
  updateId: string;
  audience: UpdateAudience;
  status: UpdateStatus;
  /** Written by hand, or rendered from `template` by the handler. */
  message: string;
  impact: UpdateImpact;
  eta: string | null;
  template: TemplateRef | null;
  /** Whether comms has heard of the incident from coordination (its `commsIncident-` stream). */
  incidentKnown: boolean;
  context: CommandContext;
}

export interface StatusUpdate {
  updateId: string;
  audience: UpdateAudience;
  status: UpdateStatus;
  message: string;
  impact: UpdateImpact;
  eta: string | null;
  template: TemplateRef | null;
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
    const { updateId, audience, status, message, impact, eta, template } = event.data;
    return { updates: [...state.updates, { updateId, audience, status, message, impact, eta, template, postedAt: event.metadata.occurredAt }] };
  },
  decide(command, state) {
    // Posting the same update id again (a client retry) posts nothing new.
    if (state.updates.some((u) => u.updateId === command.updateId)) return [];
    // An update for an incident nobody raised would show stakeholders (and review) a phantom incident.
    if (!command.incidentKnown) throw new IncidentUnknownToComms(command.incidentId);
    const message = command.message.trim();
    if (!message) throw new DomainError('blank_message', 'message must not be blank', 'message');
    if (command.eta !== null && Number.isNaN(Date.parse(command.eta))) throw new DomainError('invalid_eta', 'eta must be an ISO 8601 instant', 'eta');
    // One spelling of the instant (UTC, milliseconds), whatever offset the caller wrote.
    const eta = command.eta === null ? null : new Date(Date.parse(command.eta)).toISOString();
    const { incidentId, updateId, audience, status, impact, template } = command;
    return [StatusUpdatePostedV2.create(command.eventId, { incidentId, updateId, audience, status, message, impact, eta, template }, metadataOf(command.context, incidentId))];
  },
};

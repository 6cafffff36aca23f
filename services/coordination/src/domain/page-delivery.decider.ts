import { Type } from '@sinclair/typebox';
import { CommandContext, Decider, metadataOf } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Uuid } from '@linchpin/contracts';

/**
 * Internal: how comms' delivery of one of the incident's pages went, noted from comms' published
 * `DeliveryAttemptFailed`, `NotificationDelivered` and `NotificationFailed` (kind page) on
 * coordination's private `pageDelivery-<incidentId>`, so the incident view shows each page's
 * delivery state and the real cause of a failure (the bus keeps no history, the store does).
 */
export const PageDeliveryNoted = defineEvent(
  'PageDeliveryNoted',
  1,
  Type.Object({
    incidentId: Uuid,
    pageId: Uuid,
    deliveryId: Uuid,
    state: Type.Union([Type.Literal('retrying'), Type.Literal('delivered'), Type.Literal('failed')]),
    /** Attempts made when comms recorded it. */
    attempts: Type.Integer({ minimum: 1 }),
    statusCode: Type.Union([Type.Integer(), Type.Null()]),
    /** The real cause of the last failure, null once delivered. */
    error: Type.Union([Type.String(), Type.Null()]),
    /** When comms recorded it. */
    at: Type.String({ format: 'date-time' }),
  }),
);
export type PageDeliveryNotedEvent = EventOf<typeof PageDeliveryNoted>;
export type PageDeliveryNote = PageDeliveryNotedEvent['data'];

export interface NotePageDelivery extends PageDeliveryNote {
  type: 'NotePageDelivery';
  /** Derived from comms' event, so a redelivery records nothing twice. */
  eventId: string;
  context: CommandContext;
}

export interface PageDeliveryState {
  byPage: Readonly<Record<string, PageDeliveryNote>>;
}

const settled = (note?: PageDeliveryNote): boolean => note?.state === 'delivered' || note?.state === 'failed';

/**
 * The latest word on each page: an outcome is final, so a failed attempt arriving after it (a
 * redelivery) changes nothing, nor does an attempt number already noted.
 */
export const pageDeliveryDecider: Decider<NotePageDelivery, PageDeliveryState, PageDeliveryNotedEvent> = {
  initialState: { byPage: {} },
  evolve: (state, { data }) => ({ byPage: { ...state.byPage, [data.pageId]: data } }),
  decide: (command, state) => {
    const current = state.byPage[command.pageId];
    if (settled(current) || (current && command.state === 'retrying' && current.attempts >= command.attempts)) return [];
    const { type: _type, eventId, context, ...data } = command;
    return [PageDeliveryNoted.create(eventId, data, metadataOf(context, command.incidentId))];
  },
};

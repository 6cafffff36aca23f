import {
  CommandContext,
  Decider,
  EventEnvelope,
  EventMetadata,
  PendingTimers,
  TIMER_FIRED,
  TimerEvent,
  assertNever,
  deterministicId,
  evolveTimers,
  isPending,
  metadataOf,
  noPendingTimers,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import { DeliveryAttemptFailedV3, DeliveryRetryRequestedV2, NotificationDeliveredV3, NotificationFailedV2 } from '@linchpin/contracts';
import { DeliveryKind, DeliveryTarget } from './delivery';
import { AcknowledgeLinkFor } from './page-channel';

/**
 * Private to comms: the durable intent to send one webhook, recorded before anything is sent so
 * that a page outlives the bus message that caused it (the message is acknowledged as soon as
 * this is stored). Its stream `deliveryRequest-<deliveryId>` is never relayed: the published facts
 * stay NotificationDelivered / NotificationFailed in `delivery-<deliveryId>`.
 */
export const DELIVERY_REQUESTED = 'DeliveryRequested';
export interface DeliveryRequestedData extends DeliveryTarget {
  /** Where the POST goes. */
  url: string;
  /**
   * Status updates are signed with this subscription's secret, read when sending: secrets live
   * only in `subscription-` streams. Pages (no subscription) are signed with the comms key.
   */
  subscriptionId?: string;
  /** The JSON body, exactly as it will be signed and sent, on every attempt and after a restart. */
  body: Record<string, unknown>;
  /**
   * Set when the delivery cannot be attempted at all (a contact comms never learned, a contact kind
   * no channel delivers): the dispatcher records NotificationFailed with it at once, no attempt.
   */
  undeliverable?: string;
  /**
   * A page: the person's acknowledge link goes in the body when it is sent (added then, on every
   * attempt the same, from this request's time): a link is a credential, so no event holds one.
   */
  acknowledgeLink?: AcknowledgeLinkFor;
  /**
   * The channel that renders `body` (a message: a page, a status update) and sends it, by kind
   * (`src/channels`). Absent on requests recorded before channels: their body is sent as stored.
   */
  channel?: string;
}
export type DeliveryRequestedEvent = EventEnvelope<typeof DELIVERY_REQUESTED, DeliveryRequestedData>;

/** The request of a delivery; its id is deterministic, so a redelivered cause records nothing new. */
export function deliveryRequested(
  delivery: DeliveryTarget,
  send: { url: string; subscriptionId?: string; body: Record<string, unknown>; undeliverable?: string; acknowledgeLink?: AcknowledgeLinkFor; channel?: string },
  metadata: EventMetadata,
): DeliveryRequestedEvent {
  const data: DeliveryRequestedData = {
    ...delivery,
    url: send.url,
    ...(send.subscriptionId ? { subscriptionId: send.subscriptionId } : {}),
    body: send.body,
    ...(send.undeliverable !== undefined ? { undeliverable: send.undeliverable } : {}),
    ...(send.acknowledgeLink && send.undeliverable === undefined ? { acknowledgeLink: { ...send.acknowledgeLink } } : {}),
    ...(send.channel !== undefined ? { channel: send.channel } : {}),
  };
  return { id: deterministicId(delivery.deliveryId, 'comms.delivery-request'), type: DELIVERY_REQUESTED, schemaVersion: 1, data, metadata };
}

/** Record the intent to send one webhook (once: the stream is write-once, keyed by the deterministic delivery id). */
export interface RequestDelivery extends DeliveryTarget {
  type: 'RequestDelivery';
  url: string;
  subscriptionId?: string;
  body: Record<string, unknown>;
  undeliverable?: string;
  acknowledgeLink?: AcknowledgeLinkFor;
  channel?: string;
  context: CommandContext;
}

/**
 * Private: a page whose person or contact method comms has not learned yet (coordination's person
 * event travels on another partition and may come after the page). Nothing is sent until the
 * contact is resolved; a timer bounds the wait.
 */
export const DELIVERY_AWAITING_CONTACT = 'DeliveryAwaitingContact';
export interface DeliveryAwaitingContactData extends DeliveryTarget {
  personId: string;
  contactMethodId: string;
  /** The page as it will be formatted for the contact's channel. */
  page: Record<string, unknown>;
  timerId: string;
}
export type DeliveryAwaitingContactEvent = EventEnvelope<typeof DELIVERY_AWAITING_CONTACT, DeliveryAwaitingContactData>;
export const isAwaitingContact = (event: { type: string }): event is DeliveryAwaitingContactEvent => event.type === DELIVERY_AWAITING_CONTACT;

/** Record a page that waits for its contact, with the deadline of the wait. */
export interface AwaitContact extends DeliveryTarget {
  type: 'AwaitContact';
  personId: string;
  contactMethodId: string;
  page: Record<string, unknown>;
  /** When to give up: now + COMMS_CONTACT_WAIT_SECONDS. */
  waitUntil: string;
  context: CommandContext;
}

/** The awaited contact is known: request the delivery as formatted for its channel. */
export interface ResolveContact {
  type: 'ResolveContact';
  deliveryId: string;
  send: { url: string; body: Record<string, unknown>; undeliverable?: string; acknowledgeLink?: AcknowledgeLinkFor; channel?: string };
  context: CommandContext;
}

/** The wait is over and the contact never came: request a delivery that fails at once, with the reason. */
export interface FireContactTimer {
  type: 'FireContactTimer';
  deliveryId: string;
  timerId: string;
  dueAt: string;
  reason: string;
  context: CommandContext;
}

export type DeliveryRequestCommand = RequestDelivery | AwaitContact | ResolveContact | FireContactTimer;
export type DeliveryRequestEvent = DeliveryRequestedEvent | DeliveryAwaitingContactEvent | TimerEvent;

export interface DeliveryRequestState {
  requested: boolean;
  awaiting?: DeliveryAwaitingContactData;
  timers: PendingTimers;
}

/** The timer of a page's wait for its contact; one per delivery. */
export const contactTimerIdOf = (deliveryId: string): string => deterministicId(deliveryId, 'comms.contact-wait');

/** A redelivered cause finds its request stored and records nothing new: the dispatcher already has it. */
export const deliveryRequestDecider: Decider<DeliveryRequestCommand, DeliveryRequestState, DeliveryRequestEvent> = {
  initialState: { requested: false, timers: noPendingTimers },
  evolve: (state, event) => {
    const timers = evolveTimers(state.timers, event);
    if (isDeliveryRequested(event)) return { requested: true, timers };
    if (isAwaitingContact(event)) return { ...state, awaiting: event.data, timers };
    return { ...state, timers };
  },
  decide(command, state) {
    switch (command.type) {
      case 'RequestDelivery': {
        if (state.requested || state.awaiting) return [];
        const { deliveryId, incidentId, kind, subjectId, target, url, subscriptionId, body, undeliverable, acknowledgeLink, channel } = command;
        return [
          deliveryRequested({ deliveryId, incidentId, kind, subjectId, target }, { url, subscriptionId, body, undeliverable, acknowledgeLink, channel }, metadataOf(command.context, incidentId)),
        ];
      }
      case 'AwaitContact': {
        if (state.requested || state.awaiting) return [];
        const { deliveryId, incidentId, kind, subjectId, target, personId, contactMethodId, page } = command;
        const timerId = contactTimerIdOf(deliveryId);
        const metadata = metadataOf(command.context, incidentId);
        const awaiting: DeliveryAwaitingContactEvent = {
          id: deterministicId(deliveryId, 'comms.awaiting-contact'),
          type: DELIVERY_AWAITING_CONTACT,
          schemaVersion: 1,
          data: { deliveryId, incidentId, kind, subjectId, target, personId, contactMethodId, page, timerId },
          metadata,
        };
        return [awaiting, scheduleTimer({ timerId, dueAt: command.waitUntil, purpose: 'contact-wait', details: { personId, contactMethodId } }, metadata)];
      }
      case 'ResolveContact': {
        if (state.requested || !state.awaiting) return [];
        const { timerId, personId: _p, contactMethodId: _c, page: _page, ...delivery } = state.awaiting;
        const metadata = metadataOf(command.context, delivery.incidentId);
        return [
          deliveryRequested(delivery, command.send, metadata),
          ...(isPending(state.timers, timerId) ? [timerCancelled(timerId, 'the contact became known', metadata)] : []),
        ];
      }
      case 'FireContactTimer': {
        // Fired once: only while pending, and only for a page still waiting.
        if (!isPending(state.timers, command.timerId) || state.requested || !state.awaiting) return [];
        const { timerId: _t, personId: _p, contactMethodId: _c, page, ...delivery } = state.awaiting;
        const metadata = metadataOf(command.context, delivery.incidentId);
        return [timerFired(command, metadata), deliveryRequested(delivery, { url: '', body: page, undeliverable: command.reason }, metadata)];
      }
      default:
        return assertNever(command);
    }
  },
};


export const isDeliveryRequested = (event: { type: string }): event is DeliveryRequestedEvent => event.type === DELIVERY_REQUESTED;

/**
 * One delivery as the dispatcher keeps it: its request, the round and the attempt to make next, and
 * whether that attempt is `due` (make it now), `waiting` for its retry timer, or the delivery `failed`
 * for good (kept for a retry a person may request: a dead letter). Delivered deliveries are dropped.
 */
export interface PendingDelivery {
  request: DeliveryRequestedEvent;
  round: number;
  attempt: number;
  status: 'due' | 'waiting' | 'failed';
}

/**
 * Deliveries requested and not delivered, in the order they were requested: folded from the request and
 * outcome streams (`deliveryRequest-`, `delivery-`), so a restart finds every delivery that was due or
 * waiting for its retry when the process died, at the attempt it had reached.
 */
export type PendingDeliveries = Map<string, PendingDelivery>;

interface FoldedEvent {
  type: string;
  data: unknown;
  streamId?: string;
}

export function evolvePending(pending: PendingDeliveries, event: FoldedEvent): PendingDeliveries {
  if (isDeliveryRequested(event)) {
    if (!pending.has(event.data.deliveryId)) pending.set(event.data.deliveryId, { request: event, round: 1, attempt: 1, status: 'due' });
    return pending;
  }
  const data = event.data as { deliveryId?: string; attempt?: number; round?: number; nextAttemptAt?: string | null };
  const entry = pending.get(data.deliveryId ?? deliveryIdOfStream(event.streamId) ?? '');
  if (!entry) return pending;
  switch (event.type) {
    case DeliveryAttemptFailedV3.type:
      // A v1 attempt (no timer) is followed by the next at once; the dispatcher may have moved on already.
      if ((data.round ?? 1) === entry.round && data.attempt! >= entry.attempt) {
        entry.attempt = data.attempt! + 1;
        entry.status = data.nextAttemptAt ? 'waiting' : 'due';
      }
      break;
    case TIMER_FIRED:
      if (entry.status === 'waiting') entry.status = 'due';
      break;
    case NotificationDeliveredV3.type:
      pending.delete(entry.request.data.deliveryId);
      break;
    case NotificationFailedV2.type:
      entry.status = 'failed';
      break;
    case DeliveryRetryRequestedV2.type:
      Object.assign(entry, { round: data.round!, attempt: 1, status: 'due' });
      break;
  }
  return pending;
}

const deliveryIdOfStream = (streamId: string | undefined): string | undefined =>
  streamId?.startsWith(DELIVERY_STREAM) ? streamId.slice(DELIVERY_STREAM.length) : undefined;
/** `delivery-<deliveryId>` (streams.ts names it; domain files import no binding). */
const DELIVERY_STREAM = 'delivery-';

/**
 * The two sending pools: pages, and everything else (status updates and the reminders, which can wait). Their
 * slots are `COMMS_PAGE_CONCURRENCY` and `COMMS_UPDATE_CONCURRENCY`.
 */
export type DeliveryPool = 'page' | 'status-update';
export const poolOf = (kind: DeliveryKind): DeliveryPool => (kind === 'page' ? 'page' : 'status-update');
export type Slots = Record<DeliveryPool, number>;

/**
 * Which pending deliveries to start now, oldest first within a pool. Pages and the rest (status updates,
 * reminders) have separate slots: however many updates hang, a page never waits for one of their slots.
 */
export function deliveriesToStart(
  pending: Iterable<PendingDelivery>,
  inFlight: ReadonlySet<string>,
  running: Readonly<Slots>,
  slots: Readonly<Slots>,
): PendingDelivery[] {
  const free: Slots = { page: slots.page - running.page, 'status-update': slots['status-update'] - running['status-update'] };
  const pages: PendingDelivery[] = [];
  const updates: PendingDelivery[] = [];
  for (const entry of pending) {
    const { data } = entry.request;
    if (entry.status !== 'due' || inFlight.has(data.deliveryId)) continue;
    const pool = poolOf(data.kind);
    const queue = pool === 'page' ? pages : updates;
    if (queue.length < free[pool]) queue.push(entry);
    if (pages.length >= free.page && updates.length >= free['status-update']) break;
  }
  return [...pages, ...updates];
}

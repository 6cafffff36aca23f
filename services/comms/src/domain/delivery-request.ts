import { CommandContext, Decider, EventEnvelope, EventMetadata, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import { NotificationDeliveredV1, NotificationFailedV1 } from '@linchpin/contracts';
import { DeliveryKind, DeliveryTarget } from './delivery';

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
}
export type DeliveryRequestedEvent = EventEnvelope<typeof DELIVERY_REQUESTED, DeliveryRequestedData>;

/** The request of a delivery; its id is deterministic, so a redelivered cause records nothing new. */
export function deliveryRequested(
  delivery: DeliveryTarget,
  send: { url: string; subscriptionId?: string; body: Record<string, unknown> },
  metadata: EventMetadata,
): DeliveryRequestedEvent {
  const data: DeliveryRequestedData = {
    ...delivery,
    url: send.url,
    ...(send.subscriptionId ? { subscriptionId: send.subscriptionId } : {}),
    body: send.body,
  };
  return { id: deterministicId(delivery.deliveryId, 'comms.delivery-request'), type: DELIVERY_REQUESTED, schemaVersion: 1, data, metadata };
}

/** Record the intent to send one webhook (once: the stream is write-once, keyed by the deterministic delivery id). */
export interface RequestDelivery extends DeliveryTarget {
  type: 'RequestDelivery';
  url: string;
  subscriptionId?: string;
  body: Record<string, unknown>;
  context: CommandContext;
}

export interface DeliveryRequestState {
  requested: boolean;
}

/** A redelivered cause finds its request stored and records nothing new: the dispatcher already has it. */
export const deliveryRequestDecider: Decider<RequestDelivery, DeliveryRequestState, DeliveryRequestedEvent> = {
  initialState: { requested: false },
  evolve: (state, event) => (isDeliveryRequested(event) ? { requested: true } : state),
  decide(command, state) {
    if (state.requested) return [];
    const { deliveryId, incidentId, kind, subjectId, target, url, subscriptionId, body } = command;
    return [deliveryRequested({ deliveryId, incidentId, kind, subjectId, target }, { url, subscriptionId, body }, metadataOf(command.context, incidentId))];
  },
};

export const isDeliveryRequested = (event: { type: string }): event is DeliveryRequestedEvent => event.type === DELIVERY_REQUESTED;

/**
 * Deliveries requested and not yet settled, in the order they were requested: folded from the
 * request and outcome streams (`deliveryRequest-`, `delivery-`), so a restart finds every page
 * that was pending when the process died.
 */
export type PendingDeliveries = Map<string, DeliveryRequestedEvent>;

export function evolvePending(pending: PendingDeliveries, event: { type: string; data: unknown }): PendingDeliveries {
  if (isDeliveryRequested(event)) pending.set(event.data.deliveryId, event);
  else if (event.type === NotificationDeliveredV1.type || event.type === NotificationFailedV1.type) {
    pending.delete((event.data as { deliveryId: string }).deliveryId);
  }
  return pending;
}

export type Slots = Record<DeliveryKind, number>;

/**
 * Which pending deliveries to start now, oldest first within a kind. Pages and status updates
 * have separate slots: however many updates hang, a page never waits for one of their slots.
 */
export function deliveriesToStart(
  pending: Iterable<DeliveryRequestedEvent>,
  inFlight: ReadonlySet<string>,
  running: Readonly<Slots>,
  slots: Readonly<Slots>,
): DeliveryRequestedEvent[] {
  const free: Slots = { page: slots.page - running.page, 'status-update': slots['status-update'] - running['status-update'] };
  const pages: DeliveryRequestedEvent[] = [];
  const updates: DeliveryRequestedEvent[] = [];
  for (const request of pending) {
    if (inFlight.has(request.data.deliveryId)) continue;
    const queue = request.data.kind === 'page' ? pages : updates;
    if (queue.length < free[request.data.kind]) queue.push(request);
    if (pages.length >= free.page && updates.length >= free['status-update']) break;
  }
  return [...pages, ...updates];
}

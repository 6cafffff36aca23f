/*
 * Comms' streams, `<category>-<id>` (names are stored data: never change one). Relayed: the status
 * updates per incident (`comms-`) and the outcome of each delivery (`delivery-`). Internal: the
 * subscriptions (they hold secrets), the delivery requests, and the incidents comms has heard of.
 */
export const COMMS_STREAM_PREFIX = 'comms-';
export const DELIVERY_STREAM_PREFIX = 'delivery-';
export const SUBSCRIPTION_STREAM_PREFIX = 'subscription-';
export const DELIVERY_REQUEST_PREFIX = 'deliveryRequest-';
/**
 * Which incidents comms has heard of, one internal stream each (not relayed). Comms learns them
 * from coordination's published events and records it, because neither bus replays what it
 * delivered: Kafka commits consumed offsets, the in-process bus keeps no history.
 */
export const KNOWN_INCIDENT_STREAM_PREFIX = 'commsIncident-';

export const commsStream = (incidentId: string): string => `${COMMS_STREAM_PREFIX}${incidentId}`;
export const deliveryStream = (deliveryId: string): string => `${DELIVERY_STREAM_PREFIX}${deliveryId}`;
export const subscriptionStream = (subscriptionId: string): string => `${SUBSCRIPTION_STREAM_PREFIX}${subscriptionId}`;
export const deliveryRequestStream = (deliveryId: string): string => `${DELIVERY_REQUEST_PREFIX}${deliveryId}`;
export const knownIncidentStream = (incidentId: string): string => `${KNOWN_INCIDENT_STREAM_PREFIX}${incidentId}`;

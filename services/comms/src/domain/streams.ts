import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { deliveryDecider } from './delivery';
import { deliveryRequestDecider } from './delivery-request';
import { knownIncidentDecider } from './known-incident.decider';
import { contactDecider } from './contact.decider';
import { statusUpdateDecider } from './status-update.decider';
import { subscriptionDecider } from './subscriptions/subscription.decider';
import { publicIncidentDecider } from './status-page/public-incident.decider';
import { publicServiceDecider } from './status-page/public-service.decider';
import { publicMaintenanceDecider } from './status-page/public-maintenance.decider';
import { cadencePolicyDecider } from './cadence/cadence-policy.decider';
import { incidentCadenceDecider } from './cadence/incident-cadence.decider';
import { updateOverdueDecider } from './cadence/update-overdue.decider';
import { CADENCE_POLICY_ID } from './cadence/update-cadence';
import { updateTemplatesDecider } from './update-templates/update-templates.decider';
import { UPDATE_TEMPLATES_ID } from './update-templates/update-templates';

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
/**
 * How comms reaches each person (internal, not relayed): learned from coordination's person events,
 * the only events that carry addresses, and kept for the same reason as `commsIncident-`.
 */
export const CONTACT_STREAM_PREFIX = 'commsContact-';
/**
 * What the public status page knows of each incident (internal, not relayed): its service and priority from triage,
 * its lifecycle from coordination, kept for the same reason as `commsIncident-`.
 */
export const PUBLIC_INCIDENT_STREAM_PREFIX = 'publicIncident-';
/** The status page's components (internal, not relayed): each service of triage's catalog, listed or retired. */
export const PUBLIC_SERVICE_STREAM_PREFIX = 'publicService-';
/** The status page's maintenance: each of detection's maintenance windows, when and what it covers. */
export const PUBLIC_MAINTENANCE_STREAM_PREFIX = 'publicMaintenance-';
/** The status update templates, one versioned table (internal, not relayed: comms' own configuration). */
export const UPDATE_TEMPLATES_STREAM_PREFIX = 'updateTemplates-';
export const publicIncidentStream = (incidentId: string): string => `${PUBLIC_INCIDENT_STREAM_PREFIX}${incidentId}`;
export const publicServiceStream = (name: string): string => `${PUBLIC_SERVICE_STREAM_PREFIX}${name}`;
export const publicMaintenanceStream = (windowId: string): string => `${PUBLIC_MAINTENANCE_STREAM_PREFIX}${windowId}`;
export const contactStream = (personId: string): string => `${CONTACT_STREAM_PREFIX}${personId}`;

export const commsStream = (incidentId: string): string => `${COMMS_STREAM_PREFIX}${incidentId}`;
export const deliveryStream = (deliveryId: string): string => `${DELIVERY_STREAM_PREFIX}${deliveryId}`;
export const subscriptionStream = (subscriptionId: string): string => `${SUBSCRIPTION_STREAM_PREFIX}${subscriptionId}`;
export const deliveryRequestStream = (deliveryId: string): string => `${DELIVERY_REQUEST_PREFIX}${deliveryId}`;
export const knownIncidentStream = (incidentId: string): string => `${KNOWN_INCIDENT_STREAM_PREFIX}${incidentId}`;

/*
 * Each decider bound to its stream: handlers say what they decide, never where it is stored.
 * Delivery requests and outcomes are write-once streams keyed by the deterministic delivery id:
 * their deciders decide nothing when the stream is already written, so a redelivered cause or a
 * second dispatcher records nothing new.
 */
export const subscriptions = commandHandler(subscriptionDecider, ({ subscriptionId }: { subscriptionId: string }) => subscriptionStream(subscriptionId), { upcast });
export const statusUpdates = commandHandler(statusUpdateDecider, ({ incidentId }: { incidentId: string }) => commsStream(incidentId), { upcast });
export const knownIncidents = commandHandler(knownIncidentDecider, ({ incidentId }: { incidentId: string }) => knownIncidentStream(incidentId), { upcast });
export const deliveryRequests = commandHandler(deliveryRequestDecider, ({ deliveryId }: { deliveryId: string }) => deliveryRequestStream(deliveryId), { upcast });
export const deliveries = commandHandler(deliveryDecider, ({ deliveryId }: { deliveryId: string }) => deliveryStream(deliveryId), { upcast });
/** The contact directory: one stream per person comms has heard of. */
export const contacts = commandHandler(contactDecider, ({ personId }: { personId: string }) => contactStream(personId), { upcast });
/** The status page's incidents: one stream per incident triage or coordination told comms of. */
export const publicIncidents = commandHandler(publicIncidentDecider, ({ incidentId }: { incidentId: string }) => publicIncidentStream(incidentId), { upcast });
/** The status page's components: one stream per service of triage's catalog. */
export const publicServices = commandHandler(publicServiceDecider, ({ name }: { name: string }) => publicServiceStream(name), { upcast });
/** The status page's maintenance: one stream per maintenance window detection told comms of. */
export const publicMaintenances = commandHandler(publicMaintenanceDecider, ({ windowId }: { windowId: string }) => publicMaintenanceStream(windowId), { upcast });

/*
 * The update cadence (issue 15): its versions (private `commsCadence-default`), each incident's deadline
 * for its next status update with what moves it (private `commsUpdateCadence-<incidentId>`, durable
 * timers), and each overdue update as published (`updateOverdue-<incidentId>`, relayed).
 */
export const CADENCE_POLICY_STREAM_PREFIX = 'commsCadence-';
export const INCIDENT_CADENCE_STREAM_PREFIX = 'commsUpdateCadence-';
export const UPDATE_OVERDUE_STREAM_PREFIX = 'updateOverdue-';
export const cadencePolicies = commandHandler(cadencePolicyDecider, (_single: object) => `${CADENCE_POLICY_STREAM_PREFIX}${CADENCE_POLICY_ID}`, { upcast });
export const incidentCadences = commandHandler(incidentCadenceDecider, ({ incidentId }: { incidentId: string }) => `${INCIDENT_CADENCE_STREAM_PREFIX}${incidentId}`, { upcast });
export const updateOverdues = commandHandler(updateOverdueDecider, ({ incidentId }: { incidentId: string }) => `${UPDATE_OVERDUE_STREAM_PREFIX}${incidentId}`, { upcast });
/** The status update templates: every version of the one table (`updateTemplates-default`). */
export const updateTemplates = commandHandler(updateTemplatesDecider, (_single: object) => `${UPDATE_TEMPLATES_STREAM_PREFIX}${UPDATE_TEMPLATES_ID}`, { upcast });

import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { timelineDecider } from './timeline.decider';
import { reviewServiceDecider } from './catalog/catalog.decider';
import { serviceChangesDecider } from './changes/known-change';
import { postmortemDecider } from './postmortem/postmortem.decider';
import { postmortemPolicyDecider } from './postmortem/postmortem-policy.decider';

/** Review's stream, `<category>-<id>`: one timeline per incident, relayed (the name is stored data: never change it). */
export const TIMELINE_STREAM_PREFIX = 'timeline-';

export const timelineStream = (incidentId: string): string => `${TIMELINE_STREAM_PREFIX}${incidentId}`;

/** One timeline per incident. A timeline only grows: the cached state makes each entry read only what is new. */
export const timelines = commandHandler(timelineDecider, ({ incidentId }: { incidentId: string }) => timelineStream(incidentId), { upcast, cacheStates: true });

/**
 * Review's one private copy of triage's service catalog (issue 16, items 8 and 9): one stream per service (the
 * catalog's names are lower case), every version kept, never relayed. Stored data: never rename.
 */
export const REVIEW_SERVICE_STREAM_PREFIX = 'reviewService-';

export const reviewServiceStream = (name: string): string => `${REVIEW_SERVICE_STREAM_PREFIX}${name}`;

/** What review knows of each catalogued service (team, business hours, dependencies), for analytics and the changes. */
export const reviewServices = commandHandler(reviewServiceDecider, ({ version }: { version: { name: string } }) => reviewServiceStream(version.name), { upcast });
/**
 * Internal (issue 16): review's copy of the changes it shows next to incidents, so it rebuilds from its own store. Service
 * names are keys in lower case (the catalog's are; an integration's service may be in any case). Stored data: never rename.
 */
export const CHANGES_STREAM_PREFIX = 'reviewChanges-';
export const serviceKey = (service: string): string => service.trim().toLowerCase();
export const changesStream = (service: string): string => `${CHANGES_STREAM_PREFIX}${serviceKey(service)}`;

/** The changes to one service, each once; a service's changes only grow, so its state is cached. */
export const serviceChanges = commandHandler(serviceChangesDecider, ({ service }: { service: string }) => changesStream(service), { upcast, cacheStates: true });

/** Issue 16, postmortems: one per incident, relayed (its workflow, sections, action items, reminders' durable timers). */
export const POSTMORTEM_STREAM_PREFIX = 'postmortem-';
export const postmortemStream = (incidentId: string): string => `${POSTMORTEM_STREAM_PREFIX}${incidentId}`;
export const postmortems = commandHandler(postmortemDecider, ({ incidentId }: { incidentId: string }) => postmortemStream(incidentId), { upcast });

/** The postmortem policy's versions (private: the priorities that require a postmortem). */
export const POSTMORTEM_POLICY_STREAM = 'postmortemPolicy-default';
export const postmortemPolicies = commandHandler(postmortemPolicyDecider, (_key: object) => POSTMORTEM_POLICY_STREAM, { upcast });

import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { timelineDecider } from './timeline.decider';
import { reviewServiceDecider } from './catalog/catalog.decider';

/** Review's stream, `<category>-<id>`: one timeline per incident, relayed (the name is stored data: never change it). */
export const TIMELINE_STREAM_PREFIX = 'timeline-';

export const timelineStream = (incidentId: string): string => `${TIMELINE_STREAM_PREFIX}${incidentId}`;

/** One timeline per incident. A timeline only grows: the cached state makes each entry read only what is new. */
export const timelines = commandHandler(timelineDecider, ({ incidentId }: { incidentId: string }) => timelineStream(incidentId), { upcast, cacheStates: true });

/** Review's private copy of triage's service catalog (issue 16, item 8): one stream per service, never relayed. */
export const REVIEW_SERVICE_STREAM_PREFIX = 'reviewService-';

export const reviewServiceStream = (name: string): string => `${REVIEW_SERVICE_STREAM_PREFIX}${name}`;

/** What review knows of each catalogued service (team, business hours, dependencies), for analytics. */
export const reviewServices = commandHandler(reviewServiceDecider, ({ name }: { name: string }) => reviewServiceStream(name), { upcast });

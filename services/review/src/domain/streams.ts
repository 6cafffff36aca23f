import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { timelineDecider } from './timeline.decider';

/** Review's stream, `<category>-<id>`: one timeline per incident, relayed (the name is stored data: never change it). */
export const TIMELINE_STREAM_PREFIX = 'timeline-';

export const timelineStream = (incidentId: string): string => `${TIMELINE_STREAM_PREFIX}${incidentId}`;

/** One timeline per incident. A timeline only grows: the cached state makes each entry read only what is new. */
export const timelines = commandHandler(timelineDecider, ({ incidentId }: { incidentId: string }) => timelineStream(incidentId), { upcast, cacheStates: true });

import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { timelineDecider } from './timeline.decider';
import { postmortemDecider } from './postmortem/postmortem.decider';
import { postmortemPolicyDecider } from './postmortem/postmortem-policy.decider';

/** Review's stream, `<category>-<id>`: one timeline per incident, relayed (the name is stored data: never change it). */
export const TIMELINE_STREAM_PREFIX = 'timeline-';

export const timelineStream = (incidentId: string): string => `${TIMELINE_STREAM_PREFIX}${incidentId}`;

/** One timeline per incident. A timeline only grows: the cached state makes each entry read only what is new. */
export const timelines = commandHandler(timelineDecider, ({ incidentId }: { incidentId: string }) => timelineStream(incidentId), { upcast, cacheStates: true });

/** Issue 16, postmortems: one per incident, relayed (its workflow, sections, action items, reminders' durable timers). */
export const POSTMORTEM_STREAM_PREFIX = 'postmortem-';
export const postmortemStream = (incidentId: string): string => `${POSTMORTEM_STREAM_PREFIX}${incidentId}`;
export const postmortems = commandHandler(postmortemDecider, ({ incidentId }: { incidentId: string }) => postmortemStream(incidentId), { upcast });

/** The postmortem policy's versions (private: the priorities that require a postmortem). */
export const POSTMORTEM_POLICY_STREAM = 'postmortemPolicy-default';
export const postmortemPolicies = commandHandler(postmortemPolicyDecider, (_key: object) => POSTMORTEM_POLICY_STREAM, { upcast });

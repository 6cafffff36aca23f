/** Review's stream, `<category>-<id>`: one timeline per incident, relayed (the name is stored data: never change it). */
export const TIMELINE_STREAM_PREFIX = 'timeline-';

export const timelineStream = (incidentId: string): string => `${TIMELINE_STREAM_PREFIX}${incidentId}`;

/** Triage's own stream per incident (docs/architecture.md#the-five-contexts). */
export const TRIAGE_STREAM_PREFIX = 'triage-';
export const triageStream = (incidentId: string): string => `${TRIAGE_STREAM_PREFIX}${incidentId}`;

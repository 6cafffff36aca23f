/** Coordination's streams, `<category>-<id>`, both relayed (names are stored data: never change one). */
export const RESPONSE_STREAM_PREFIX = 'response-';
export const TEAM_STREAM_PREFIX = 'team-';

export const responseStream = (incidentId: string): string => `${RESPONSE_STREAM_PREFIX}${incidentId}`;
export const teamStream = (teamId: string): string => `${TEAM_STREAM_PREFIX}${teamId}`;

import { streamName } from '@linchpin/eventsourcing';

/*
 * Triage's streams, `<category>-<id>` (names are stored data: never change one). Published: one per
 * incident (docs/architecture.md#the-five-contexts). Internal: the service catalogue, the teams triage knows, and the versioned
 * priority matrix and routing rules (one stream each, `priorityMatrix-default`, `routingRules-default`).
 */
export const TRIAGE_STREAM_PREFIX = 'triage-';
export const SERVICE_STREAM_PREFIX = 'service-';
export const KNOWN_TEAM_STREAM_PREFIX = 'knownTeam-';
export const PRIORITY_MATRIX_STREAM_PREFIX = 'priorityMatrix-';
export const ROUTING_RULES_STREAM_PREFIX = 'routingRules-';

export const triageStream = (incidentId: string): string => `${TRIAGE_STREAM_PREFIX}${incidentId}`;
export const serviceStream = (name: string): string => `${SERVICE_STREAM_PREFIX}${name}`;
export const knownTeamStream = (teamId: string): string => streamName('knownTeam', teamId);
export const PRIORITY_MATRIX_STREAM = streamName('priorityMatrix', 'default');
export const ROUTING_RULES_STREAM = streamName('routingRules', 'default');

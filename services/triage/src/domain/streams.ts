import { commandHandler, streamName } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { knownTeamDecider } from './known-team.decider';
import { responseNotesDecider } from './response-notes.decider';
import { serviceCatalogDecider } from './service-catalog.decider';
import { priorityMatrixDecider, routingRulesDecider } from './triage-config.decider';
import { triageDecider } from './triage.decider';

/*
 * Triage's streams, `<category>-<id>` (names are stored data: never change one). Published: one per
 * incident and one per catalogued service (`service-<name>`, issue 15: the public status page's components;
 * docs/architecture.md#the-five-contexts). Internal: the teams triage knows, the versioned
 * priority matrix and routing rules (one stream each, `priorityMatrix-default`, `routingRules-default`), and per incident
 * what coordination said of its response besides the status (`responseNotes-<incidentId>`: mitigation, merge, SLA clocks).
 */
export const TRIAGE_STREAM_PREFIX = 'triage-';
export const SERVICE_STREAM_PREFIX = 'service-';
export const KNOWN_TEAM_STREAM_PREFIX = 'knownTeam-';
export const PRIORITY_MATRIX_STREAM_PREFIX = 'priorityMatrix-';
export const ROUTING_RULES_STREAM_PREFIX = 'routingRules-';
export const RESPONSE_NOTES_STREAM_PREFIX = 'responseNotes-';

export const triageStream = (incidentId: string): string => `${TRIAGE_STREAM_PREFIX}${incidentId}`;
export const serviceStream = (name: string): string => `${SERVICE_STREAM_PREFIX}${name}`;
export const knownTeamStream = (teamId: string): string => streamName('knownTeam', teamId);
export const PRIORITY_MATRIX_STREAM = streamName('priorityMatrix', 'default');
export const ROUTING_RULES_STREAM = streamName('routingRules', 'default');
export const responseNotesStream = (incidentId: string): string => streamName('responseNotes', incidentId);

/*
 * Each decider bound to its streams, once: handlers and reactors run commands and load states only
 * through these, so none of them names a stream, an upcaster or a retry count.
 */

/**
 * One stream per incident. Its commands come from the bus (detection's and coordination's news,
 * which may race each other) and from people (overrides): reload and decide again on a conflict.
 */
export const triages = commandHandler(triageDecider, ({ incidentId }: { incidentId: string }) => triageStream(incidentId), { upcast, retries: 16 });
export const services = commandHandler(serviceCatalogDecider, ({ name }: { name: string }) => serviceStream(name), { upcast });
/** One internal stream per incident, written only by the reactor (coordination's events of an incident come in order). */
export const responseNotes = commandHandler(responseNotesDecider, ({ incidentId }: { incidentId: string }) => responseNotesStream(incidentId), { upcast });
export const knownTeams = commandHandler(knownTeamDecider, ({ teamId }: { teamId: string }) => knownTeamStream(teamId), { upcast });
/** A single stream: every version of the one matrix (the key names nothing). */
export const priorityMatrices = commandHandler(priorityMatrixDecider, (_single: object) => PRIORITY_MATRIX_STREAM, { upcast });
/** A single stream: every version of the one rule set (the key names nothing). */
export const routingRuleSets = commandHandler(routingRulesDecider, (_single: object) => ROUTING_RULES_STREAM, { upcast });

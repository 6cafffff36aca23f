import { KnownTeams } from './application/known-teams';
import { TriageConfigProjection } from './application/triage-config.projection';
import { VersionPriorityMatrixHandler, VersionRoutingRulesHandler } from './application/triage-config.handlers';
import { TriageConfigController } from './http/triage-config.controller';

/**
 * The versioned priority matrix and routing rules, for the triage module to spread in (it needs
 * CqrsModule and the kernel ports). TriageConfigProjection is what triage reads the current
 * matrix and rules from.
 */
export const TRIAGE_CONFIG_CONTROLLERS = [TriageConfigController];
export const TRIAGE_CONFIG_PROVIDERS = [TriageConfigProjection, KnownTeams, VersionPriorityMatrixHandler, VersionRoutingRulesHandler];

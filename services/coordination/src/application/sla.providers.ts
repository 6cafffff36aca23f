import { GetIncidentSlaHandler, GetSlaTargetsHandler, ListSlaTargetVersionsHandler, VersionSlaTargetsHandler } from './sla.handlers';
import { SlaMetrics } from './sla.metrics';
import { SlaReactor } from './sla.reactor';
import { SlaTimers } from './sla.timers';

/** SLA targets and clocks: the versioned targets, the clocks' reactor and timers, the breach counter. */
export const SLA_PROVIDERS = [VersionSlaTargetsHandler, GetSlaTargetsHandler, ListSlaTargetVersionsHandler, GetIncidentSlaHandler, SlaMetrics, SlaReactor, SlaTimers];

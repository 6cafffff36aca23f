import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { alertDecider } from './alert.decider';
import { alertGroupDecider } from './alert-group.decider';
import { changeDecider } from './change.decider';
import { correlationPolicyDecider } from './correlation-policy.decider';
import { incidentDecider } from './incident.decider';
import { heartbeatDecider } from './heartbeat.decider';
import { integrationDecider } from './integration.decider';
import { logRulesDecider } from './log-rules.decider';
import { maintenanceDecider } from './maintenance.decider';

/**
 * Detection's own streams (docs/architecture.md#the-five-contexts): one per alert fingerprint and
 * one per incident, both published; one per correlation group, published (its AlertGrouped can
 * open an incident); maintenance windows, published (issue 15: the public status page); and the rest
 * of its configuration (integrations, their log rules, correlation policies), kept internal. Names are stored data: never change one.
 */
export const ALERT_STREAM_PREFIX = 'alert-';
export const DETECTION_STREAM_PREFIX = 'detection-';
export const ALERT_GROUP_STREAM_PREFIX = 'alertGroup-';
export const INTEGRATION_STREAM_PREFIX = 'integration-';
/** A maintenance window: MaintenanceWindowScheduled, MaintenanceWindowCancelled. Published (issue 15). */
export const MAINTENANCE_STREAM_PREFIX = 'maintenance-';
export const CORRELATION_POLICY_STREAM_PREFIX = 'correlationPolicy-';
export const LOG_RULES_STREAM_PREFIX = 'logRules-';
/** An integration's heartbeat: its deadline (durable timers), HeartbeatMissed and HeartbeatRestored. Published. */
export const HEARTBEAT_STREAM_PREFIX = 'heartbeat-';
/** A change to a service (PagerDuty's Change Events API): ChangeRecorded, context for responders. Published. */
export const CHANGE_STREAM_PREFIX = 'change-';

export const alertStream = (fingerprint: string): string => `${ALERT_STREAM_PREFIX}${fingerprint}`;
export const detectionStream = (incidentId: string): string => `${DETECTION_STREAM_PREFIX}${incidentId}`;
export const alertGroupStream = (groupId: string): string => `${ALERT_GROUP_STREAM_PREFIX}${groupId}`;
export const integrationStream = (integrationId: string): string => `${INTEGRATION_STREAM_PREFIX}${integrationId}`;
export const maintenanceStream = (windowId: string): string => `${MAINTENANCE_STREAM_PREFIX}${windowId}`;
export const correlationPolicyStream = (service: string): string => `${CORRELATION_POLICY_STREAM_PREFIX}${service}`;
export const logRulesStream = (integrationId: string): string => `${LOG_RULES_STREAM_PREFIX}${integrationId}`;
export const heartbeatStream = (integrationId: string): string => `${HEARTBEAT_STREAM_PREFIX}${integrationId}`;
export const changeStream = (changeId: string): string => `${CHANGE_STREAM_PREFIX}${changeId}`;

/*
 * Each decider bound to its stream: handlers and reactors say what they decide, never where it is
 * stored. Retries absorb conflicts that are expected there; a stream whose commands come in bursts
 * keeps its folded state (cacheStates) and lets one process's commands take turns (takeTurns).
 */

/**
 * One fingerprint's alert. Across processes sharing a store, signals of one fingerprint race for
 * its stream and the expected revision lets one win while the others reload and deduplicate: each
 * round has a winner, so 64 retries absorb a burst of that many identical alerts. A firing alert's
 * stream grows with every repeat: a repeat reads only what is new.
 */
export const alerts = commandHandler(alertDecider, ({ fingerprint }: { fingerprint: string }) => alertStream(fingerprint), {
  upcast,
  retries: 64,
  cacheStates: true,
  takeTurns: true,
});

/** A correlation group: alerts of one group starting at once race for it, one per round. */
export const alertGroups = commandHandler(alertGroupDecider, ({ groupId }: { groupId: string }) => alertGroupStream(groupId), {
  upcast,
  retries: 64,
  takeTurns: true,
});

/** An incident's side in detection: facts of its alerts come in from several streams at once, so conflicts are expected. */
export const incidents = commandHandler(incidentDecider, ({ incidentId }: { incidentId: string }) => detectionStream(incidentId), {
  upcast,
  retries: 32,
});

export const integrations = commandHandler(integrationDecider, ({ integrationId }: { integrationId: string }) => integrationStream(integrationId), { upcast });

export const maintenanceWindows = commandHandler(maintenanceDecider, ({ windowId }: { windowId: string }) => maintenanceStream(windowId), { upcast });

export const correlationPolicies = commandHandler(correlationPolicyDecider, ({ service }: { service: string }) => correlationPolicyStream(service), { upcast });

/** An integration's log rules: one batch at a time per integration in a process, each reading the state the previous one left. */
export const logRules = commandHandler(logRulesDecider, ({ integrationId }: { integrationId: string }) => logRulesStream(integrationId), {
  upcast,
  cacheStates: true,
  takeTurns: true,
});

/**
 * An integration's heartbeat: every beat (the heartbeat route, any signal of the integration) moves
 * its deadline, so beats come in bursts on one stream: a beat reads only what is new and one
 * process's beats take turns. A firing timer of another replica conflicts and decides again.
 */
export const heartbeats = commandHandler(heartbeatDecider, ({ integrationId }: { integrationId: string }) => heartbeatStream(integrationId), {
  upcast,
  retries: 16,
  cacheStates: true,
  takeTurns: true,
});

/** A change, recorded once: a stream of one event, so nothing races for it but a sender's own retry. */
export const changes = commandHandler(changeDecider, ({ changeId }: { changeId: string }) => changeStream(changeId), { upcast });

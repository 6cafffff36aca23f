/**
 * Detection's own streams (docs/architecture.md#the-five-contexts): one per alert fingerprint and
 * one per incident, both published; one per correlation group, published (its AlertGrouped can
 * open an incident); and its configuration (integrations, their log rules, maintenance windows,
 * correlation policies), kept internal. Names are stored data: never change one.
 */
export const ALERT_STREAM_PREFIX = 'alert-';
export const DETECTION_STREAM_PREFIX = 'detection-';
export const ALERT_GROUP_STREAM_PREFIX = 'alertGroup-';
export const INTEGRATION_STREAM_PREFIX = 'integration-';
export const MAINTENANCE_STREAM_PREFIX = 'maintenance-';
export const CORRELATION_POLICY_STREAM_PREFIX = 'correlationPolicy-';
export const LOG_RULES_STREAM_PREFIX = 'logRules-';

export const alertStream = (fingerprint: string): string => `${ALERT_STREAM_PREFIX}${fingerprint}`;
export const detectionStream = (incidentId: string): string => `${DETECTION_STREAM_PREFIX}${incidentId}`;
export const alertGroupStream = (groupId: string): string => `${ALERT_GROUP_STREAM_PREFIX}${groupId}`;
export const integrationStream = (integrationId: string): string => `${INTEGRATION_STREAM_PREFIX}${integrationId}`;
export const maintenanceStream = (windowId: string): string => `${MAINTENANCE_STREAM_PREFIX}${windowId}`;
export const correlationPolicyStream = (service: string): string => `${CORRELATION_POLICY_STREAM_PREFIX}${service}`;
export const logRulesStream = (integrationId: string): string => `${LOG_RULES_STREAM_PREFIX}${integrationId}`;

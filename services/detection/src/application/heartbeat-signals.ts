import { HeartbeatMissedEvent, HeartbeatRestoredEvent } from '@linchpin/contracts';
import { HeartbeatConfig, HeartbeatSettings } from '../domain/heartbeat.decider';
import { NormalizedSignal } from '../domain/signal';
import { IntegrationView } from './config-projections';

/** The source of every heartbeat alert: a responder sees at once that nothing sent it but Linchpin. */
export const HEARTBEAT_SOURCE = 'linchpin-heartbeat';
/** One alert per integration: its sender key, scoped by the integration like any sender's. */
const HEARTBEAT_SENDER_KEY = 'heartbeat';

/** What the heartbeat's stream needs of an integration, as the integrations' read model has it now. */
export const heartbeatConfigOf = (integration: IntegrationView): HeartbeatConfig => ({
  integrationId: integration.integrationId,
  name: integration.name,
  service: integration.service,
  version: integration.version,
  revoked: integration.status === 'revoked',
  ...(integration.settings.heartbeat ? { heartbeat: integration.settings.heartbeat as HeartbeatSettings } : {}),
});

/**
 * The integration as the alert path reads it for a heartbeat alert: its dedup fields are for its
 * sender's alerts, never for Linchpin's own, so the heartbeat always keys on its own sender key.
 */
export const asHeartbeatSender = (integration: IntegrationView): IntegrationView => {
  const { fingerprintFields: _fields, ...settings } = integration.settings;
  return { ...integration, settings };
};

const labelsOf = (integration: IntegrationView) => ({ alertname: 'HeartbeatMissed', service: integration.service, integration: integration.name });

/** The firing signal of a missed heartbeat: it opens (or, while still firing, repeats) the integration's heartbeat alert. */
export function missedSignal(integration: IntegrationView, missed: HeartbeatMissedEvent['data'], severity: HeartbeatSettings['severity']): NormalizedSignal {
  const since = missed.lastBeatAt === null ? 'since its heartbeat was enabled' : `since ${missed.lastBeatAt}`;
  return {
    senderKey: HEARTBEAT_SENDER_KEY,
    status: 'firing',
    summary: `No heartbeat from ${missed.name} (${missed.service}) ${since}; expected by ${missed.expectedBy}`,
    severity,
    source: HEARTBEAT_SOURCE,
    labels: labelsOf(integration),
    startsAt: missed.expectedBy,
    raw: { type: 'HeartbeatMissed', ...missed },
  };
}

/** The resolving signal of a restored heartbeat. */
export function restoredSignal(integration: IntegrationView, restored: HeartbeatRestoredEvent['data'], severity: HeartbeatSettings['severity']): NormalizedSignal {
  return {
    senderKey: HEARTBEAT_SENDER_KEY,
    status: 'resolved',
    summary: `Heartbeat from ${restored.name} (${restored.service}) restored at ${restored.restoredAt}`,
    severity,
    source: HEARTBEAT_SOURCE,
    labels: labelsOf(integration),
    endsAt: restored.restoredAt,
    raw: { type: 'HeartbeatRestored', ...restored },
  };
}

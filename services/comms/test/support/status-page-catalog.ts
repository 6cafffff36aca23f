import { MaintenanceWindowCancelledV1, MaintenanceWindowScheduledV1, ServiceRegisteredV1, ServiceRetiredV1, ServiceUpdatedV1 } from '@linchpin/contracts';
import { EventEnvelope, newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp } from '@linchpin/service-testing';

/*
 * The status page's components as comms hears of them: triage's service catalog on triage's topic, detection's
 * maintenance windows on detection's topic, each event as its service published it (no incident in its metadata).
 */

const recorded = (event: EventEnvelope, streamId: string, revision: number): RecordedEvent => ({ ...event, streamId, revision, position: 0, recordedAt: event.metadata.occurredAt });
const metadata = (actor: string, occurredAt: string) => ({ correlationId: newId(), causationId: newId(), actor, occurredAt });

const definition = (name: string, displayName: string | undefined, version: number) => ({
  name,
  ...(displayName !== undefined ? { displayName } : {}),
  tier: 1,
  owningTeam: 'payments',
  dependsOn: [],
  version,
});

export const serviceRegistered = (name: string, displayName?: string, at = new Date().toISOString()) =>
  recorded(ServiceRegisteredV1.create(newId(), definition(name, displayName, 1), metadata('admin', at)), `service-${name}`, 0);
export const serviceUpdated = (name: string, displayName: string | undefined, revision: number, at = new Date().toISOString()) =>
  recorded(ServiceUpdatedV1.create(newId(), definition(name, displayName, revision + 1), metadata('admin', at)), `service-${name}`, revision);
export const serviceRetired = (name: string, revision: number, at = new Date().toISOString()) =>
  recorded(ServiceRetiredV1.create(newId(), { name, version: revision + 1 }, metadata('admin', at)), `service-${name}`, revision);

export const windowScheduled = (scope: { windowId?: string; startsAt: string; endsAt: string; services?: string[]; labels?: Record<string, string>; name?: string }, at = new Date().toISOString()) => {
  const windowId = scope.windowId ?? newId();
  return recorded(
    MaintenanceWindowScheduledV1.create(
      newId(),
      { windowId, name: scope.name ?? 'db-7 firmware (internal)', startsAt: scope.startsAt, endsAt: scope.endsAt, services: scope.services ?? [], labels: scope.labels ?? {} },
      metadata('admin', at),
    ),
    `maintenance-${windowId}`,
    0,
  );
};
export const windowCancelled = (windowId: string, at = new Date().toISOString()) =>
  recorded(MaintenanceWindowCancelledV1.create(newId(), { windowId }, metadata('admin', at)), `maintenance-${windowId}`, 1);

/** Publishes on `topic` as the relay does (keyed by stream: these events belong to no incident). */
export const hearConfig = (app: ServiceApp, topic: 'triage' | 'detection', ...events: RecordedEvent[]) =>
  app.bus.publish(topicOf(topic), events.map((event) => ({ key: event.streamId, event })));

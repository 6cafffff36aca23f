import { IncidentResolvedV1, IncidentTriagedV3 } from '@linchpin/contracts';
import { EventEnvelope, newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp } from '@linchpin/service-testing';
import { responderPaged } from './responder-paged';

/*
 * A live incident as the status page hears of it: triage's decision (service and priority) on triage's topic, the
 * page on coordination's, a public and an internal update, both posted over HTTP with their audience.
 */

const recorded = (event: EventEnvelope, streamId: string, revision: number): RecordedEvent => ({
  ...event,
  streamId,
  revision,
  position: 0,
  recordedAt: new Date().toISOString(),
});
const metadata = (incidentId: string, actor: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: new Date().toISOString() });

export const triaged = (incidentId: string, service: string, priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5', title = 'db-7.internal: connection pool exhausted for customer acme') =>
  recorded(
    IncidentTriagedV3.create(
      newId(),
      {
        incidentId,
        priority,
        severity: 'SEV2',
        impact: 2,
        urgency: 2,
        matrix: { id: 'default', version: 1 },
        route: { team: 'payments', ruleId: 'r1', ruleVersion: 1 },
        fallbackRoute: { team: 'operations' },
        service,
        title,
        rationale: [],
      },
      metadata(incidentId, 'system:triage'),
    ),
    `triage-${incidentId}`,
    1,
  );

export const resolved = (incidentId: string, revision: number) =>
  recorded(IncidentResolvedV1.create(newId(), { incidentId, by: 'token:alice' }, metadata(incidentId, 'token:alice')), `response-${incidentId}`, revision);

export const hear = (app: ServiceApp, topic: 'triage' | 'coordination', ...events: RecordedEvent[]) =>
  app.bus.publish(topicOf(topic), events.map((event) => ({ key: String(event.metadata.incidentId), event })));

export const PUBLIC_UPDATE = 'Some card payments fail; we are rolling back the last release.';
export const INTERNAL_UPDATE = 'Internal: db-7 pool at 100%, paging the DBA on call.';

/** Opens an incident on `service` at `priority` with a public and an internal update; answers its id. */
export async function liveIncident(app: ServiceApp, service: string, priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5', publicUpdate = PUBLIC_UPDATE): Promise<string> {
  const incidentId = newId();
  await hear(app, 'triage', triaged(incidentId, service, priority));
  await hear(app, 'coordination', responderPaged({ incidentId, webhookUrl: 'https://hooks.example.com/pager' }));
  await app.http().post(`/comms/incidents/${incidentId}/updates`).send({ audience: 'public', phase: 'identified', message: publicUpdate }).expect(202);
  await app.http().post(`/comms/incidents/${incidentId}/updates`).send({ audience: 'internal', phase: 'identified', message: INTERNAL_UPDATE }).expect(202);
  return incidentId;
}

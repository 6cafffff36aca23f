import { newId, RecordedEvent } from '@linchpin/eventsourcing';
import { ResponderPagedV1 } from '@linchpin/contracts';

let position = 9000;

/** Coordination's page of a responder, as comms receives it from the bus. */
export const responderPaged = (page: { webhookUrl: string; incidentId?: string; team?: string; teamId?: string; responder?: string; title?: string; revision?: number }): RecordedEvent => {
  const { webhookUrl, incidentId = newId(), team = 'payments', teamId = newId(), responder = 'alice', title = 'Checkout down', revision = 0 } = page;
  return {
    ...ResponderPagedV1.create(
      newId(),
      {
        incidentId,
        pageId: newId(),
        teamId,
        team,
        responder: { name: responder, webhookUrl },
        priority: 'P1',
        title,
        escalationLevel: 1,
        reason: 'lowest onCallOrder',
      },
      { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:coordination', occurredAt: new Date().toISOString() },
    ),
    streamId: `response-${incidentId}`,
    revision,
    position: ++position,
    recordedAt: new Date().toISOString(),
  };
};

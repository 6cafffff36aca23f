import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventMetadata, EventStore, NotFoundError, executeCommand, newId } from '@linchpin/eventsourcing';
import { responseDecider } from '../domain/response.decider';
import { AcknowledgeIncidentCommand, GetIncidentQuery, RequestContext, ResolveIncidentCommand } from './commands';
import { loadResponse, upcast } from './streams';
import { ResponseView, responseView } from './views';
import { responseStream } from '../domain/streams';

const metadataOf = (incidentId: string, context: RequestContext, clock: Clock): EventMetadata => ({
  incidentId,
  correlationId: incidentId,
  causationId: context.requestId,
  actor: context.actor,
  occurredAt: clock.now().toISOString(),
});

@CommandHandler(AcknowledgeIncidentCommand)
export class AcknowledgeIncidentHandler implements ICommandHandler<AcknowledgeIncidentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, by, context }: AcknowledgeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const metadata = metadataOf(incidentId, context, this.clock);
    await executeCommand(this.store, responseStream(incidentId), responseDecider, { type: 'AcknowledgeIncident', incidentId, eventId, by, metadata }, { map: upcast });
    return { eventId };
  }
}

@CommandHandler(ResolveIncidentCommand)
export class ResolveIncidentHandler implements ICommandHandler<ResolveIncidentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, by, resolution, context }: ResolveIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const metadata = metadataOf(incidentId, context, this.clock);
    await executeCommand(
      this.store,
      responseStream(incidentId),
      responseDecider,
      { type: 'ResolveIncident', incidentId, eventId, by, resolution, metadata },
      { map: upcast },
    );
    return { eventId };
  }
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId }: GetIncidentQuery): Promise<ResponseView> {
    const state = await loadResponse(this.store, incidentId);
    if (state.status === 'none') throw new NotFoundError('incident', incidentId);
    return responseView(state);
  }
}

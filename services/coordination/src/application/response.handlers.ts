import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { responses } from '../domain/streams';
import { AcknowledgeIncidentCommand, GetIncidentQuery, ResolveIncidentCommand } from './commands';
import { ResponseView, responseView } from './views';

@CommandHandler(AcknowledgeIncidentCommand)
export class AcknowledgeIncidentHandler extends StoreCommandHandler implements ICommandHandler<AcknowledgeIncidentCommand> {
  async execute({ incidentId, by, request }: AcknowledgeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await responses.handle(this.store, { type: 'AcknowledgeIncident', incidentId, eventId, by, context: this.contextOf(request) });
    return { eventId };
  }
}

@CommandHandler(ResolveIncidentCommand)
export class ResolveIncidentHandler extends StoreCommandHandler implements ICommandHandler<ResolveIncidentCommand> {
  async execute({ incidentId, by, resolution, request }: ResolveIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await responses.handle(this.store, { type: 'ResolveIncident', incidentId, eventId, by, resolution, context: this.contextOf(request) });
    return { eventId };
  }
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId }: GetIncidentQuery): Promise<ResponseView> {
    const state = await responses.load(this.store, { incidentId });
    if (state.status === 'none') throw new NotFoundError('incident', incidentId);
    return responseView(state);
  }
}

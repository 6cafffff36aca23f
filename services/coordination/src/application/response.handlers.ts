import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { incidentComms, incidentSlas, responses } from '../domain/streams';
import { AcknowledgeIncidentCommand, GetIncidentQuery, ResolveIncidentCommand } from './commands';
import { responseView } from './views';
import { TasksProjection } from './tasks.projection';
import { WarRoomView, warRoomBlocks } from './war-room';

@CommandHandler(AcknowledgeIncidentCommand)
export class AcknowledgeIncidentHandler extends StoreCommandHandler implements ICommandHandler<AcknowledgeIncidentCommand> {
  async execute({ incidentId, request }: AcknowledgeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'AcknowledgeIncident', incidentId, eventId, by: context.actor, context });
    return { eventId };
  }
}

@CommandHandler(ResolveIncidentCommand)
export class ResolveIncidentHandler extends StoreCommandHandler implements ICommandHandler<ResolveIncidentCommand> {
  async execute({ incidentId, resolution, request }: ResolveIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'ResolveIncident', incidentId, eventId, by: context.actor, resolution, context });
    return { eventId };
  }
}

/** The war room: the response, composed with the incident's tasks, SLA clocks, pending timers and stakeholder updates. */
@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tasks: TasksProjection,
  ) {}

  async execute({ incidentId }: GetIncidentQuery): Promise<WarRoomView> {
    const state = await responses.load(this.store, { incidentId });
    if (state.status === 'none') throw new NotFoundError('incident', incidentId);
    const [tasks, sla, comms] = await Promise.all([this.tasks.ofIncident(incidentId), incidentSlas.load(this.store, { incidentId }), incidentComms.load(this.store, { incidentId })]);
    return { ...responseView(state), ...warRoomBlocks(state, tasks, sla, comms, this.clock.now()) };
  }
}

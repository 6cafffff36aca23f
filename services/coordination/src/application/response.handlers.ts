import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { incidentComms, incidentSlas, pageDeliveries, responses } from '../domain/streams';
import { withDeliveries } from './page-delivery.view';
import { AcknowledgeIncidentCommand, GetIncidentQuery, ResolveIncidentCommand } from './commands';
import { responseView } from './views';
import { TasksProjection } from './tasks.projection';
import { teamScoped } from './team-scope';
import { WarRoomView, warRoomBlocks } from './war-room';

@CommandHandler(AcknowledgeIncidentCommand)
export class AcknowledgeIncidentHandler extends StoreCommandHandler implements ICommandHandler<AcknowledgeIncidentCommand> {
  async execute({ incidentId, request }: AcknowledgeIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'AcknowledgeIncident', incidentId, eventId, by: context.actor, context }, teamScoped(request));
    return { eventId };
  }
}

@CommandHandler(ResolveIncidentCommand)
export class ResolveIncidentHandler extends StoreCommandHandler implements ICommandHandler<ResolveIncidentCommand> {
  async execute({ incidentId, resolution, request }: ResolveIncidentCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await responses.handle(this.store, { type: 'ResolveIncident', incidentId, eventId, by: context.actor, resolution, context }, teamScoped(request));
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
    const [tasks, sla, comms, deliveries] = await Promise.all([
      this.tasks.ofIncident(incidentId),
      incidentSlas.load(this.store, { incidentId }),
      incidentComms.load(this.store, { incidentId }),
      pageDeliveries.load(this.store, { incidentId }),
    ]);
    const view = responseView(state);
    return { ...view, pages: withDeliveries(view.pages, deliveries), ...warRoomBlocks(state, tasks, sla, comms, this.clock.now()) };
  }
}

import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, nameBasedId, newId } from '@linchpin/eventsourcing';
import { SignedLinks, StoreCommandHandler } from '@linchpin/platform';
import { DeliveryView, GetDeliveryQuery, ListStatusUpdatesQuery, PostStatusUpdateCommand } from './commands';
import { knownIncidents, statusUpdates } from '../domain/streams';
import { DeliveriesProjection } from './deliveries.projection';
import { deliveryViewOf } from './delivery-view';
import { assertIncidentInTeamScope } from './team-scope';
import { templatedMessage } from './templated-message';

@CommandHandler(PostStatusUpdateCommand)
export class PostStatusUpdateHandler extends StoreCommandHandler implements ICommandHandler<PostStatusUpdateCommand> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock, private readonly links: SignedLinks) {
    super(store, clock);
  }

  async execute({ incidentId, audience, status, message, impact, eta, request }: PostStatusUpdateCommand): Promise<{ updateId: string }> {
    const updateId = request.idempotencyKey ? nameBasedId(`comms.update:${incidentId}:${request.idempotencyKey}`) : newId();
    // Once known, an incident stays known: reading it apart from the comms stream races with nothing (its team may
    // move in between; an update checked against the team an instant before is no different from one posted then).
    const known = await knownIncidents.load(this.store, { incidentId });
    assertIncidentInTeamScope(request, known);
    // No message: the phase's template says it (only for an incident comms knows; the decider answers 404 otherwise).
    const text = message === undefined && known.known ? await templatedMessage(this.store, this.links, { incidentId, status, impact, eta }) : { message: message ?? '', template: null };
    await statusUpdates.handle(this.store, {
      type: 'PostStatusUpdate',
      eventId: newId(),
      incidentId,
      updateId,
      audience,
      status,
      message: text.message,
      impact,
      eta,
      template: text.template,
      incidentKnown: known.known,
      context: this.contextOf(request),
    });
    return { updateId };
  }
}

@QueryHandler(ListStatusUpdatesQuery)
export class ListStatusUpdatesHandler implements IQueryHandler<ListStatusUpdatesQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId }: ListStatusUpdatesQuery) {
    const state = await statusUpdates.load(this.store, { incidentId });
    // `phase` is the update's status under the name the route takes; `status` stays for older readers.
    return { incidentId, updates: state.updates.map((u) => ({ ...u, phase: u.status })) };
  }
}

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler implements IQueryHandler<GetDeliveryQuery> {
  constructor(private readonly deliveries: DeliveriesProjection) {}

  async execute({ id }: GetDeliveryQuery): Promise<DeliveryView> {
    const record = await this.deliveries.find(id);
    if (!record) throw new NotFoundError('delivery', id);
    return deliveryViewOf(record);
  }
}

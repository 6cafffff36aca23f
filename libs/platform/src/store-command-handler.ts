import { Inject } from '@nestjs/common';
import { Clock, CLOCK, CommandContext, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { RequestContext } from './request-context';

/**
 * The base of command handlers: the store their deciders run against, the clock, and the context a
 * command carries from its request (who, which request, when Linchpin decided).
 */
export abstract class StoreCommandHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected contextOf(request: Pick<RequestContext, 'actor' | 'requestId' | 'onBehalfOf'>): CommandContext {
    return {
      actor: request.actor,
      ...(request.onBehalfOf ? { onBehalfOf: request.onBehalfOf } : {}),
      causationId: request.requestId,
      occurredAt: this.clock.now().toISOString(),
    };
  }
}

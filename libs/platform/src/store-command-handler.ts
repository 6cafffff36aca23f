import { Inject } from '@nestjs/common';
import { Clock, CLOCK, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';

/**
 * The base of command handlers that run a decider's command against the store: it brings the
 * store and the clock, and the context a command carries from a request (who, which request,
 * when Linchpin decided).
 */
export abstract class StoreCommandHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected contextOf(actor: string, requestId: string): { actor: string; causationId: string; occurredAt: string } {
    return { actor, causationId: requestId, occurredAt: this.clock.now().toISOString() };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignalsCleared } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, deterministicId, DomainError, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { teamIdOf } from '../domain/team.decider';
import { responses, teams } from '../domain/streams';

/** Who resolves by policy, as the timeline and the review show it. */
export const AUTO_RESOLVER = 'system:auto-resolve';

/**
 * Auto-resolve: when detection reports that every alert of an incident has resolved at its
 * source, resolve it, if its team's policy says so (the default). An incident already resolved,
 * or one coordination never received, is left alone; the id derives from the SignalsCleared, so
 * a redelivery resolves nothing twice.
 */
@Injectable()
export class SignalsClearedReactor extends BusReactor {
  private readonly logger = new Logger(SignalsClearedReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, 'coordination.auto-resolve', [topicOf('detection')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!SignalsCleared.is(event)) return;
    const { incidentId, alertCount, clearedAt } = event.data;
    const response = await responses.load(this.store, { incidentId });
    if (response.status === 'none' || response.status === 'resolved') return;
    const team = await teams.load(this.store, { teamId: teamIdOf(response.team) });
    if (team.status === 'active' && !team.autoResolve) return;
    try {
      await responses.handle(this.store, {
        type: 'ResolveIncident',
        incidentId,
        eventId: deterministicId(event.id, 'coordination.auto-resolve'),
        by: AUTO_RESOLVER,
        resolution: `all ${alertCount} alert(s) resolved at their source (last at ${clearedAt})`,
        context: { actor: AUTO_RESOLVER, causationId: event.id, occurredAt: this.clock.now().toISOString() },
      });
      this.logger.log(`incident ${incidentId} auto-resolved: its signals cleared`);
    } catch (error) {
      // Resolved by a person in the meantime: nothing left to do.
      if (!(error instanceof DomainError)) throw error;
    }
  }
}

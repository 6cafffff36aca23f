import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import {
  CLOCK,
  Clock,
  EVENT_STORE,
  EventStore,
  MESSAGE_BUS,
  MessageBus,
  PublishedEvent,
  deterministicId,
  topicOf,
} from '@linchpin/eventsourcing';
import { IncidentReprioritised, IncidentTriaged, IncidentUnrouted } from '@linchpin/contracts';
import { Team, teamIdOf } from '../domain/team.decider';
import { PagingMetrics } from './paging.metrics';
import { responses, teams } from '../domain/streams';

export const COORDINATION_GROUP = 'coordination';

/**
 * Reacts to triage's decisions (its topic): pages the routed team's on-call when triage decides a route, or the default route's team's when
 * the routed team does not exist or has nobody to page. Ids derive from the triage event, and the
 * decider pages an incident once, so a redelivered message pages nobody twice. An incident nobody
 * could be paged for is loud: a warning and `linchpin_incidents_unpaged_total`.
 */
@Injectable()
export class TriageDecisionsReactor extends BusReactor {
  private readonly logger = new Logger(TriageDecisionsReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: PagingMetrics,
  ) {
    super(bus, COORDINATION_GROUP, [topicOf('triage')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (IncidentReprioritised.is(event)) {
      const { incidentId, priority, severity, trigger, reason } = event.data;
      await responses.handle(this.store, {
        type: 'ChangePriority',
        incidentId,
        eventId: deterministicId(event.id, 'coordination.priority'),
        priority,
        severity,
        trigger,
        reason,
        context: { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() },
      });
      return;
    }
    if (!IncidentTriaged.is(event)) return;
    // The bus raised it to v3: `fallbackRoute` is there (operations for events from before v3).
    const { incidentId, route, fallbackRoute, priority, title } = event.data;
    const team = await this.activeTeam(route.team);
    const fallback = fallbackRoute.team === route.team ? undefined : { teamName: fallbackRoute.team, team: await this.activeTeam(fallbackRoute.team) };
    const result = await responses.handle(this.store, {
      type: 'PageOnCall',
      incidentId,
      eventId: deterministicId(event.id, 'coordination.paging', 0),
      pageId: deterministicId(event.id, 'coordination.page', 0),
      teamName: route.team,
      team,
      ...(fallback ? { fallback } : {}),
      priority,
      title,
      route: `rule ${route.ruleId} v${route.ruleVersion}`,
      context: { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    });
    for (const e of result.events) {
      if (IncidentUnrouted.is(e)) {
        // Only when this delivery recorded it: a redelivery records nothing, and counts nothing again.
        this.metrics.incidentUnpaged(e.data.cause);
        this.logger.warn(`nobody was paged for incident ${incidentId} (routed to team "${route.team}"): ${e.data.reason}`);
      } else {
        this.logger.log(`${e.type} for incident ${incidentId}`);
      }
    }
  }

  private async activeTeam(name: string): Promise<Team | undefined> {
    const team = await teams.load(this.store, { teamId: teamIdOf(name) });
    return team.status === 'active' ? team : undefined;
  }
}

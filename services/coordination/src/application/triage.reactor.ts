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
  executeCommand,
  topicOf,
} from '@linchpin/eventsourcing';
import { IncidentReprioritised, IncidentTriagedV1 } from '@linchpin/contracts';
import { responseDecider, responseStream } from '../domain/response.decider';
import { teamIdOf } from '../domain/team.decider';
import { loadTeam, upcast } from './streams';

export const COORDINATION_GROUP = 'coordination';

/**
 * Pages the routed team's on-call when triage decides a route. Ids derive from the triage
 * event, and the decider pages an incident once, so a redelivered message pages nobody twice.
 */
@Injectable()
export class TriageReactor extends BusReactor {
  private readonly logger = new Logger(TriageReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, COORDINATION_GROUP, [topicOf('triage')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (IncidentReprioritised.is(event)) {
      const { incidentId, priority, severity, trigger, reason } = event.data;
      await executeCommand(
        this.store,
        responseStream(incidentId),
        responseDecider,
        {
          type: 'ChangePriority',
          incidentId,
          eventId: deterministicId(event.id, 'coordination.priority'),
          priority,
          severity,
          trigger,
          reason,
          metadata: { incidentId, correlationId: incidentId, causationId: event.id, actor: 'system:coordination', occurredAt: this.clock.now().toISOString() },
        },
        { map: upcast },
      );
      return;
    }
    if (!IncidentTriagedV1.is(event)) return;
    const { incidentId, route, priority, title } = event.data;
    const team = await loadTeam(this.store, teamIdOf(route.team));
    const result = await executeCommand(
      this.store,
      responseStream(incidentId),
      responseDecider,
      {
        type: 'PageOnCall',
        incidentId,
        eventId: deterministicId(event.id, 'coordination.paging', 0),
        pageId: deterministicId(event.id, 'coordination.page', 0),
        teamName: route.team,
        team: team.status === 'active' ? team : undefined,
        priority,
        title,
        route: `rule ${route.ruleId} v${route.ruleVersion}`,
        metadata: {
          incidentId,
          correlationId: incidentId,
          causationId: event.id,
          actor: 'system:coordination',
          occurredAt: this.clock.now().toISOString(),
        },
      },
      { map: upcast },
    );
    for (const e of result.events) this.logger.log(`${e.type} for incident ${incidentId}`);
  }
}

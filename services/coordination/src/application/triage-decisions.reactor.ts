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
import { teamIdOf } from '../domain/team.decider';
import { PageOnCall, Roster } from '../domain/response.decider';
import { PagingMetrics } from './paging.metrics';
import { people, responses, teams } from '../domain/streams';
import { adopt } from './team.handlers';
import { EscalationPlanner } from './escalation-plans';

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
    private readonly planner: EscalationPlanner,
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
    const context = { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() };
    const team = await this.roster(route.team, context);
    const fallback = fallbackRoute.team === route.team ? undefined : { teamName: fallbackRoute.team, team: await this.roster(fallbackRoute.team, context) };
    const result = await responses.handle(
      this.store,
      {
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
        defaultRouteTeam: fallbackRoute.team,
        context,
      },
      // Only a first paging needs the policies resolved: a redelivery decides nothing.
      { prepare: (command, state) => (state.status === 'none' && command.type === 'PageOnCall' ? this.planned(command, route.escalationPolicy, fallbackRoute) : command) },
    );
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

  /**
   * The command with each team's escalation resolved at the decision's instant (policy, levels),
   * and, when a plan would be exhausted at once, whom the default route's team pages then.
   */
  private async planned(command: PageOnCall, routePolicy: string | undefined, fallbackRoute: { team: string; escalationPolicy?: string }): Promise<PageOnCall> {
    const at = command.context.occurredAt;
    const routed = command.team ? await this.planner.plan(command.team.teamId, routePolicy, at) : undefined;
    const fallback = command.fallback?.team ? await this.planner.plan(command.fallback.team.teamId, fallbackRoute.escalationPolicy, at) : undefined;
    const exhaustsAtOnce = [routed, fallback].some((plan) => plan !== undefined && plan.levels.every((level) => level.people.length === 0));
    const onExhausted = exhaustsAtOnce ? await this.planner.fallbackPage(fallbackRoute.team, at) : undefined;
    return {
      ...command,
      ...(routed ? { escalation: routed } : {}),
      ...(command.fallback ? { fallback: { ...command.fallback, ...(fallback ? { escalation: fallback } : {}) } } : {}),
      ...(onExhausted ? { onExhausted } : {}),
    };
  }

  /**
   * The named team with its people, unless it is unknown or retired. A member of a team stored
   * before people existed (`legacyContact`, set by the TeamCreated v2 → v3 upcaster) is registered
   * as the person its team and name derive, with their webhook, the first time it is needed; a
   * retired or unknown person is listed without a person and never paged.
   */
  private async roster(name: string, context: { actor: string; causationId: string; occurredAt: string }): Promise<Roster | undefined> {
    const team = await teams.load(this.store, { teamId: teamIdOf(name) });
    if (team.status !== 'active') return undefined;
    const members: Roster['members'] = [];
    for (const member of team.members) {
      let person = await people.load(this.store, { personId: member.personId });
      if (person.status === 'none' && member.legacyContact) {
        await adopt(this.store, { personId: member.personId, name: member.legacyContact.name, webhookUrl: member.legacyContact.webhookUrl }, context);
        person = await people.load(this.store, { personId: member.personId });
      }
      members.push({ personId: member.personId, onCallOrder: member.onCallOrder, ...(person.status === 'active' ? { person } : {}) });
    }
    return { teamId: team.teamId, name: team.name, members };
  }
}

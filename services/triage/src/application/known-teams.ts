import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TeamCreatedEvent, TeamRetiredEvent, TeamUpdatedEvent } from '@linchpin/contracts';
import { CommandContext, deterministicId, EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { TeamForgotten, TeamKnown, teamKey, unknownTeamWarnings } from '../domain/known-team.decider';
import { DefaultRoute, RoutingRule } from '../domain/routing-rules';
import { TriageConfigProjection } from './triage-config.projection';
import { KNOWN_TEAM_STREAM_PREFIX, knownTeams } from '../domain/streams';

/**
 * The teams coordination created and has not retired, as triage recorded them (its own `knownTeam-` streams), and the
 * warnings they give about the routing rules. At start-up, a default route naming an unknown team
 * is logged as a warning.
 */
@Injectable()
export class KnownTeams implements OnApplicationBootstrap {
  private readonly logger = new Logger('Triage');
  private readonly names = new Set<string>();
  private readonly feed: ProjectionFeed;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: TriageConfigProjection,
  ) {
    this.feed = new ProjectionFeed(store, [KNOWN_TEAM_STREAM_PREFIX], (event) => this.apply(event));
  }

  async record(event: TeamCreatedEvent | TeamUpdatedEvent | TeamRetiredEvent, context: CommandContext): Promise<void> {
    const { teamId, name } = event.data;
    await knownTeams.handle(this.store, {
      type: event.type === 'TeamRetired' ? 'ForgetTeam' : 'RecordKnownTeam',
      eventId: deterministicId(event.id, 'triage.known-team'),
      teamId,
      name,
      context,
    });
  }

  async warningsFor(ruleSet: { rules: readonly RoutingRule[]; defaultRoute: DefaultRoute }): Promise<string[]> {
    await this.feed.current();
    return unknownTeamWarnings(ruleSet, this.names);
  }

  /**
   * In distributed mode, a first start may warn before triage has consumed coordination's teams; once
   * recorded, they are known at every later start.
   */
  async onApplicationBootstrap(): Promise<void> {
    const rules = await this.config.currentRules();
    await this.feed.current();
    if (!this.names.has(teamKey(rules.defaultRoute.team))) {
      this.logger.warn(
        `the default route (routing rules ${rules.id} v${rules.version}) names team "${rules.defaultRoute.team}", which does not exist in ` +
          'coordination: an incident no rule routes, or routed to a team that does not exist, pages nobody until that team is created ' +
          '(POST /coordination/teams) or the default route changed (PUT /triage/routing-rules)',
      );
    }
  }

  private apply(event: RecordedEvent): void {
    if (TeamKnown.is(event)) this.names.add(teamKey(event.data.name));
    else if (TeamForgotten.is(event)) this.names.delete(teamKey(event.data.name));
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { validateMatrix } from '../domain/priority-matrix';
import { DefaultRoute, RoutingRule, validateRuleSet } from '../domain/routing-rules';
import { VersionPriorityMatrix, VersionRoutingRules } from '../domain/triage-config.decider';
import { KnownTeams } from './known-teams';
import { MatrixVersion, RulesVersion, TriageConfigProjection } from './triage-config.projection';
import { priorityMatrices, routingRuleSets } from '../domain/streams';

/** What a change answers: the version now current, and whether this request published it. */
export interface Versioned<T> {
  changed: boolean;
  current: T;
}

export class VersionPriorityMatrixCommand extends commandWith<
  Pick<VersionPriorityMatrix, 'cells' | 'reason' | 'basedOnVersion'> & { request: RequestContext },
  Versioned<MatrixVersion>
>() {}

/** Rules and default route as received: checked by the handler before the decider sees them. */
export class VersionRoutingRulesCommand extends commandWith<
  Pick<VersionRoutingRules, 'reason' | 'basedOnVersion'> & { rules: unknown; defaultRoute: unknown; request: RequestContext },
  Versioned<RulesVersion> & { warnings: string[] }
>() {}

/**
 * Content errors are all reported at once, as a 400 naming each field; the decider checks the
 * same rules again (as a 409 naming the first) for any caller that skips this.
 */
const refuseInvalid = (errors: { field: string; reason: string }[]): void => {
  if (errors.length > 0) throw new RequestValidationException(errors);
};

const found = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} expected in the projection after a successful command`);
  return value;
};

@CommandHandler(VersionPriorityMatrixCommand)
export class VersionPriorityMatrixHandler extends StoreCommandHandler implements ICommandHandler<VersionPriorityMatrixCommand> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly projection: TriageConfigProjection,
  ) {
    super(store, clock);
  }

  async execute({ cells, reason, basedOnVersion, request }: VersionPriorityMatrixCommand): Promise<Versioned<MatrixVersion>> {
    refuseInvalid(validateMatrix(cells));
    const { events, state } = await priorityMatrices.handle(this.store, {
      type: 'VersionPriorityMatrix',
      eventId: newId(),
      cells,
      reason,
      basedOnVersion,
      context: this.contextOf(request),
    });
    return { changed: events.length > 0, current: found(await this.projection.matrixVersion(state.matrix.version), 'priority matrix version') };
  }
}

@CommandHandler(VersionRoutingRulesCommand)
export class VersionRoutingRulesHandler extends StoreCommandHandler implements ICommandHandler<VersionRoutingRulesCommand> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly projection: TriageConfigProjection,
    private readonly teams: KnownTeams,
  ) {
    super(store, clock);
  }

  async execute({ rules, defaultRoute, reason, basedOnVersion, request }: VersionRoutingRulesCommand): Promise<Versioned<RulesVersion> & { warnings: string[] }> {
    refuseInvalid(validateRuleSet({ rules, defaultRoute }));
    const { events, state } = await routingRuleSets.handle(this.store, {
      type: 'VersionRoutingRules',
      eventId: newId(),
      // Valid, so of these types (validateRuleSet checked each field).
      rules: rules as RoutingRule[],
      defaultRoute: defaultRoute as DefaultRoute,
      reason,
      basedOnVersion,
      context: this.contextOf(request),
    });
    const current = found(await this.projection.rulesVersion(state.rules.version), 'routing rules version');
    return { changed: events.length > 0, current, warnings: await this.teams.warningsFor(current) };
  }
}

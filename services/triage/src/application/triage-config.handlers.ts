import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, EVENT_STORE, EventStore, executeCommand, newId } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { validateMatrix } from '../domain/priority-matrix';
import { DefaultRoute, RoutingRule, validateRuleSet } from '../domain/routing-rules';
import { priorityMatrixDecider, routingRulesDecider } from '../domain/triage-config.decider';
import { KnownTeams } from './known-teams';
import { MatrixVersion, RulesVersion, TriageConfigProjection } from './triage-config.projection';
import { PRIORITY_MATRIX_STREAM, ROUTING_RULES_STREAM } from '../domain/streams';

/** What a change answers: the version now current, and whether this request published it. */
export interface Versioned<T> {
  changed: boolean;
  current: T;
}

export class VersionPriorityMatrixCommand extends Command<Versioned<MatrixVersion>> {
  constructor(
    readonly change: { cells: readonly (readonly string[])[]; reason?: string; basedOnVersion?: number },
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

export class VersionRoutingRulesCommand extends Command<Versioned<RulesVersion> & { warnings: string[] }> {
  constructor(
    /** Rules and default route as received: checked here before the decider sees them. */
    readonly change: { rules: unknown; defaultRoute: unknown; reason?: string; basedOnVersion?: number },
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

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

  async execute({ change, actor, requestId }: VersionPriorityMatrixCommand): Promise<Versioned<MatrixVersion>> {
    refuseInvalid(validateMatrix(change.cells));
    const { events, state } = await executeCommand(this.store, PRIORITY_MATRIX_STREAM, priorityMatrixDecider, {
      type: 'VersionPriorityMatrix',
      eventId: newId(),
      ...change,
      context: this.contextOf(actor, requestId),
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

  async execute({ change, actor, requestId }: VersionRoutingRulesCommand): Promise<Versioned<RulesVersion> & { warnings: string[] }> {
    refuseInvalid(validateRuleSet(change));
    const { events, state } = await executeCommand(this.store, ROUTING_RULES_STREAM, routingRulesDecider, {
      type: 'VersionRoutingRules',
      eventId: newId(),
      ...change,
      // Valid, so of these types (validateRuleSet checked each field).
      rules: change.rules as RoutingRule[],
      defaultRoute: change.defaultRoute as DefaultRoute,
      context: this.contextOf(actor, requestId),
    });
    const current = found(await this.projection.rulesVersion(state.rules.version), 'routing rules version');
    return { changed: events.length > 0, current, warnings: await this.teams.warningsFor(current) };
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, ConcurrencyError, EVENT_STORE, EventStore, KeyedLock, loadState, newId, StateCache } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { LogLine } from '../domain/log-line';
import { LogRule, LogRulesState } from '../domain/log-rules';
import { evaluateLogLines, logRulesDecider } from '../domain/log-rules.decider';
import { logRulesStream } from '../domain/streams';
import { IntegrationView } from './config-projections';
import { IngestSignalsCommand, SignalOutcome } from './ingest-signals.command';

/** Reload-and-retry attempts after another process recorded the same integration's rules first. */
const CONFLICT_RETRIES = 5;

/** A log shipper's batch for a `logs` integration: the outcomes of the signals its rules raised or resolved (often none). */
export class EvaluateLogLinesCommand extends Command<SignalOutcome[]> {
  constructor(
    readonly integration: IntegrationView,
    readonly lines: LogLine[],
    readonly actor: string,
    readonly requestId: string,
  ) {
    super();
  }
}

/**
 * Runs the log rules' decider like executeCommand does (load, decide, append at the revision read,
 * reload and decide again on a conflict), with one step between deciding and appending: the
 * signals the batch raised or resolved are ingested first.
 */
@CommandHandler(EvaluateLogLinesCommand)
export class EvaluateLogLinesHandler extends StoreCommandHandler implements ICommandHandler<EvaluateLogLinesCommand, SignalOutcome[]> {
  /** One batch at a time per integration in this process: each reads the rules' state the previous one left. */
  private readonly turns = new KeyedLock();
  /** The rules' last state per integration, so a batch reads only what another process may have added. */
  private readonly states = new StateCache<LogRulesState>();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly commands: CommandBus,
  ) {
    super(store, clock);
  }

  execute({ integration, lines, actor, requestId }: EvaluateLogLinesCommand): Promise<SignalOutcome[]> {
    const { integrationId } = integration;
    const stream = logRulesStream(integrationId);
    // Validated when the integration was saved; the stored shape types `level` as any string.
    const rules = (integration.settings.logRules ?? []) as LogRule[];
    const eventId = newId();
    return this.turns.run(stream, async () => {
      const outcomes: SignalOutcome[] = [];
      for (let attempt = 0; ; attempt++) {
        const { state, revision } = await loadState(this.store, stream, logRulesDecider, { cache: this.states });
        const context = this.contextOf(actor, requestId);
        const { events, signals } = evaluateLogLines({ type: 'EvaluateLogLines', eventId, integrationId, rules, lines, context }, state);
        // Signals first: a crash before the state is saved re-raises on the next batch, which dedups.
        // (A conflict below re-decides on the newer state; what it raises again dedups the same way.)
        if (signals.length > 0) outcomes.push(...(await this.commands.execute(new IngestSignalsCommand('logs', signals, integration, actor, requestId))));
        if (events.length === 0) return outcomes;
        try {
          const append = await this.store.append(stream, events, revision ?? 'no_stream');
          if (!append.alreadyStored) this.states.set(stream, { state: events.reduce(logRulesDecider.evolve, state), revision: append.nextExpectedRevision });
          return outcomes;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= CONFLICT_RETRIES) throw error;
        }
      }
    });
  }
}

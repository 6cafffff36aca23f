import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CLOCK, EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, StoreCommandHandler } from '@linchpin/platform';
import { LogRule } from '../domain/log-rules';
import { EvaluateLogLines, evaluateLogLines } from '../domain/log-rules.decider';
import { logRules } from '../domain/streams';
import { IntegrationView } from './config-projections';
import { RecordHeartbeatCommand } from './heartbeats';
import { IngestSignalsCommand, SignalOutcome } from './ingest-signals.command';

/** A log shipper's batch for a `logs` integration: the outcomes of the signals its rules raised or resolved (often none). */
export class EvaluateLogLinesCommand extends commandWith<
  Pick<EvaluateLogLines, 'lines'> & { integration: IntegrationView; request: RequestContext },
  SignalOutcome[]
>() {}

/**
 * Runs the log rules' decider through its binding (`logRules`: one batch at a time per integration
 * in a process, a conflict with another process reloads and decides again), with one step between
 * deciding and appending: the signals the batch raised or resolved are ingested first. They come
 * only with a change of the rules' state, so a batch that raises or resolves one always reaches it.
 */
@CommandHandler(EvaluateLogLinesCommand)
export class EvaluateLogLinesHandler extends StoreCommandHandler implements ICommandHandler<EvaluateLogLinesCommand, SignalOutcome[]> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly commands: CommandBus,
  ) {
    super(store, clock);
  }

  async execute({ integration, lines, request }: EvaluateLogLinesCommand): Promise<SignalOutcome[]> {
    const { integrationId } = integration;
    // Validated when the integration was saved; the stored shape types `level` as any string.
    const rules = (integration.settings.logRules ?? []) as LogRule[];
    const command: EvaluateLogLines = { type: 'EvaluateLogLines', eventId: newId(), integrationId, rules, lines, context: this.contextOf(request) };
    const outcomes: SignalOutcome[] = [];
    await logRules.handle(this.store, command, {
      // Each attempt (a conflict decides again) judges the batch at the time it is decided, as the clock says then.
      prepare: (evaluated) => ({ ...evaluated, context: this.contextOf(request) }),
      // Signals first: a crash before the state is saved re-raises on the next batch, which dedups.
      // (A conflict re-decides on the newer state; what it raises again dedups the same way.)
      beforeAppend: async ({ command: decided, state }) => {
        // The evaluation the decider just made (memoised by command and state): the lines are matched once.
        const { signals } = evaluateLogLines(decided, state);
        if (signals.length > 0) outcomes.push(...(await this.commands.execute(new IngestSignalsCommand({ sender: 'logs', signals, integration, request }))));
      },
    });
    // A batch, matching or not, shows the shipper is alive.
    if (integration.settings.heartbeat) await this.commands.execute(new RecordHeartbeatCommand({ integration, request }));
    return outcomes;
  }
}

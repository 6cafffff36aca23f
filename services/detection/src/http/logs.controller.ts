import { Body, Controller, Headers, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Clock, CLOCK, EVENT_STORE, EventStore, KeyedLock, newId, StateCache } from '@linchpin/eventsourcing';
import { ProblemDetailsDto } from '@linchpin/platform';
import { IngestSignalsCommand } from '../application/ingest-signals.command';
import { IntegrationKeys } from '../application/integration-keys';
import { LogRulesEvaluated } from '../domain/log-rules-state';
import { actorOf, unknownKey } from './sender-helpers';
import { evaluateLogRules, LogRule, LogRulesState } from './senders/log-rules';
import { splitLogLines } from './senders/logs';
import { SignalsAcceptedDto } from './signal-outcome.dto';
import { logRulesStream } from '../domain/streams';

/**
 * Log shippers (Vector, Fluent Bit, Promtail, a script) post batches of lines; the integration's
 * rules count matching lines in a trailing window, raise an alert at the threshold and resolve it
 * when a batch arrives after a whole window without a match.
 */
@ApiTags('detection: senders')
@Controller('detection/integrations/logs')
export class LogsController {
  /** One batch at a time per integration: each reads the rules' state the previous one left. */
  private readonly turns = new KeyedLock();
  /** The rules' last state per integration, so a batch reads only what another process may have added. */
  private readonly states = new StateCache<LogRulesState>();

  constructor(
    private readonly commands: CommandBus,
    private readonly keys: IntegrationKeys,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':key')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Log lines (JSON lines, a JSON array, or plain text)',
    description:
      'JSON lines take `message|msg|log`, `level|severity|lvl` and `timestamp|time|ts|@timestamp`; plain text lines may start with a level word. ' +
      'The answer lists the alerts the batch raised or resolved (often none).',
  })
  @ApiParam({ name: 'key', description: 'The key returned when the integration (kind `logs`) was created.' })
  @ApiConsumes('application/json', 'application/x-ndjson', 'text/plain')
  @ApiBody({ schema: { type: 'string', example: '{"level":"error","message":"payment gateway timeout"}\n{"level":"info","message":"ok"}' } })
  @ApiAcceptedResponse({ type: SignalsAcceptedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown or revoked key, or not a logs integration.' })
  async ingest(@Param('key') key: string, @Body() body: unknown, @Headers('content-type') contentType?: string) {
    const integration = await this.keys.find(key, 'logs');
    if (!integration) throw unknownKey();
    const { lines } = splitLogLines(body ?? '', contentType);
    const rules = (integration.settings.logRules ?? []) as LogRule[];
    const stream = logRulesStream(integration.integrationId);
    return this.turns.run(stream, async () => {
      const cached = this.states.get(stream);
      const newer = await this.store.readStream(stream, cached ? cached.revision + 1 : 0);
      const latest = newer[newer.length - 1];
      const previous = latest ? (latest.data as { rules: LogRulesState }).rules : (cached?.state ?? {});
      const revision = latest ? latest.revision : cached?.revision;
      const now = this.clock.now().toISOString();
      const { state, signals } = evaluateLogRules(rules, previous, lines, now);
      // Signals first: a crash before the state is saved re-raises on the next batch, which dedups.
      const results =
        signals.length > 0
          ? await this.commands.execute(new IngestSignalsCommand('logs', signals, integration, actorOf('logs', integration.integrationId), newId()))
          : [];
      if (JSON.stringify(state) !== JSON.stringify(previous)) {
        const meta = { actor: actorOf('logs', integration.integrationId), causationId: newId(), correlationId: integration.integrationId, occurredAt: now };
        const appended = await this.store.append(stream, [LogRulesEvaluated.create(newId(), { integrationId: integration.integrationId, rules: state }, meta)], revision ?? 'no_stream');
        this.states.set(stream, { state, revision: appended.nextExpectedRevision });
      }
      return { received: lines.length, results };
    });
  }
}

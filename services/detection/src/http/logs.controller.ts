import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiBodyContent, IncomingRequest, ProblemDetailsDto, Public, RequestValidationException, senderContext } from '@linchpin/platform';
import { EvaluateLogLinesCommand } from '../application/evaluate-log-lines.handler';
import { IntegrationKeys } from '../application/integration-keys';
import { senderActor, unknownKey } from './sender-helpers';
import { jsonBatchProblem, splitLogLines } from './senders/logs';
import { LOG_BATCH_SCHEMA, LOG_TEXT_SCHEMA } from './senders/schemas';
import { SignalsAcceptedDto } from './signal-outcome.dto';

/**
 * Log shippers (Vector, Fluent Bit, Promtail, a script) post batches of lines; the integration's
 * rules count matching lines in a trailing window, raise an alert at the threshold and resolve it
 * when a batch arrives after a whole window without a match.
 */
@ApiTags('detection: senders')
@Controller('detection/integrations/logs')
export class LogsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly keys: IntegrationKeys,
  ) {}

  @Post(':key')
  @Public('The integration key in the path is the credential of the log shipper')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Log lines (JSON lines, a JSON array, or plain text)',
    description:
      'JSON lines take `message|msg|log`, `level|severity|lvl` and `timestamp|time|ts|@timestamp`; plain text lines may start with a level word. ' +
      'The answer lists the alerts the batch raised or resolved (often none).',
  })
  @ApiParam({ name: 'key', description: 'The key returned when the integration (kind `logs`) was created.' })
  // As NDJSON or plain text the batch is any text (a line that is not a JSON object is a plain text line).
  @ApiBodyContent({ 'application/json': LOG_BATCH_SCHEMA, 'application/x-ndjson': LOG_TEXT_SCHEMA, 'text/plain': LOG_TEXT_SCHEMA })
  @ApiAcceptedResponse({ type: SignalsAcceptedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown or revoked key, or not a logs integration.' })
  async ingest(@Req() request: IncomingRequest, @Param('key') key: string, @Body() body: unknown) {
    // Read from the request, not as a documented header parameter: the body's media type says it.
    const contentType = [request.headers['content-type']].flat()[0];
    const integration = await this.keys.find(key, 'logs');
    if (!integration) throw unknownKey();
    const problem = body === undefined ? undefined : jsonBatchProblem(body);
    if (problem) throw new RequestValidationException([{ field: 'body', reason: problem }]);
    const { lines } = splitLogLines(body ?? '', contentType);
    const results = await this.commands.execute(
      new EvaluateLogLinesCommand({ integration, lines, request: senderContext(request, senderActor('logs', integration.integrationId)) }),
    );
    return { received: lines.length, results };
  }
}

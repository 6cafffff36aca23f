import { Body, Controller, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IncomingRequest, Public, registerSenderErrorFormat, senderContext } from '@linchpin/platform';
import { IngestSignalsCommand } from '../application/ingest-signals.command';
import { PagerDutyAdmission } from './pagerduty-admission';
import { pagerDutyErrorFormat } from './pagerduty-errors';
import { refusedPayload, senderActor } from './sender-helpers';
import { pagerDutyResponse, parsePagerDutyEvent } from './senders/pagerduty';
import { PAGERDUTY_EVENT_SCHEMA } from './senders/schemas';

const PAGERDUTY_PATHS = ['/v2/enqueue', '/detection/v2/enqueue'];

registerSenderErrorFormat(PAGERDUTY_PATHS, pagerDutyErrorFormat);

/**
 * PagerDuty Events API v2, answered as PagerDuty answers (not problem+json): existing PagerDuty
 * clients and libraries see no difference. The routing_key is a Linchpin integration key of kind
 * `pagerduty` (the same key sends changes: `pagerduty-change.controller.ts`). `acknowledge` and
 * `resolve` apply to the open alert of that routing_key and dedup_key; after a resolve, a trigger
 * with the same dedup_key opens a new alert.
 */
@ApiTags('detection: senders')
@Controller()
export class PagerDutyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly admission: PagerDutyAdmission,
  ) {}

  @Post(PAGERDUTY_PATHS.map((p) => p.slice(1)))
  @Public('PagerDuty Events API v2 senders authenticate with the integration key (routing_key) in the body')
  @ApiOperation({
    summary: 'PagerDuty Events API v2',
    description:
      'The same body and answers as `https://events.pagerduty.com/v2/enqueue`. 202 `{status, message, dedup_key}` (a trigger without ' +
      '`dedup_key` gets a generated one); 400 `{status: "invalid event", message, errors}`; 429 over the integration\'s rate limit ' +
      '(`rateLimitPerMinute`, default 120 a minute like PagerDuty\'s own).',
  })
  @ApiBody({ schema: PAGERDUTY_EVENT_SCHEMA })
  @ApiResponse({ status: 202, description: 'Event processed', schema: { example: pagerDutyResponse.accepted('srv01/mysql') } })
  @ApiResponse({ status: 400, description: 'Invalid event', schema: { example: pagerDutyResponse.invalid([{ field: 'payload.source', reason: "'payload.source' is missing or blank" }]) } })
  @ApiResponse({ status: 429, description: 'Over the rate limit; retry later' })
  async enqueue(@Req() request: IncomingRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const parsed = parsePagerDutyEvent(body);
    // Refusals are thrown as field errors: the format registered above answers them as PagerDuty does.
    if (!parsed.ok) throw refusedPayload(parsed.errors);
    const { event } = parsed;
    const integration = await this.admission.admit(event.routingKey);
    if (integration === 'throttled') {
      reply.status(HttpStatus.TOO_MANY_REQUESTS);
      return pagerDutyResponse.throttled();
    }
    // PagerDuty's own keys are 32 hex characters.
    const dedupKey = event.dedupKey ?? randomUUID().replace(/-/g, '');
    await this.commands.execute(
      new IngestSignalsCommand({
        sender: 'pagerduty',
        signals: [{ ...event.signal, senderKey: dedupKey }],
        integration,
        request: senderContext(request, senderActor('pagerduty', integration.integrationId)),
      }),
    );
    reply.status(HttpStatus.ACCEPTED);
    return pagerDutyResponse.accepted(dedupKey);
  }
}

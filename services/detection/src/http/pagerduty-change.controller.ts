import { Body, Controller, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IncomingRequest, Public, registerSenderErrorFormat, senderContext } from '@linchpin/platform';
import { RecordChangeCommand } from '../application/changes';
import { PagerDutyAdmission } from './pagerduty-admission';
import { pagerDutyErrorFormat } from './pagerduty-errors';
import { refusedPayload, senderActor } from './sender-helpers';
import { pagerDutyResponse } from './senders/pagerduty';
import { pagerDutyChangeResponse, parsePagerDutyChangeEvent } from './senders/pagerduty-change';
import { PAGERDUTY_CHANGE_EVENT_SCHEMA } from './senders/schemas';

/** Where PagerDuty serves it (`https://events.pagerduty.com/v2/change/enqueue`), and its copy under detection's prefix, like the alert route's. */
export const PAGERDUTY_CHANGE_PATHS = ['/v2/change/enqueue', '/detection/v2/change/enqueue'];

registerSenderErrorFormat(PAGERDUTY_CHANGE_PATHS, pagerDutyErrorFormat);

/**
 * PagerDuty's Change Events API, answered as PagerDuty answers: Ansible's `pagerduty_change`, CI plugins
 * and PagerDuty's client libraries post here unchanged. The routing_key is the key of an integration of
 * kind `pagerduty`, the one that sends alerts to `/v2/enqueue` (PagerDuty: "the same Integration Key can
 * be used for both alert and change events"). A change is context for responders, not a problem: it is
 * recorded as `ChangeRecorded` on `change-<changeId>` with the integration's service, opens no incident
 * and pages nobody. It is not a heartbeat's beat either: a CI pipeline posting changes says nothing of
 * whether the monitoring that sends the alerts is alive.
 */
@ApiTags('detection: senders')
@Controller()
export class PagerDutyChangeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly admission: PagerDutyAdmission,
  ) {}

  @Post(PAGERDUTY_CHANGE_PATHS.map((p) => p.slice(1)))
  @Public('PagerDuty Change Events senders authenticate with the integration key (routing_key) in the body')
  @ApiOperation({
    summary: 'PagerDuty Change Events API',
    description:
      'The same body and answers as `https://events.pagerduty.com/v2/change/enqueue`: a change to the service of the integration whose key ' +
      'is the `routing_key` (kind `pagerduty`, the key that sends alerts to `/v2/enqueue`). Recorded as `ChangeRecorded` (read it at ' +
      '`GET /detection/changes`); it opens no incident and pages nobody. Links are kept as given, never fetched; `custom_details` is kept ' +
      'as JSON text cut at 16 KiB. 202 `{status: "success", message: "Change event processed"}`; 400 `{status: "invalid event", message, ' +
      'errors}` (an unknown or revoked `routing_key` too); 429 over the integration\'s rate limit (`rateLimitPerMinute`, shared with its ' +
      'alerts). With an `Idempotency-Key`, a retry records nothing new.',
  })
  @ApiBody({ schema: PAGERDUTY_CHANGE_EVENT_SCHEMA })
  @ApiResponse({ status: 202, description: 'Change event processed', schema: { example: pagerDutyChangeResponse.accepted() } })
  @ApiResponse({ status: 400, description: 'Invalid event', schema: { example: pagerDutyResponse.invalid([{ field: 'payload.summary', reason: "'payload.summary' is missing or blank" }]) } })
  @ApiResponse({ status: 429, description: 'Over the rate limit; retry later', schema: { example: pagerDutyResponse.throttled() } })
  async enqueue(@Req() request: IncomingRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const parsed = parsePagerDutyChangeEvent(body);
    // Refusals are thrown as field errors: the format registered above answers them as PagerDuty does.
    if (!parsed.ok) throw refusedPayload(parsed.errors);
    const { routingKey, ...change } = parsed.change;
    const integration = await this.admission.admit(routingKey);
    if (integration === 'throttled') {
      reply.status(HttpStatus.TOO_MANY_REQUESTS);
      return pagerDutyResponse.throttled();
    }
    await this.commands.execute(
      new RecordChangeCommand({ ...change, integration, request: senderContext(request, senderActor('pagerduty', integration.integrationId)) }),
    );
    reply.status(HttpStatus.ACCEPTED);
    return pagerDutyChangeResponse.accepted();
  }
}

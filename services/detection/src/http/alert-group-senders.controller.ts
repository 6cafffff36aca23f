import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IncomingRequest, ProblemDetailsDto, Public, senderContext } from '@linchpin/platform';
import { IngestSignalsCommand } from '../application/ingest-signals.command';
import { IntegrationKeys } from '../application/integration-keys';
import { refusedPayload, senderActor, unknownKey } from './sender-helpers';
import { parseAlertmanagerWebhook } from './senders/alertmanager';
import { parseGrafanaWebhook } from './senders/grafana';
import { ParseResult } from './senders/parse-result';
import { ALERTMANAGER_WEBHOOK_SCHEMA, GRAFANA_WEBHOOK_SCHEMA } from './senders/schemas';
import { SignalsAcceptedDto } from './signal-outcome.dto';

const groupKeyOf = (body: unknown): string | undefined => {
  const key = (body as { groupKey?: unknown } | null)?.groupKey;
  return typeof key === 'string' && key.length > 0 ? key : undefined;
};

/**
 * Alertmanager and Grafana post the same envelope: one alert per `alerts[]` entry, the whole
 * group again at every interval, firing and resolved mixed. Each entry is one signal keyed by the
 * sender's `fingerprint`, so a re-sent group changes nothing but occurrence counts.
 */
@ApiTags('detection: senders')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'The payload is not what the sender sends; `errors` names each field. Nothing was stored.' })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown or revoked integration key, or a key of another kind of integration.' })
@Controller('detection/integrations')
export class AlertGroupSendersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly keys: IntegrationKeys,
  ) {}

  @Post('alertmanager/:key')
  @Public('The integration key in the path is the credential (Alertmanager webhook_configs send no bearer token)')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Prometheus Alertmanager webhook (payload version 4)',
    description:
      'Point a `webhook_configs` receiver (with `send_resolved: true`) at this URL. Alerts of one Alertmanager group share an incident while any ' +
      'of them fires, unless the service has a correlation policy. Unknown fields are accepted.',
  })
  @ApiParam({ name: 'key', description: 'The key returned when the integration (kind `alertmanager`) was created.' })
  @ApiBody({ schema: ALERTMANAGER_WEBHOOK_SCHEMA })
  @ApiAcceptedResponse({ type: SignalsAcceptedDto })
  alertmanager(@Req() request: IncomingRequest, @Param('key') key: string, @Body() body: unknown) {
    return this.ingest(request, 'alertmanager', key, body, parseAlertmanagerWebhook);
  }

  @Post('grafana/:key')
  @Public('The integration key in the path is the credential (Grafana contact points send no bearer token)')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Grafana alerting webhook',
    description: 'Grafana contact point of type webhook. Same grouping as Alertmanager; `values`, image, silence, dashboard and panel URLs are kept.',
  })
  @ApiParam({ name: 'key', description: 'The key returned when the integration (kind `grafana`) was created.' })
  @ApiBody({ schema: GRAFANA_WEBHOOK_SCHEMA })
  @ApiAcceptedResponse({ type: SignalsAcceptedDto })
  grafana(@Req() request: IncomingRequest, @Param('key') key: string, @Body() body: unknown) {
    return this.ingest(request, 'grafana', key, body, parseGrafanaWebhook);
  }

  private async ingest(request: IncomingRequest, kind: 'alertmanager' | 'grafana', key: string, body: unknown, parse: (body: unknown) => ParseResult) {
    const integration = await this.keys.find(key, kind);
    if (!integration) throw unknownKey();
    const result = parse(body);
    if (!result.ok) throw refusedPayload(result.errors);
    const groupKey = groupKeyOf(body);
    const signals = groupKey === undefined ? result.signals : result.signals.map((s) => ({ ...s, groupKey }));
    const results = await this.commands.execute(
      new IngestSignalsCommand({ sender: kind, signals, integration, request: senderContext(request, senderActor(kind, integration.integrationId)) }),
    );
    return { received: results.length, results };
  }
}

import { Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@linchpin/eventsourcing';
import { IncomingRequest, ProblemDetailsDto, Public, senderContext } from '@linchpin/platform';
import { RecordHeartbeatCommand } from '../application/heartbeats';
import { IntegrationKeys } from '../application/integration-keys';
import { HeartbeatViewDto } from './heartbeat.dto';
import { senderActor, unknownKey } from './sender-helpers';

/**
 * A monitoring pipeline that dies says nothing: an integration with a `heartbeat` setting must
 * beat (here, or by sending anything) at least every `intervalMinutes`, or detection opens an
 * incident for it.
 */
@ApiTags('detection: senders')
@Controller('detection/integrations/heartbeat')
export class HeartbeatController {
  constructor(
    private readonly commands: CommandBus,
    private readonly keys: IntegrationKeys,
  ) {}

  @Post(':key')
  @Public('The integration key in the path is the credential of the pinging job')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "A heartbeat of an integration (any kind), by its key",
    description:
      'Moves the deadline to now + intervalMinutes + graceMinutes. After a missed heartbeat it records HeartbeatRestored and resolves the ' +
      "heartbeat's alert. Any signal or log batch of the integration counts as a beat too. The body is ignored.",
  })
  @ApiParam({ name: 'key', description: 'The key returned when the integration was created.' })
  @ApiAcceptedResponse({ type: HeartbeatViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown or revoked key.' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The integration has no `heartbeat` setting (code `heartbeat-not-enabled`).' })
  async beat(@Req() request: IncomingRequest, @Param('key') key: string) {
    const integration = await this.keys.findAnyKind(key);
    if (!integration) throw unknownKey();
    if (!integration.settings.heartbeat) {
      throw new DomainError('heartbeat-not-enabled', `integration ${integration.integrationId} expects no heartbeat: set its heartbeat setting first`);
    }
    return this.commands.execute(new RecordHeartbeatCommand({ integration, request: senderContext(request, senderActor('heartbeat', integration.integrationId)) }));
  }
}

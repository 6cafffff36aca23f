import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { GetIncidentSlaQuery, GetSlaTargetsQuery, ListSlaTargetVersionsQuery, VersionSlaTargetsCommand } from '../application/sla.commands';
import { IncidentSlaDto, SlaTargetsChangedDto, SlaTargetsChangeDto, SlaTargetsViewDto, SlaTargetVersionsDto } from './sla.dto';

@ApiTags('coordination: SLA targets')
@Controller('coordination')
export class SlaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('sla-targets')
  @Access('viewer')
  @ApiOperation({ summary: 'The SLA targets in force (per priority: minutes to acknowledge, mitigate, resolve), with their version' })
  @ApiOkResponse({ type: SlaTargetsViewDto })
  current() {
    return this.queries.execute(new GetSlaTargetsQuery());
  }

  @Put('sla-targets')
  @Access('admin')
  @ApiOperation({
    summary: 'Publish new SLA targets as the next version',
    description:
      'Incidents opened from then on run their clocks under the new version; running clocks keep the version they started under. ' +
      'Sending the current targets again publishes nothing (`changed: false`).',
  })
  @ApiOkResponse({ type: SlaTargetsChangedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid targets: `errors` names each failing field' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`sla_targets_stale`: `basedOnVersion` is not the current version: reload and edit that' })
  change(@Body() body: SlaTargetsChangeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(
      new VersionSlaTargetsCommand({ targets: body.targets, reason: body.reason, basedOnVersion: body.basedOnVersion, request: requestContext(request) }),
    );
  }

  @Get('sla-targets/versions')
  @Access('viewer')
  @ApiOperation({ summary: 'Every version of the SLA targets, oldest first' })
  @ApiOkResponse({ type: SlaTargetVersionsDto })
  versions() {
    return this.queries.execute(new ListSlaTargetVersionsQuery());
  }

  @Get('incidents/:id/sla')
  @Access('viewer')
  @ApiOperation({
    summary: "An incident's SLA clocks: each target's due time, status (running, met, breached, not-applicable) and elapsed time",
    description: 'Lags the response by the bus: 404 until coordination has started the clocks of the incident it opened.',
  })
  @ApiOkResponse({ type: IncidentSlaDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No SLA clocks for this incident (unknown, or not opened yet)' })
  incidentSla(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetIncidentSlaQuery(id));
  }
}

import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { GetIncidentCadenceQuery, GetUpdateCadenceQuery, ListUpdateCadenceVersionsQuery, VersionUpdateCadenceCommand } from '../../application/cadence/update-cadence.commands';
import { IncidentCadenceDto, UpdateCadenceChangedDto, UpdateCadenceChangeDto, UpdateCadenceVersionsDto, UpdateCadenceViewDto } from './update-cadence.dto';

@ApiTags('comms: update cadence')
@Controller('comms')
export class UpdateCadenceController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('update-cadence')
  @Access('viewer')
  @ApiOperation({ summary: 'The update cadence in force (per priority: minutes an open incident may go without a status update), with its version' })
  @ApiOkResponse({ type: UpdateCadenceViewDto })
  current() {
    return this.queries.execute(new GetUpdateCadenceQuery());
  }

  @Put('update-cadence')
  @Access('admin')
  @ApiOperation({
    summary: 'Publish a new update cadence as the next version',
    description:
      'Incidents opened from then on run under the new version; open incidents keep the version they opened under. ' +
      'Sending the current table again publishes nothing (`changed: false`).',
  })
  @ApiOkResponse({ type: UpdateCadenceChangedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid cadence: `errors` names each failing field' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`update_cadence_stale`: `basedOnVersion` is not the current version: reload and edit that' })
  change(@Body() body: UpdateCadenceChangeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(
      new VersionUpdateCadenceCommand({ cadence: body.cadence, reason: body.reason, basedOnVersion: body.basedOnVersion, request: requestContext(request) }),
    );
  }

  @Get('update-cadence/versions')
  @Access('viewer')
  @ApiOperation({ summary: 'Every version of the update cadence, oldest first' })
  @ApiOkResponse({ type: UpdateCadenceVersionsDto })
  versions() {
    return this.queries.execute(new ListUpdateCadenceVersionsQuery());
  }

  @Get('incidents/:id/update-cadence')
  @Access('viewer')
  @ApiOperation({
    summary: "An incident's update deadline: when its next status update is due, and who is told if it is missed",
    description: 'Lags coordination by the bus: 404 until comms has heard of the incident\'s first page.',
  })
  @ApiOkResponse({ type: IncidentCadenceDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Comms has not heard of this incident being opened' })
  incident(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetIncidentCadenceQuery(id));
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { IncomingRequest, ProblemDetailsDto, requestContext } from '@linchpin/platform';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiAcceptedResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcknowledgeIncidentCommand, GetIncidentQuery, ResolveIncidentCommand } from '../application/commands';
import { AcceptedDto, AcknowledgeDto, IncidentResponseDto, ResolveDto } from './incident.dto';

@ApiTags('coordination: incidents')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@ApiHeader({ name: 'X-Actor', required: false, description: 'Who is acting (recorded as the events’ actor and `by`); a body’s `by` wins; default `api`' })
@Controller('coordination/incidents')
export class IncidentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'The response to an incident: status, pages, acknowledgement, resolution',
    description:
      'Coordination learns of an incident from triage over the bus, so a just-triaged incident may answer 404 for a moment: this read lags triage by the bus.',
  })
  @ApiOkResponse({ type: IncidentResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Coordination does not know this incident (yet)' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetIncidentQuery(id));
  }

  @Post(':id/acknowledge')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Acknowledge: a responder takes ownership',
    description: 'A second acknowledgement (by anyone) is refused with 409 "already acknowledged", as is acknowledging a resolved incident.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already acknowledged, or resolved' })
  acknowledge(@Param('id', ParseUUIDPipe) id: string, @Body() body: AcknowledgeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new AcknowledgeIncidentCommand({ incidentId: id, request: requestContext(request, body?.by) }));
  }

  @Post(':id/resolve')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resolve the incident (from triggered or acknowledged)' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already resolved' })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() body: ResolveDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new ResolveIncidentCommand({ incidentId: id, resolution: body?.resolution, request: requestContext(request, body?.by) }));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcknowledgeIncidentCommand, GetIncidentQuery, ResolveIncidentCommand } from '../application/commands';
import { AcceptedDto, AcknowledgeDto, IncidentResponseDto, ResolveDto } from './incident.dto';

@ApiTags('coordination: incidents')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('coordination/incidents')
export class IncidentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @Access('viewer')
  @ApiOperation({
    summary: 'The response to an incident: status, pages, acknowledgement, resolution',
    description:
      'Coordination learns of an incident from triage over the bus, so a just-triaged incident may answer 404 for a moment: this read lags triage by the bus.',
  })
  @ApiOkResponse({ type: IncidentResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Coordination does not know this incident (yet)' })
  get(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetIncidentQuery(id));
  }

  @Post(':id/acknowledge')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Acknowledge: a responder takes ownership',
    description: 'A second acknowledgement (by anyone) is refused with 409 "already acknowledged", as is acknowledging a resolved incident.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already acknowledged, or resolved' })
  acknowledge(@Param('id', UuidParamPipe) id: string, @Body() body: AcknowledgeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new AcknowledgeIncidentCommand({ incidentId: id, request: requestContext(request, body?.by) }));
  }

  @Post(':id/resolve')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resolve the incident (from triggered or acknowledged)' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already resolved' })
  resolve(@Param('id', UuidParamPipe) id: string, @Body() body: ResolveDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new ResolveIncidentCommand({ incidentId: id, resolution: body?.resolution, request: requestContext(request, body?.by) }));
  }
}

import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { ClearOverrideCommand, OverridePriorityCommand } from '../application/priority-override.handlers';
import { ClearOverrideDto, OverridePriorityDto } from './priority.dto';
import { TriageViewDto } from './triage.dto';

@ApiTags('triage')
@Controller('triage/incidents/:incidentId/priority')
export class PriorityController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('incident-manager')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Override the priority (a person decides)',
    description:
      'Records IncidentReprioritised (trigger `override`) with the required reason. Automatic re-triage then records new evidence ' +
      'but leaves the priority alone until the override is cleared. Setting the same override again changes nothing.',
  })
  @ApiOkResponse({ type: TriageViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Not triaged yet' })
  override(@Param('incidentId', UuidParamPipe) incidentId: string, @Body() body: OverridePriorityDto, @Req() request: IncomingRequest) {
    const context = requestContext(request, body.by);
    return this.commands.execute(
      new OverridePriorityCommand({ incidentId, priority: body.priority, severity: body.severity, reason: body.reason, by: context.actor, request: context }),
    );
  }

  @Post('clear')
  @Access('incident-manager')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Clear the override: the evidence decides again',
    description: 'Records IncidentReprioritised (trigger `override-cleared`) with the priority the current evidence and matrix give.',
  })
  @ApiOkResponse({ type: TriageViewDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'No override to clear' })
  clear(@Param('incidentId', UuidParamPipe) incidentId: string, @Body() body: ClearOverrideDto, @Req() request: IncomingRequest) {
    const context = requestContext(request, body.by);
    return this.commands.execute(new ClearOverrideCommand({ incidentId, reason: body.reason ?? '', by: context.actor, request: context }));
  }
}

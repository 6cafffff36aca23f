import { Body, Controller, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetailsDto } from '@linchpin/platform';
import { ClearOverrideCommand, OverridePriorityCommand } from '../application/priority-override.handlers';
import { ClearOverrideDto, OverridePriorityDto } from './priority.dto';
import { TriageViewDto } from './triage.dto';
import { actorOf } from './actor';

@ApiTags('triage')
@Controller('triage/incidents/:incidentId/priority')
export class PriorityController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Override the priority (a person decides)',
    description:
      'Records IncidentReprioritised (trigger `override`) with the required reason. Automatic re-triage then records new evidence ' +
      'but leaves the priority alone until the override is cleared. Setting the same override again changes nothing.',
  })
  @ApiHeader({ name: 'X-Actor', required: false, description: 'Who overrides, unless `by` is given.' })
  @ApiOkResponse({ type: TriageViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Not triaged yet' })
  override(@Param('incidentId', new ParseUUIDPipe()) incidentId: string, @Body() body: OverridePriorityDto, @Headers('x-actor') by?: string) {
    return this.commands.execute(new OverridePriorityCommand(incidentId, body.priority, body.severity, body.reason, actorOf(by, body.by)));
  }

  @Post('clear')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Clear the override: the evidence decides again',
    description: 'Records IncidentReprioritised (trigger `override-cleared`) with the priority the current evidence and matrix give.',
  })
  @ApiOkResponse({ type: TriageViewDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'No override to clear' })
  clear(@Param('incidentId', new ParseUUIDPipe()) incidentId: string, @Body() body: ClearOverrideDto, @Headers('x-actor') by?: string) {
    return this.commands.execute(new ClearOverrideCommand(incidentId, body.reason ?? '', actorOf(by, body.by)));
  }
}

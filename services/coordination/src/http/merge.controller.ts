import { Body, Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiExtraModels, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { LinkIncidentCommand, MergeIncidentCommand, UnlinkIncidentCommand, UnmergeIncidentCommand } from '../application/merge.commands';
import { AcceptedDto } from './incident.dto';
import { LinkDto, MergeDto, MergeViewDto, UnmergeDto } from './merge.dto';

/** issue 13: merge an incident into another, undo it, and link related incidents. */
@ApiTags('coordination: incidents')
@ApiExtraModels(MergeViewDto)
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('coordination/incidents')
export class MergeController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/merge')
  @Access('incident-manager')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Merge this incident into another (the survivor)',
    description:
      'Records `IncidentMerged` here (its escalation stops: every pending timer cancelled) and `IncidentAbsorbed` on the survivor. ' +
      'The merged incident stays readable (`mergedInto` points at the survivor, its status unchanged) and refuses every command but unmerge with 409 `incident_merged`; ' +
      'detection moves its alerts to the survivor (lags by the bus). 404 unknown incident or survivor; 409 `merge_into_itself`, `incident_merged`, `already_resolved`, ' +
      '`merge_chain` (the survivor is itself merged, or this incident has merged incidents of its own), `survivor_resolved`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident or survivor' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'A merge that makes no sense: `code` and the reason' })
  merge(@Param('id', UuidParamPipe) id: string, @Body() body: MergeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new MergeIncidentCommand({ incidentId: id.toLowerCase(), into: body.into.toLowerCase(), reason: body.reason, request: requestContext(request, body.by) }));
  }

  @Post(':id/unmerge')
  @Access('incident-manager')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Undo a merge',
    description:
      'Records `IncidentUnmerged` here and `IncidentSplit` on the survivor; the incident takes commands again in the status it had (its escalation is not restarted: reassign or add responders to page again); detection moves its alerts back. 404 unknown incident; 409 `not_merged`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Not merged' })
  unmerge(@Param('id', UuidParamPipe) id: string, @Body() body: UnmergeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new UnmergeIncidentCommand({ incidentId: id.toLowerCase(), reason: body?.reason, request: requestContext(request, body?.by) }));
  }

  @Post(':id/links')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Link this incident to another: caused-by or related-to',
    description: 'Records `IncidentLinked` on this incident (linking again with another kind replaces the kind). 404 unknown incident or `to`; 409 `link_to_itself`, `already_linked`, `incident_merged`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Linked already, to itself, or merged' })
  link(@Param('id', UuidParamPipe) id: string, @Body() body: LinkDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new LinkIncidentCommand({ incidentId: id.toLowerCase(), to: body.to.toLowerCase(), kind: body.kind, request: requestContext(request, body.by) }));
  }

  @Delete(':id/links/:to')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Remove a link made on this incident', description: 'Records `IncidentUnlinked`. 404 unknown incident or `to`; 409 `not_linked`, `incident_merged`.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'No such link, or merged' })
  unlink(@Param('id', UuidParamPipe) id: string, @Param('to', UuidParamPipe) to: string, @Req() request: IncomingRequest) {
    return this.commands.execute(new UnlinkIncidentCommand({ incidentId: id.toLowerCase(), to: to.toLowerCase(), request: requestContext(request) }));
  }
}

import { Body, Controller, Delete, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, RequestValidationException, UuidParamPipe } from '@linchpin/platform';
import {
  AddRespondersCommand,
  AssignIncidentRoleCommand,
  ChangeIncidentStatusCommand,
  EscalateIncidentCommand,
  MitigateIncidentCommand,
  ReassignIncidentCommand,
  ReleaseIncidentRoleCommand,
  ReopenIncidentCommand,
  SnoozeIncidentCommand,
  UnsnoozeIncidentCommand,
} from '../application/lifecycle.commands';
import { IncidentRole, INCIDENT_ROLES } from '../domain/response-roles';
import { AcceptedDto } from './incident.dto';
import {
  AddRespondersDto,
  AssignRoleDto,
  ChangeStatusDto,
  EscalateDto,
  EscalatedDto,
  MitigateDto,
  ReassignDto,
  ReopenDto,
  RespondersAddedDto,
  SnoozeDto,
  UnsnoozeDto,
} from './lifecycle.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const roleOf = (role: string): IncidentRole => {
  if (!(INCIDENT_ROLES as readonly string[]).includes(role)) throw new RequestValidationException([{ field: 'role', reason: `role must be one of ${INCIDENT_ROLES.join(', ')}` }]);
  return role as IncidentRole;
};

/** issue 13: the incident's lifecycle (status, mitigation, reopen, reassign, escalate, responders, snooze) and its roles. */
@ApiTags('coordination: incidents')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
@Controller('coordination/incidents')
export class LifecycleController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/status')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Move an acknowledged incident forward: investigating, identified, monitoring',
    description: 'triggered → acknowledged → investigating → identified → monitoring → resolved. 409 `not_acknowledged` (acknowledge first), `same_status`, `status_backwards`, `incident_resolved`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'A move that makes no sense: `code` and the reason' })
  status(@Param('id', UuidParamPipe) id: string, @Body() body: ChangeStatusDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new ChangeIncidentStatusCommand({ incidentId: id, to: body.status, note: body.note, request: requestContext(request, body.by) }));
  }

  @Post(':id/mitigate')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Record the moment the impact stopped (once, before the resolution)', description: '409 `already_mitigated`, `already_resolved`.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already mitigated, or resolved' })
  mitigate(@Param('id', UuidParamPipe) id: string, @Body() body: MitigateDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new MitigateIncidentCommand({ incidentId: id, note: body.note, request: requestContext(request, body.by) }));
  }

  @Post(':id/reopen')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Reopen a resolved incident within COORDINATION_REOPEN_WINDOW_MINUTES of its resolution',
    description:
      'Back to `acknowledged` when someone had acknowledged it (its acknowledgement timeout runs again), else `triggered` with its escalation restarted from level 1. 409 `not_resolved`, `reopen_window_passed`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Not resolved, or the window passed' })
  reopen(@Param('id', UuidParamPipe) id: string, @Body() body: ReopenDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new ReopenIncidentCommand({ incidentId: id, reason: body.reason, request: requestContext(request, body.by) }));
  }

  @Post(':id/reassign')
  @Access('incident-manager')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Hand the incident to a team (its escalation policy) or a person (paged directly)',
    description: 'The old escalation stops, a new one starts for the new assignee, and the incident is triggered again until they acknowledge. 400 unknown or retired person/team; 409 `already_resolved`, `already_assigned`, `nobody_to_page`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Resolved, already with that team, or nobody to page' })
  reassign(@Param('id', UuidParamPipe) id: string, @Body() body: ReassignDto, @Req() request: IncomingRequest) {
    if ((body.personId === undefined) === (body.teamId === undefined)) {
      throw new RequestValidationException([{ field: body.personId === undefined ? 'personId' : 'teamId', reason: 'give exactly one of personId and teamId' }]);
    }
    const to = body.personId !== undefined ? { kind: 'person' as const, id: body.personId } : { kind: 'team' as const, id: body.teamId! };
    return this.commands.execute(new ReassignIncidentCommand({ incidentId: id, to, request: requestContext(request, body.by) }));
  }

  @Post(':id/escalate')
  @Access('incident-manager')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Escalate by hand: the next level is paged now',
    description: "The pending level deadline fires now, with the same events as when it comes due. 409 `already_acknowledged`, `already_resolved`, `escalation_not_running` (exhausted, or nobody was paged).",
  })
  @ApiAcceptedResponse({ type: EscalatedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Acknowledged, resolved, or no escalation under way' })
  escalate(@Param('id', UuidParamPipe) id: string, @Body() body: EscalateDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new EscalateIncidentCommand({ incidentId: id, request: requestContext(request, body?.by) }));
  }

  @Post(':id/responders')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Add responders: each person is paged at once', description: '409 `unknown_reference` naming `personIds.<i>` for an unknown or retired person, `no_contact_method` for one who cannot be paged; 409 `already_resolved`.' })
  @ApiAcceptedResponse({ type: RespondersAddedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Resolved' })
  responders(@Param('id', UuidParamPipe) id: string, @Body() body: AddRespondersDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new AddRespondersCommand({ incidentId: id, personIds: body.personIds.map((p) => p.toLowerCase()), request: requestContext(request, body.by) }));
  }

  @Post(':id/snooze')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Snooze an acknowledged incident until a time',
    description: 'When it ends the responders are re-notified (as by an acknowledgement timeout); resolve, reassign or unsnooze cancel it. 409 `not_acknowledged`, `already_resolved`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Not acknowledged, or resolved' })
  snooze(@Param('id', UuidParamPipe) id: string, @Body() body: SnoozeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new SnoozeIncidentCommand({ incidentId: id, until: body.until, request: requestContext(request, body.by) }));
  }

  @Post(':id/unsnooze')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'End a snooze now (nobody is re-notified)', description: '409 `not_snoozed`.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Not snoozed' })
  unsnooze(@Param('id', UuidParamPipe) id: string, @Body() body: UnsnoozeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new UnsnoozeIncidentCommand({ incidentId: id, request: requestContext(request, body?.by) }));
  }

  @Put(':id/roles/:role')
  @Access('responder')
  @HttpCode(202)
  @ApiParam({ name: 'role', enum: INCIDENT_ROLES })
  @ApiOperation({
    summary: 'Assign an incident role, or hand it over',
    description: 'commander, communications-lead and scribe are held by one person (a PUT hands over); subject-matter-expert adds one more expert. 409 `unknown_reference` naming `personId` for an unknown or retired person; 409 `role_already_held`.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The person already holds the role' })
  assignRole(@Param('id', UuidParamPipe) id: string, @Param('role') role: string, @Body() body: AssignRoleDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new AssignIncidentRoleCommand({ incidentId: id, role: roleOf(role), personId: body.personId.toLowerCase(), request: requestContext(request, body.by) }));
  }

  @Delete(':id/roles/:role')
  @Access('responder')
  @HttpCode(202)
  @ApiParam({ name: 'role', enum: INCIDENT_ROLES })
  @ApiQuery({ name: 'personId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'Whose: required to release one of several subject-matter experts' })
  @ApiOperation({ summary: 'Release an incident role', description: '409 `role_not_held`.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Nobody (or not that person) holds the role' })
  releaseRole(@Param('id', UuidParamPipe) id: string, @Param('role') role: string, @Query('personId') personId: string | undefined, @Req() request: IncomingRequest) {
    if (personId !== undefined && !UUID.test(personId)) throw new RequestValidationException([{ field: 'personId', reason: 'personId must be a UUID' }]);
    return this.commands.execute(new ReleaseIncidentRoleCommand({ incidentId: id, role: roleOf(role), personId: personId?.toLowerCase(), request: requestContext(request) }));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { Access, IncomingRequest, pageLimit, PageQueryDto, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateTeamCommand, GetTeamQuery, ListTeamsQuery, MemberInput, RetireTeamCommand, UpdateTeamCommand } from '../application/commands';
import { CreateTeamDto, TeamCreatedDto, TeamDto, TeamPageDto, UpdateTeamDto } from './team.dto';
import { AcceptedDto } from './incident.dto';

@ApiTags('coordination: teams')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('coordination/teams')
export class TeamsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Access('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a team with its members in on-call order (lowest onCallOrder is paged first)',
    description:
      'A member is a person (`personId`), or, as before people existed, a `name` and `contact.webhookUrl`: such a member becomes a person ' +
      '(id derived from the team and the name, so a retried POST registers nobody twice) with one webhook contact method.',
  })
  @ApiCreatedResponse({ type: TeamCreatedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'A team with this name (case-insensitive) already exists, or is retired' })
  create(@Body() body: CreateTeamDto, @Req() request: IncomingRequest): Promise<{ teamId: string }> {
    const members = body.members.map(
      (m): MemberInput => (m.personId !== undefined ? { personId: m.personId, onCallOrder: m.onCallOrder } : { name: m.name!, onCallOrder: m.onCallOrder, webhookUrl: m.contact!.webhookUrl }),
    );
    return this.commands.execute(
      new CreateTeamCommand({
        name: body.name,
        members,
        autoResolve: body.autoResolve ?? true,
        defaultEscalationPolicyId: body.defaultEscalationPolicyId,
        request: requestContext(request),
      }),
    );
  }

  @Put(':id')
  @Access('admin')
  @ApiOperation({
    summary: "Replace a team's members (people), default escalation policy and auto-resolve",
    description: 'The name may change only in case or spacing (409 `team_name_fixed`): triage routes by it. 409 `team_retired` for a retired team.',
  })
  @ApiOkResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown team' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Retired team, or a new name' })
  update(@Param('id', UuidParamPipe) id: string, @Body() body: UpdateTeamDto, @Req() request: IncomingRequest) {
    return this.commands.execute(
      new UpdateTeamCommand({
        teamId: id,
        name: body.name,
        members: body.members.map((m) => ({ personId: m.personId, onCallOrder: m.onCallOrder })),
        autoResolve: body.autoResolve,
        defaultEscalationPolicyId: body.defaultEscalationPolicyId,
        request: requestContext(request),
      }),
    );
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retire a team: routing treats it as unknown (its incidents page the default route’s team); no change after' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown team' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already retired' })
  retire(@Param('id', UuidParamPipe) id: string, @Req() request: IncomingRequest) {
    return this.commands.execute(new RetireTeamCommand({ teamId: id, request: requestContext(request) }));
  }

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List teams by name, cursor-paged' })
  @ApiOkResponse({ type: TeamPageDto })
  list(@Query() query: PageQueryDto) {
    return this.queries.execute(new ListTeamsQuery(pageLimit(query), query.cursor));
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'One team' })
  @ApiOkResponse({ type: TeamDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown team' })
  get(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetTeamQuery(id));
  }
}

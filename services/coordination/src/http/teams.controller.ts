import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { IncomingRequest, ProblemDetailsDto, requestContext } from '@linchpin/platform';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CreateTeamCommand, GetTeamQuery, ListTeamsQuery } from '../application/commands';
import { CreateTeamDto, TeamCreatedDto, TeamDto, TeamPageDto } from './team.dto';

@ApiTags('coordination: teams')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@ApiHeader({ name: 'X-Actor', required: false, description: 'Who is acting (recorded as the events’ actor); default `api`' })
@Controller('coordination/teams')
export class TeamsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a team with its members in on-call order (lowest onCallOrder is paged first)' })
  @ApiCreatedResponse({ type: TeamCreatedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'A team with this name (case-insensitive) already exists' })
  create(@Body() body: CreateTeamDto, @Req() request: IncomingRequest): Promise<{ teamId: string }> {
    const members = body.members.map((m) => ({ name: m.name, onCallOrder: m.onCallOrder, contact: { webhookUrl: m.contact.webhookUrl } }));
    return this.commands.execute(new CreateTeamCommand({ name: body.name, members, autoResolve: body.autoResolve ?? true, request: requestContext(request) }));
  }

  @Get()
  @ApiOperation({ summary: 'List teams by name, cursor-paged' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', default: 50, maximum: 200 } })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: TeamPageDto })
  list(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number, @Query('cursor') cursor?: string) {
    return this.queries.execute(new ListTeamsQuery(Math.min(Math.max(limit, 1), 200), cursor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One team' })
  @ApiOkResponse({ type: TeamDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown team' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.execute(new GetTeamQuery(id));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, IncomingRequest, pageLimit, ProblemDetailsDto, requestContext, RequestValidationException, UuidParamPipe } from '@linchpin/platform';
import { ScheduleDefinition, definitionProblems } from '../domain/schedule';
import {
  AddOverrideCommand,
  CreateScheduleCommand,
  GetScheduleQuery,
  ListSchedulesQuery,
  OnCallQuery,
  RemoveOverrideCommand,
  RetireScheduleCommand,
  ShiftsQuery,
  UpdateScheduleCommand,
} from '../application/schedule.commands';
import {
  OnCallDto,
  OnCallQueryDto,
  OverrideBodyDto,
  OverrideCreatedDto,
  ScheduleBodyDto,
  ScheduleDto,
  SchedulePageDto,
  SchedulesQueryDto,
  ScheduleVersionDto,
  ShiftsDto,
  ShiftsQueryDto,
  UpdateScheduleDto,
} from './schedule.dto';

/** The body as the domain takes it, defaults filled; what the DTO cannot see (a real date, …) is a 400 too. */
const definitionOf = (body: ScheduleBodyDto): ScheduleDefinition => {
  const definition: ScheduleDefinition = {
    name: body.name,
    timeZone: body.timeZone,
    layers: body.layers.map((layer, i) => ({
      name: layer.name?.trim() || `Layer ${i + 1}`,
      participants: layer.participants,
      rotation: layer.rotation,
      ...(layer.handoffHours !== undefined ? { handoffHours: layer.handoffHours } : {}),
      start: layer.start,
      handoffTime: layer.handoffTime ?? layer.start.slice(11, 16),
      restrictions: (layer.restrictions ?? []).map((r) => ({ days: r.days, start: r.start, end: r.end })),
    })),
  };
  const problems = definitionProblems(definition);
  if (problems.length) throw new RequestValidationException(problems);
  return definition;
};

@ApiTags('coordination: schedules')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('coordination/schedules')
export class SchedulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Access('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an on-call schedule: a time zone and layers of rotations (version 1)' })
  @ApiCreatedResponse({ type: ScheduleVersionDto })
  create(@Body() body: ScheduleBodyDto, @Req() request: IncomingRequest): Promise<ScheduleVersionDto> {
    return this.commands.execute(new CreateScheduleCommand({ definition: definitionOf(body), request: requestContext(request) }));
  }

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List the active schedules by name, cursor-paged', description: 'Retired schedules are not listed (they are still read by id).' })
  @ApiOkResponse({ type: SchedulePageDto })
  list(@Query() query: SchedulesQueryDto): Promise<SchedulePageDto> {
    return this.queries.execute(new ListSchedulesQuery(pageLimit(query), query.cursor));
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'One schedule: its definition in force, version, overrides and status' })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule' })
  get(@Param('id', UuidParamPipe) id: string): Promise<ScheduleDto> {
    return this.queries.execute(new GetScheduleQuery(id));
  }

  @Put(':id')
  @Access('admin')
  @ApiOperation({
    summary: 'Replace the definition: a new version',
    description: 'Overrides are kept. The same definition again records nothing and answers the version in force. With `basedOnVersion`, a stale edit is refused.',
  })
  @ApiOkResponse({ type: ScheduleVersionDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`stale_version`: another version is in force; `schedule_retired`' })
  update(@Param('id', UuidParamPipe) id: string, @Body() body: UpdateScheduleDto, @Req() request: IncomingRequest): Promise<ScheduleVersionDto> {
    return this.commands.execute(
      new UpdateScheduleCommand({ scheduleId: id, definition: definitionOf(body), basedOnVersion: body.basedOnVersion, request: requestContext(request) }),
    );
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Retire a schedule: nobody is on call on it from now on; it stays readable' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`schedule_retired`: already retired' })
  async retire(@Param('id', UuidParamPipe) id: string, @Req() request: IncomingRequest): Promise<void> {
    await this.commands.execute(new RetireScheduleCommand({ scheduleId: id, request: requestContext(request) }));
  }

  @Post(':id/overrides')
  @Access('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'A person covers the schedule for [from, to), over every layer (the override added last wins where two overlap)' })
  @ApiCreatedResponse({ type: OverrideCreatedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`schedule_retired`' })
  addOverride(@Param('id', UuidParamPipe) id: string, @Body() body: OverrideBodyDto, @Req() request: IncomingRequest): Promise<OverrideCreatedDto> {
    return this.commands.execute(new AddOverrideCommand({ scheduleId: id, personId: body.personId, from: body.from, to: body.to, request: requestContext(request) }));
  }

  @Delete(':id/overrides/:overrideId')
  @Access('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an override: the layers answer for its window again' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule or override' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`schedule_retired`' })
  async removeOverride(@Param('id', UuidParamPipe) id: string, @Param('overrideId', UuidParamPipe) overrideId: string, @Req() request: IncomingRequest): Promise<void> {
    await this.commands.execute(new RemoveOverrideCommand({ scheduleId: id, overrideId, request: requestContext(request) }));
  }

  @Get(':id/oncall')
  @Access('viewer')
  @ApiOperation({
    summary: 'Who is on call at an instant, past or future, and why',
    description: 'Computed from the version in force now (named in the answer). `layers` says who each layer would have had. A retired schedule has nobody from its retirement on.',
  })
  @ApiOkResponse({ type: OnCallDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule' })
  onCall(@Param('id', UuidParamPipe) id: string, @Query() query: OnCallQueryDto): Promise<OnCallDto> {
    return this.queries.execute(new OnCallQuery(id, query.at));
  }

  @Get(':id/shifts')
  @Access('viewer')
  @ApiOperation({ summary: 'The final shifts between two instants (at most 93 days apart), and the gaps with nobody on call' })
  @ApiOkResponse({ type: ShiftsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown schedule' })
  shifts(@Param('id', UuidParamPipe) id: string, @Query() query: ShiftsQueryDto): Promise<ShiftsDto> {
    return this.queries.execute(new ShiftsQuery(id, query.from, query.to));
  }
}

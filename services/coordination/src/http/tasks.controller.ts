import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, RequestValidationException, UuidParamPipe } from '@linchpin/platform';
import {
  CancelTaskCommand,
  CompleteTaskCommand,
  CreateTaskCommand,
  GetTaskQuery,
  ListIncidentTasksQuery,
  StartTaskCommand,
  TaskView,
  UpdateTaskCommand,
} from '../application/task.commands';
import { TaskDetails } from '../domain/task.decider';
import { AcceptedDto } from './incident.dto';
import { CancelTaskDto, CreateTaskDto, TaskCreatedDto, TaskListDto, TaskViewDto, UpdateTaskDto } from './task.dto';

const FINISHED = '409 `task_done` / `task_cancelled` once the task is finished';

@ApiTags('coordination: tasks')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field (e.g. `runbookUrl`, `assignee`, `dueAt`)' })
@Controller('coordination')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('incidents/:id/tasks')
  @Access('responder')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a task of an incident (open)',
    description: 'The incident must be known to coordination (404 otherwise; it lags triage by the bus); the assignee a known, active person (409 `unknown_reference` naming `assignee`).',
  })
  @ApiCreatedResponse({ type: TaskCreatedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`unknown_reference`: the assignee is not a known, active person' })
  create(@Param('id', UuidParamPipe) id: string, @Body() body: CreateTaskDto, @Req() request: IncomingRequest): Promise<{ taskId: string }> {
    const details: TaskDetails = { title: body.title.trim(), instructions: body.instructions ?? null, runbookUrl: body.runbookUrl ?? null, dueAt: body.dueAt ?? null };
    return this.commands.execute(new CreateTaskCommand({ incidentId: id, details, ...(body.assignee ? { assignee: body.assignee } : {}), request: requestContext(request) }));
  }

  @Get('incidents/:id/tasks')
  @Access('viewer')
  @ApiOperation({ summary: "An incident's tasks, in the order they were created" })
  @ApiOkResponse({ type: TaskListDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown incident' })
  list(@Param('id', UuidParamPipe) id: string): Promise<{ items: TaskView[] }> {
    return this.queries.execute(new ListIncidentTasksQuery(id));
  }

  @Get('tasks/:taskId')
  @Access('viewer')
  @ApiOperation({ summary: 'One task' })
  @ApiOkResponse({ type: TaskViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown task' })
  get(@Param('taskId', UuidParamPipe) taskId: string): Promise<TaskView> {
    return this.queries.execute(new GetTaskQuery(taskId));
  }

  @Patch('tasks/:taskId')
  @Access('responder')
  @ApiOperation({
    summary: "Change a task's title, instructions, runbook link, due time or assignee",
    description: `Only the fields named change (\`null\` clears instructions, runbookUrl or dueAt), in one append; the same values again record nothing. A moved due time cancels the old deadline and sets a new one. ${FINISHED}.`,
  })
  @ApiOkResponse({ type: TaskViewDto, description: 'The task after the change' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown task' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The task is done or cancelled' })
  update(@Param('taskId', UuidParamPipe) taskId: string, @Body() body: UpdateTaskDto, @Req() request: IncomingRequest): Promise<TaskView> {
    const changes: Partial<TaskDetails> = {
      ...(body.title !== undefined ? { title: body.title.trim() } : {}),
      ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
      ...(body.runbookUrl !== undefined ? { runbookUrl: body.runbookUrl } : {}),
      ...(body.dueAt !== undefined ? { dueAt: body.dueAt } : {}),
    };
    if (Object.keys(changes).length === 0 && body.assignee === undefined) {
      throw new RequestValidationException([{ field: 'body', reason: 'name at least one of title, instructions, runbookUrl, dueAt, assignee' }]);
    }
    return this.commands.execute(new UpdateTaskCommand({ taskId, changes, ...(body.assignee !== undefined ? { assignee: body.assignee } : {}), request: requestContext(request) }));
  }

  @Post('tasks/:taskId/start')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a task: open → in progress', description: `409 \`already_started\` when in progress; ${FINISHED}.` })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown task' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already in progress, done or cancelled' })
  start(@Param('taskId', UuidParamPipe) taskId: string, @Req() request: IncomingRequest) {
    return this.commands.execute(new StartTaskCommand({ taskId, request: requestContext(request) }));
  }

  @Post('tasks/:taskId/complete')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Complete a task (from open or in progress): its due time no longer matters', description: '409 `already_done`, or `task_cancelled` for a cancelled task.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown task' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already done, or cancelled' })
  complete(@Param('taskId', UuidParamPipe) taskId: string, @Req() request: IncomingRequest) {
    return this.commands.execute(new CompleteTaskCommand({ taskId, request: requestContext(request) }));
  }

  @Post('tasks/:taskId/cancel')
  @Access('responder')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a task (from open or in progress), with an optional reason', description: 'Body `{}` or `{ "reason": "…" }`. 409 `already_cancelled`, or `task_done` for a done task.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown task' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already cancelled, or done' })
  cancel(@Param('taskId', UuidParamPipe) taskId: string, @Body() body: CancelTaskDto, @Req() request: IncomingRequest) {
    return this.commands.execute(new CancelTaskCommand({ taskId, reason: body.reason ?? null, request: requestContext(request) }));
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { RequestContext, StoreCommandHandler, UnknownReferenceError } from '@linchpin/platform';
import { Assignee, TaskDetails, TaskState } from '../domain/task.decider';
import { incidentTasks, people, responses } from '../domain/streams';
import {
  CancelTaskCommand,
  CompleteTaskCommand,
  CreateTaskCommand,
  GetTaskQuery,
  ListIncidentTasksQuery,
  StartTaskCommand,
  TaskView,
  UpdateTaskCommand,
  taskView,
} from './task.commands';
import { TasksProjection } from './tasks.projection';
import { assertIncidentInTeamScope } from './team-scope';

/** A task belongs to an incident coordination knows (it lags triage by the bus, as the incident view does). */
async function mustKnowIncident(store: EventStore, incidentId: string): Promise<void> {
  const response = await responses.load(store, { incidentId });
  if (response.status === 'none') throw new NotFoundError('incident', incidentId);
}

/** The prepare hook of a command on an existing task: a team-scoped principal acts only on its team's incidents' tasks. */
const taskInTeamScope = (store: EventStore, request: RequestContext) => ({
  prepare: async <C>(command: C, state: TaskState): Promise<C> => {
    if (state.status !== 'none') await assertIncidentInTeamScope(store, request, state.incidentId);
    return command;
  },
});

/** The person a task goes to, or a 409 `unknown_reference` naming `assignee`: only a known, active person can be reminded. */
async function assigneeOf(store: EventStore, personId: string): Promise<Assignee> {
  const person = await people.load(store, { personId });
  if (person.status === 'none') throw new UnknownReferenceError([{ field: 'assignee', reason: `no person ${personId}: register them first (POST /coordination/people)` }]);
  if (person.status === 'retired') throw new UnknownReferenceError([{ field: 'assignee', reason: `person ${person.name} (${personId}) is retired` }]);
  return { personId, name: person.name };
}

/** A due time as stored: one spelling per instant. */
const normalised = <T extends Partial<TaskDetails>>(details: T): T => (details.dueAt ? { ...details, dueAt: new Date(details.dueAt).toISOString() } : details);

@CommandHandler(CreateTaskCommand)
export class CreateTaskHandler extends StoreCommandHandler implements ICommandHandler<CreateTaskCommand> {
  async execute({ incidentId, details, assignee, request }: CreateTaskCommand): Promise<{ taskId: string }> {
    await mustKnowIncident(this.store, incidentId);
    await assertIncidentInTeamScope(this.store, request, incidentId);
    const person = assignee === undefined ? null : await assigneeOf(this.store, assignee);
    const taskId = newId();
    await incidentTasks.handle(this.store, { type: 'CreateTask', taskId, incidentId, eventId: newId(), details: normalised(details), assignee: person, context: this.contextOf(request) });
    return { taskId };
  }
}

@CommandHandler(UpdateTaskCommand)
export class UpdateTaskHandler extends StoreCommandHandler implements ICommandHandler<UpdateTaskCommand> {
  async execute({ taskId, changes, assignee, request }: UpdateTaskCommand): Promise<TaskView> {
    const person = assignee === undefined ? undefined : await assigneeOf(this.store, assignee);
    const context = this.contextOf(request);
    const detailsChanged = Object.values(changes).some((v) => v !== undefined);
    const { state } =
      !detailsChanged && person
        ? await incidentTasks.handle(this.store, { type: 'AssignTask', taskId, eventId: newId(), assignee: person, context }, taskInTeamScope(this.store, request))
        : await incidentTasks.handle(
            this.store,
            { type: 'UpdateTask', taskId, eventId: newId(), changes: normalised(changes), ...(person ? { assignee: person } : {}), context },
            taskInTeamScope(this.store, request),
          );
    if (state.status === 'none') throw new NotFoundError('task', taskId);
    return taskView(state);
  }
}

@CommandHandler(StartTaskCommand)
export class StartTaskHandler extends StoreCommandHandler implements ICommandHandler<StartTaskCommand> {
  async execute({ taskId, request }: StartTaskCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await incidentTasks.handle(this.store, { type: 'StartTask', taskId, eventId, context: this.contextOf(request) }, taskInTeamScope(this.store, request));
    return { eventId };
  }
}

@CommandHandler(CompleteTaskCommand)
export class CompleteTaskHandler extends StoreCommandHandler implements ICommandHandler<CompleteTaskCommand> {
  async execute({ taskId, request }: CompleteTaskCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await incidentTasks.handle(this.store, { type: 'CompleteTask', taskId, eventId, context: this.contextOf(request) }, taskInTeamScope(this.store, request));
    return { eventId };
  }
}

@CommandHandler(CancelTaskCommand)
export class CancelTaskHandler extends StoreCommandHandler implements ICommandHandler<CancelTaskCommand> {
  async execute({ taskId, reason, request }: CancelTaskCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await incidentTasks.handle(this.store, { type: 'CancelTask', taskId, eventId, reason, context: this.contextOf(request) }, taskInTeamScope(this.store, request));
    return { eventId };
  }
}

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ taskId }: GetTaskQuery): Promise<TaskView> {
    const state = await incidentTasks.load(this.store, { taskId });
    if (state.status === 'none') throw new NotFoundError('task', taskId);
    return taskView(state);
  }
}

@QueryHandler(ListIncidentTasksQuery)
export class ListIncidentTasksHandler implements IQueryHandler<ListIncidentTasksQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tasks: TasksProjection,
  ) {}

  async execute({ incidentId }: ListIncidentTasksQuery): Promise<{ items: TaskView[] }> {
    await mustKnowIncident(this.store, incidentId);
    return { items: (await this.tasks.ofIncident(incidentId)).map(taskView) };
  }
}


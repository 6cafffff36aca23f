import {
  CancelTaskHandler,
  CompleteTaskHandler,
  CreateTaskHandler,
  GetTaskHandler,
  ListIncidentTasksHandler,
  StartTaskHandler,
  UpdateTaskHandler,
} from './task.handlers';
import { TasksProjection } from './tasks.projection';
import { TaskTimers } from './task.timers';

/** The tasks feature's handlers, read model and due-time driver: one line in the feature module. */
export const TASK_PROVIDERS = [
  CreateTaskHandler,
  UpdateTaskHandler,
  StartTaskHandler,
  CompleteTaskHandler,
  CancelTaskHandler,
  GetTaskHandler,
  ListIncidentTasksHandler,
  TasksProjection,
  TaskTimers,
];

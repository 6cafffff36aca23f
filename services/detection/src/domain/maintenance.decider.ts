import { assertNever, CommandContext, configurationMetadata, Decider, DomainError } from '@linchpin/eventsourcing';
import {
  MaintenanceWindowCancelled,
  MaintenanceWindowCancelledEvent,
  MaintenanceWindowScheduled,
  MaintenanceWindowScheduledEvent,
} from '@linchpin/contracts';

/*
 * Maintenance windows, scheduled ahead: a matching alert is recorded but opens nothing. Stream
 * `maintenance-<id>`; its events are published contracts (libs/contracts, issue 15: comms' public
 * status page shows the services a window covers as under maintenance), relayed to detection's topic.
 */

export { MaintenanceWindowScheduled, MaintenanceWindowCancelled };
export type { MaintenanceWindowScheduledEvent };
export type MaintenanceEvent = MaintenanceWindowScheduledEvent | MaintenanceWindowCancelledEvent;
export type MaintenanceWindow = MaintenanceWindowScheduledEvent['data'] & { cancelled: boolean };

export type MaintenanceCommand =
  | ({ type: 'ScheduleMaintenance'; eventId: string; context: CommandContext } & MaintenanceWindowScheduledEvent['data'])
  | { type: 'CancelMaintenance'; eventId: string; windowId: string; context: CommandContext };

export type MaintenanceState = { status: 'none' } | { status: 'scheduled' | 'cancelled'; window: MaintenanceWindowScheduledEvent['data'] };


export const maintenanceDecider: Decider<MaintenanceCommand, MaintenanceState, MaintenanceEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'MaintenanceWindowScheduled':
        return { status: 'scheduled', window: event.data };
      case 'MaintenanceWindowCancelled':
        return state.status === 'none' ? state : { ...state, status: 'cancelled' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'ScheduleMaintenance': {
        if (state.status !== 'none') throw new DomainError('maintenance-exists', `maintenance window ${command.windowId} already exists`);
        if (Number.isNaN(Date.parse(command.startsAt)) || Number.isNaN(Date.parse(command.endsAt))) {
          throw new DomainError('maintenance-invalid-time', 'startsAt and endsAt must be ISO 8601 times', 'startsAt');
        }
        if (Date.parse(command.endsAt) <= Date.parse(command.startsAt)) {
          throw new DomainError('maintenance-ends-before-start', 'endsAt must be after startsAt', 'endsAt');
        }
        if (command.services.length === 0 && Object.keys(command.labels).length === 0) {
          // A window over everything would silence every alert: make the scope explicit.
          throw new DomainError('maintenance-unscoped', 'name at least one service or one label', 'services');
        }
        const { type: _t, eventId, context, ...window } = command;
        return [MaintenanceWindowScheduled.create(eventId, window, configurationMetadata(context))];
      }
      case 'CancelMaintenance':
        if (state.status === 'none') throw new DomainError('maintenance-unknown', `maintenance window ${command.windowId} does not exist`);
        return state.status === 'cancelled' ? [] : [MaintenanceWindowCancelled.create(command.eventId, { windowId: command.windowId }, configurationMetadata(command.context))];
      default:
        return assertNever(command);
    }
  },
};

/** The first window active at `at` whose scope covers the alert. */
export const matchingWindow = (
  windows: Iterable<MaintenanceWindow>,
  alert: { service?: string; labels: Record<string, string> },
  at: string,
): MaintenanceWindow | undefined => {
  const now = Date.parse(at);
  for (const window of windows) {
    if (window.cancelled || now < Date.parse(window.startsAt) || now >= Date.parse(window.endsAt)) continue;
    if (window.services.length > 0 && (alert.service === undefined || !window.services.includes(alert.service))) continue;
    if (Object.entries(window.labels).every(([k, v]) => alert.labels[k] === v)) return window;
  }
  return undefined;
};

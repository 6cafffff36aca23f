import { EventEnvelope } from '../event';
import { TimerScheduledData, isTimerEvent } from './timer-events';

/** A scheduled timer that has neither fired nor been cancelled. */
export type PendingTimer = TimerScheduledData;

/** A stream's pending timers by id: what a decider keeps in its state to know whether a timer still matters. */
export type PendingTimers = Readonly<Record<string, PendingTimer>>;

export const noPendingTimers: PendingTimers = Object.freeze({});

/**
 * Folds one event into the pending timers (any other event leaves them as they are), so a decider's
 * `evolve` can call it for every event: `timers: evolveTimers(state.timers, event)`.
 */
export function evolveTimers(timers: PendingTimers, event: EventEnvelope): PendingTimers {
  if (!isTimerEvent(event)) return timers;
  switch (event.type) {
    case 'TimerScheduled':
      return { ...timers, [event.data.timerId]: { ...event.data } };
    case 'TimerFired':
    case 'TimerCancelled': {
      if (!isPending(timers, event.data.timerId)) return timers;
      const { [event.data.timerId]: _ended, ...rest } = timers;
      return rest;
    }
  }
}

/** The pending timers of a stream's events, soonest first. */
export function pendingTimers(events: readonly EventEnvelope[]): PendingTimer[] {
  return Object.values(events.reduce(evolveTimers, noPendingTimers)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Whether `timerId` is pending in `timers` (a decider's guard before it decides `TimerFired`). */
export const isPending = (timers: PendingTimers, timerId: string): boolean => Object.prototype.hasOwnProperty.call(timers, timerId);

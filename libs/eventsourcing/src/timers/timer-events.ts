import { EventEnvelope, EventMetadata } from '../event';
import { deterministicId } from '../ids';

/**
 * Durable timers are facts in their owner's own stream: a deadline is `TimerScheduled`, and it ends
 * as `TimerFired` or, made moot by a later fact, `TimerCancelled`. Because they sit in the owner's
 * stream, a firing and what it causes are one atomic append at the revision the decider read.
 */
export const TIMER_SCHEDULED = 'TimerScheduled';
export const TIMER_FIRED = 'TimerFired';
export const TIMER_CANCELLED = 'TimerCancelled';

export interface TimerScheduledData {
  /** Unique across the store (it seeds the timer's event ids): derive it from what caused the deadline. */
  timerId: string;
  /** When it is due, ISO 8601 UTC. */
  dueAt: string;
  /** What the deadline is for, e.g. `escalation`; the owner's `fire` dispatches on it. */
  purpose: string;
  /** Whatever the owner needs when it fires (JSON), e.g. `{ level: 2 }`. */
  details?: Record<string, unknown>;
}

export interface TimerFiredData {
  timerId: string;
  dueAt: string;
  /** When the driver fired it (its clock's time): later than `dueAt` when the process was down. */
  firedAt: string;
}

export interface TimerCancelledData {
  timerId: string;
  /** Why it no longer matters, e.g. `acknowledged`. */
  reason: string;
}

export type TimerScheduledEvent = EventEnvelope<typeof TIMER_SCHEDULED, TimerScheduledData>;
export type TimerFiredEvent = EventEnvelope<typeof TIMER_FIRED, TimerFiredData>;
export type TimerCancelledEvent = EventEnvelope<typeof TIMER_CANCELLED, TimerCancelledData>;
export type TimerEvent = TimerScheduledEvent | TimerFiredEvent | TimerCancelledEvent;

const TIMER_TYPES: ReadonlySet<string> = new Set([TIMER_SCHEDULED, TIMER_FIRED, TIMER_CANCELLED]);

/** True for the three timer events (version 1, the only one so far). */
export const isTimerEvent = (event: EventEnvelope): event is TimerEvent => TIMER_TYPES.has(event.type) && event.schemaVersion === 1;

/** The id of a timer's event of one kind: the same timer always gives the same id, so a second firing appends nothing new. */
export const timerEventId = (timerId: string, kind: 'scheduled' | 'fired' | 'cancelled'): string => deterministicId(timerId, `timer.${kind}`);

const isoInstant = (at: Date | string, field: string): string => {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} is not an instant: ${String(at)}`);
  return date.toISOString();
};

export interface ScheduleTimer {
  timerId: string;
  dueAt: Date | string;
  purpose: string;
  details?: Record<string, unknown>;
}

/** `TimerScheduled` for a decider to append with the fact that sets the deadline. */
export function scheduleTimer(timer: ScheduleTimer, metadata: EventMetadata): TimerScheduledEvent {
  const data: TimerScheduledData = { timerId: timer.timerId, dueAt: isoInstant(timer.dueAt, 'dueAt'), purpose: timer.purpose };
  if (timer.details !== undefined) data.details = timer.details;
  return { id: timerEventId(timer.timerId, 'scheduled'), type: TIMER_SCHEDULED, schemaVersion: 1, data, metadata };
}

/** `TimerFired`, appended with the firing's consequences; `firedAt` defaults to the metadata's `occurredAt`. */
export function timerFired(timer: { timerId: string; dueAt: string }, metadata: EventMetadata, firedAt: Date | string = metadata.occurredAt): TimerFiredEvent {
  return {
    id: timerEventId(timer.timerId, 'fired'),
    type: TIMER_FIRED,
    schemaVersion: 1,
    data: { timerId: timer.timerId, dueAt: isoInstant(timer.dueAt, 'dueAt'), firedAt: isoInstant(firedAt, 'firedAt') },
    metadata,
  };
}

/** `TimerCancelled`: a later fact made the deadline moot (e.g. the incident was acknowledged). */
export function timerCancelled(timerId: string, reason: string, metadata: EventMetadata): TimerCancelledEvent {
  return { id: timerEventId(timerId, 'cancelled'), type: TIMER_CANCELLED, schemaVersion: 1, data: { timerId, reason }, metadata };
}

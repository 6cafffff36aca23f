import { DeliveryKind } from './delivery';

/** How one kind of delivery retries: `attempts` in all, the n-th retry waiting up to `baseMs × factor^(n-1)`. */
export interface RetrySchedule {
  attempts: number;
  baseMs: number;
  factor: number;
}
export type RetrySchedules = Readonly<Record<DeliveryKind, RetrySchedule>>;

/**
 * Pages retry fast (someone must be woken: up to 5 s, 15 s, 45 s, 2 min 15 s, ~3.3 min in all), status
 * updates slowly (a stakeholder can wait; a receiver down for a while gets a chance: up to 1, 2, 4, 8 and
 * 16 min, ~31 min in all). An action item reminder (issue 16) is no page either: it retries on the status
 * updates' schedule (its settings too), a follow-up that can wait. Operators change attempts and bases
 * (COMMS_*_RETRY_*), not the factors.
 */
const UPDATE_SCHEDULE: RetrySchedule = { attempts: 6, baseMs: 60_000, factor: 2 };
export const DEFAULT_RETRY_SCHEDULES: RetrySchedules = {
  page: { attempts: 5, baseMs: 5_000, factor: 3 },
  'status-update': UPDATE_SCHEDULE,
  'action-item-reminder': UPDATE_SCHEDULE,
};

/** The longest wait before the attempt after `attempt` (1-based): the cap full jitter draws below. */
export const backoffCapMs = (schedule: RetrySchedule, attempt: number): number => schedule.baseMs * schedule.factor ** (attempt - 1);

/**
 * When the attempt after `attempt` is due, or null when `attempt` was the last. Full jitter (a uniform
 * draw in [0, cap]): many deliveries failing together, e.g. a receiver restarting, do not come back
 * together. `random` is given (in [0, 1)), so this stays pure.
 */
export function nextAttemptAt(schedule: RetrySchedule, attempt: number, failedAt: Date, random: number): string | null {
  if (attempt >= schedule.attempts) return null;
  return new Date(failedAt.getTime() + Math.round(random * backoffCapMs(schedule, attempt))).toISOString();
}

import { deterministicId } from '@linchpin/eventsourcing';

/** The durable timer's purpose of an action item's due date. */
export const ACTION_ITEM_DUE_PURPOSE = 'action-item-due';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When an action item due on `dueDate` (`YYYY-MM-DD`) is overdue: the end of that day, UTC. A due date is a calendar
 * day (as Jira, Linear and incident.io's follow-ups take it); UTC because the owner's zone is not review's to know.
 */
export const dueAtOf = (dueDate: string): string => new Date(Date.parse(`${dueDate}T00:00:00Z`) + DAY_MS).toISOString();

/** Each due date an item is given gets its own timer (the item's n-th), so a changed date never reuses a fired one. */
export const actionItemTimerIdOf = (actionItemId: string, sequence: number): string => deterministicId(actionItemId, `review.action-item-due:${sequence}`);

/** The reminder a timer records: one per timer, so a timer fired again after a crash records nothing new. */
export const actionItemOverdueIdOf = (timerId: string): string => deterministicId(timerId, 'review.action-item-overdue');

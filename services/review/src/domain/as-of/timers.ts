import { eventTimeOf } from '../event-time';
import { TimelineEntry } from '../timeline';
import { Data, list, obj, text } from './source-data';

export type TimerKind = 'escalation' | 'sla' | 'snooze' | 'update-cadence' | 'task';

/** A deadline the source events had set and not yet seen pass, stopped or cancelled by then. */
export interface PendingTimer {
  /** Stable name of the deadline: `escalation`, `sla:<target>`, `snooze`, `update-cadence`, `task:<taskId>`. */
  timer: string;
  kind: TimerKind;
  /** What falls due, in words. */
  what: string;
  dueAt: string;
  /** When the event that set this deadline happened (event time). */
  scheduledAt: string;
  /** The type of the event that set it. */
  scheduledBy: string;
  /** Due at or before the moment asked, yet its firing was not on the timeline then (late, or in flight on the bus). */
  overdue: boolean;
}

/** Comms' update cadence as its `UpdateOverdue` said it (its table is comms' own; review learns it from an overdue). */
export interface UpdateCadence {
  minutes: number;
  version: number;
}

export interface TimersState {
  pending: PendingTimer[];
  updateCadence: UpdateCadence | null;
}

const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

const cancel = (pending: PendingTimer[], ...timers: string[]) => pending.filter((t) => !timers.includes(t.timer));
const cancelKind = (pending: PendingTimer[], kind: TimerKind) => pending.filter((t) => t.kind !== kind);

/** Sets (or moves) one deadline; the list stays ordered by due time. */
function schedule(pending: PendingTimer[], timer: Omit<PendingTimer, 'overdue'>): PendingTimer[] {
  return [...cancel(pending, timer.timer), { ...timer, overdue: false }].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.timer.localeCompare(b.timer));
}

/** Pending deadlines, as coordination's and comms' events set and clear them. */
export function applyTimers(state: TimersState, entry: TimelineEntry, d: Data): TimersState {
  const at = eventTimeOf(entry);
  const set = (timer: string, kind: TimerKind, what: string, dueAt: string | null, pending = state.pending): PendingTimer[] =>
    dueAt ? schedule(pending, { timer, kind, what, dueAt, scheduledAt: at, scheduledBy: entry.type }) : pending;
  const { pending } = state;
  switch (entry.type) {
    // Escalation: the next level (or exhaustion) comes at the deadline unless someone acknowledges.
    case 'EscalationLevelReached':
      return { ...state, pending: set('escalation', 'escalation', `next escalation after level ${String(d.level ?? '?')} of ${text(obj(d.policy).name) ?? 'the policy'}`, text(d.deadlineAt)) };
    case 'EscalationExhausted':
    case 'IncidentAcknowledged':
      return { ...state, pending: cancel(pending, 'escalation') };
    // SLA clocks: due at start + the priority's minutes; stopped when met, cancelled without a target, or breached.
    case 'SlaClocksStarted':
    case 'SlaClocksRetargeted': {
      let next = entry.type === 'SlaClocksRetargeted' ? cancel(pending, ...list(d.withoutTarget).map((t) => `sla:${String(t)}`)) : pending;
      for (const raw of list(d.clocks)) {
        const clock = obj(raw);
        const target = text(clock.target);
        if (target) next = set(`sla:${target}`, 'sla', `SLA target ${target} (${String(d.priority ?? 'no priority')})`, text(clock.dueAt), next);
      }
      return { ...state, pending: next };
    }
    case 'SlaClockStopped':
    case 'SlaBreached':
      return { ...state, pending: cancel(pending, `sla:${String(d.target)}`) };
    case 'IncidentSnoozed':
      return { ...state, pending: set('snooze', 'snooze', `snooze by ${text(d.by) ?? entry.actor} ends`, text(d.until)) };
    case 'IncidentSnoozeEnded':
      return { ...state, pending: cancel(pending, 'snooze') };
    // Update cadence: review learns comms' cadence from an overdue; the next update is due a cadence after it, or after the last update.
    case 'UpdateOverdue': {
      const minutes = typeof d.cadenceMinutes === 'number' ? d.cadenceMinutes : null;
      const dueAt = text(d.dueAt);
      if (!minutes || !dueAt) return state;
      const updateCadence = { minutes, version: typeof d.cadenceVersion === 'number' ? d.cadenceVersion : 1 };
      return { updateCadence, pending: set('update-cadence', 'update-cadence', `status update (overdue since ${dueAt})`, plusMinutes(dueAt, minutes)) };
    }
    case 'StatusUpdatePosted':
      if (!state.updateCadence) return state;
      return { ...state, pending: set('update-cadence', 'update-cadence', `next status update (every ${state.updateCadence.minutes} min)`, plusMinutes(at, state.updateCadence.minutes)) };
    case 'IncidentReopened':
      // Comms arms the cadence again a cadence after the reopening (at the cadence then in force: the last known here).
      if (!state.updateCadence) return state;
      return { ...state, pending: set('update-cadence', 'update-cadence', `next status update after the reopening (every ${state.updateCadence.minutes} min)`, plusMinutes(at, state.updateCadence.minutes)) };
    case 'ResponsePriorityChanged':
      // The cadence is per priority: the new one is not known to review until comms says so.
      return { updateCadence: null, pending: cancel(pending, 'update-cadence') };
    // Tasks with a due date.
    case 'TaskCreated':
    case 'TaskUpdated': {
      const timer = `task:${String(d.taskId)}`;
      const dueAt = text(d.dueAt);
      return { ...state, pending: dueAt ? set(timer, 'task', `task "${text(d.title) ?? '?'}"`, dueAt) : cancel(pending, timer) };
    }
    case 'TaskCompleted':
    case 'TaskCancelled':
    case 'TaskOverdue':
      return { ...state, pending: cancel(pending, `task:${String(d.taskId)}`) };
    // An ended response waits for nothing (a reopen sets its deadlines again, by their own events).
    case 'IncidentResolved':
    case 'IncidentMerged':
      return { ...state, pending: cancelKind(cancelKind(cancelKind(pending, 'escalation'), 'snooze'), 'update-cadence') };
    default:
      return state;
  }
}

/** Marks the deadlines already due at `at` (their firing not on the timeline by then). */
export const asOfMoment = (pending: readonly PendingTimer[], at: Date): PendingTimer[] => pending.map((t) => ({ ...t, overdue: Date.parse(t.dueAt) <= at.getTime() }));

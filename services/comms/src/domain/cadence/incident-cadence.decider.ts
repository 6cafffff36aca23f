import {
  assertNever,
  CommandContext,
  Decider,
  deterministicId,
  EventEnvelope,
  EventMetadata,
  evolveTimers,
  isPending,
  metadataOf,
  noPendingTimers,
  PendingTimers,
  scheduleTimer,
  timerCancelled,
  TimerEvent,
  timerFired,
} from '@linchpin/eventsourcing';
import { Priority } from './update-cadence';

/** The roles cadence cares about: who is told that an update is overdue. */
export type NotifiedRole = 'communications-lead' | 'commander';

/**
 * What comms learned about an incident that moves its update deadline, from coordination's and its
 * own published events. Each is recorded once (by its cause event), in the incident's private
 * `commsUpdateCadence-<incidentId>` stream, with the timer change it makes.
 */
export type CadenceFact =
  /** The incident opened (its first page): the cadence counts from here, under the version then in force. */
  | { kind: 'opened'; priority: Priority; openedAt: string; cadenceMinutes: number | null; cadenceVersion: number }
  /** Its priority changed: the deadline re-targets to the new priority's cadence (same version). */
  | { kind: 'reprioritised'; priority: Priority; cadenceMinutes: number | null }
  /** A status update was posted (any audience): the next one is due a cadence later. */
  | { kind: 'update-posted'; updateId: string; postedAt: string }
  /** Someone took, or let go of, one of the roles told of an overdue update. */
  | { kind: 'role'; role: NotifiedRole; personId: string | null }
  /** Resolved or merged: no update is due any more. */
  | { kind: 'closed'; reason: string }
  /**
   * A resolved incident came back (coordination's `IncidentReopened`): updates are owed again, the next a cadence after the
   * reopening, at its priority's cadence under the version in force when it reopened.
   */
  | { kind: 'reopened'; reopenedAt: string; cadenceMinutes: number | null; cadenceVersion: number };

export const CADENCE_FACT_NOTED = 'CadenceFactNoted';
export interface CadenceFactNotedData {
  incidentId: string;
  /** The published event it came from: a redelivery records nothing. */
  causeId: string;
  fact: CadenceFact;
}
export type CadenceFactNotedEvent = EventEnvelope<typeof CADENCE_FACT_NOTED, CadenceFactNotedData>;
export type IncidentCadenceEvent = CadenceFactNotedEvent | TimerEvent;

export interface NoteCadenceFact {
  type: 'NoteCadenceFact';
  incidentId: string;
  causeId: string;
  fact: CadenceFact;
  context: CommandContext;
}

/** The deadline passed with no update: fire it and arm the next one a cadence later. */
export interface FireCadenceTimer {
  type: 'FireCadenceTimer';
  incidentId: string;
  timerId: string;
  dueAt: string;
  context: CommandContext;
}

export type IncidentCadenceCommand = NoteCadenceFact | FireCadenceTimer;

export interface IncidentCadenceState {
  status: 'unopened' | 'open' | 'closed';
  priority: Priority | null;
  openedAt: string | null;
  /** The last reopening after a resolution: the cadence counts from it again. */
  reopenedAt: string | null;
  cadenceMinutes: number | null;
  cadenceVersion: number | null;
  lastUpdateAt: string | null;
  /** The last overdue deadline that fired (or its late firing): the next is due a cadence after it, or after a later update. */
  lastOverdueAt: string | null;
  roles: Partial<Record<NotifiedRole, string>>;
  causes: readonly string[];
  timers: PendingTimers;
  /** Timers scheduled so far: the next timer's id is derived from it. */
  scheduled: number;
}

export const CADENCE_TIMER_PURPOSE = 'update-cadence';

export const cadenceTimerIdOf = (incidentId: string, sequence: number): string => deterministicId(incidentId, `comms.update-cadence:${sequence}`);

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);

/** When the next update is due, or null (closed, not opened, no cadence at this priority). */
export function nextDueAt(state: IncidentCadenceState): string | null {
  if (state.status !== 'open' || state.cadenceMinutes === null) return null;
  const basis = later(later(later(state.openedAt, state.reopenedAt), state.lastUpdateAt), state.lastOverdueAt)!;
  return new Date(Date.parse(basis) + state.cadenceMinutes * 60_000).toISOString();
}

/** The deadline being watched now (at most one). */
export const pendingCadenceTimer = (state: IncidentCadenceState) => Object.values(state.timers)[0];

/** Who an overdue update is told to: the communications lead, else the commander, else nobody. */
export function whoToNotify(state: IncidentCadenceState): { personId: string; role: NotifiedRole } | null {
  const lead = state.roles['communications-lead'];
  if (lead) return { personId: lead, role: 'communications-lead' };
  const commander = state.roles.commander;
  return commander ? { personId: commander, role: 'commander' } : null;
}

function applyFact(state: IncidentCadenceState, fact: CadenceFact): IncidentCadenceState {
  switch (fact.kind) {
    case 'opened':
      if (state.status !== 'unopened') return state;
      return { ...state, status: 'open', priority: fact.priority, openedAt: fact.openedAt, cadenceMinutes: fact.cadenceMinutes, cadenceVersion: fact.cadenceVersion };
    case 'reprioritised':
      return { ...state, priority: fact.priority, cadenceMinutes: fact.cadenceMinutes };
    case 'update-posted':
      return { ...state, lastUpdateAt: later(state.lastUpdateAt, fact.postedAt) };
    case 'role': {
      const roles = { ...state.roles };
      if (fact.personId === null) delete roles[fact.role];
      else roles[fact.role] = fact.personId;
      return { ...state, roles };
    }
    case 'closed':
      return { ...state, status: 'closed' };
    case 'reopened':
      if (state.status !== 'closed') return state;
      return { ...state, status: 'open', reopenedAt: fact.reopenedAt, cadenceMinutes: fact.cadenceMinutes, cadenceVersion: fact.cadenceVersion };
    default:
      return assertNever(fact);
  }
}

function evolveCadence(state: IncidentCadenceState, event: IncidentCadenceEvent): IncidentCadenceState {
  const timers = evolveTimers(state.timers, event);
  switch (event.type) {
    case CADENCE_FACT_NOTED:
      return { ...applyFact(state, event.data.fact), causes: [...state.causes, event.data.causeId], timers };
    case 'TimerScheduled':
      return { ...state, timers, scheduled: state.scheduled + 1 };
    case 'TimerFired': {
      // Overdue again a cadence after the deadline, so reminders keep their rhythm; after a downtime longer
      // than a cadence, a cadence after the late firing (one reminder, not one per missed period at once).
      const { dueAt, firedAt } = event.data;
      const onRhythm = state.cadenceMinutes !== null && Date.parse(dueAt) + state.cadenceMinutes * 60_000 > Date.parse(firedAt);
      return { ...state, timers, lastOverdueAt: onRhythm ? dueAt : firedAt };
    }
    case 'TimerCancelled':
      return { ...state, timers };
    default:
      return assertNever(event);
  }
}

export const incidentCadenceDecider: Decider<IncidentCadenceCommand, IncidentCadenceState, IncidentCadenceEvent> = {
  initialState: {
    status: 'unopened',
    priority: null,
    openedAt: null,
    reopenedAt: null,
    cadenceMinutes: null,
    cadenceVersion: null,
    lastUpdateAt: null,
    lastOverdueAt: null,
    roles: {},
    causes: [],
    timers: noPendingTimers,
    scheduled: 0,
  },
  evolve: evolveCadence,
  decide(command, state) {
    const metadata = metadataOf(command.context, command.incidentId);
    switch (command.type) {
      case 'NoteCadenceFact': {
        // A redelivered event changes nothing; after the incident closed, only a reopening does (once: by its cause).
        if (state.causes.includes(command.causeId)) return [];
        if (state.status === 'closed' ? command.fact.kind !== 'reopened' : command.fact.kind === 'reopened') return [];
        const noted: CadenceFactNotedEvent = {
          id: deterministicId(command.causeId, 'comms.update-cadence.fact'),
          type: CADENCE_FACT_NOTED,
          schemaVersion: 1,
          data: { incidentId: command.incidentId, causeId: command.causeId, fact: command.fact },
          metadata,
        };
        return [noted, ...retarget(command.incidentId, state, applyFact(state, command.fact), metadata)];
      }
      case 'FireCadenceTimer': {
        // Fired once: only while pending (a second replica, a retry or a restart appends nothing).
        if (!isPending(state.timers, command.timerId)) return [];
        const fired = timerFired(command, metadata);
        const after = evolveCadence(state, fired);
        const due = nextDueAt(after);
        return [fired, ...(due === null ? [] : [schedule(command.incidentId, after, due, metadata)])];
      }
      default:
        return assertNever(command);
    }
  },
};

const schedule = (incidentId: string, state: IncidentCadenceState, dueAt: string, metadata: EventMetadata) =>
  scheduleTimer({ timerId: cadenceTimerIdOf(incidentId, state.scheduled), dueAt, purpose: CADENCE_TIMER_PURPOSE }, metadata);

/** The timer events that move the deadline from what `before` watched to what `after` needs. */
function retarget(incidentId: string, before: IncidentCadenceState, after: IncidentCadenceState, metadata: EventMetadata): TimerEvent[] {
  const pending = pendingCadenceTimer(before);
  const due = nextDueAt(after);
  if (pending && pending.dueAt === due) return [];
  const events: TimerEvent[] = [];
  if (pending) events.push(timerCancelled(pending.timerId, after.status === 'closed' ? 'the incident is closed' : 'the update deadline moved', metadata));
  if (due !== null) events.push(schedule(incidentId, after, due, metadata));
  return events;
}

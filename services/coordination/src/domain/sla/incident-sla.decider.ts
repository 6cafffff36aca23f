import {
  CommandContext,
  Decider,
  PendingTimers,
  TimerEvent,
  assertNever,
  deterministicId,
  evolveTimers,
  isPending,
  metadataOf,
  noPendingTimers,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import {
  SlaBreachedEvent,
  SlaBreachedV1,
  SlaClockStoppedEvent,
  SlaClockStoppedV1,
  SlaClocksRetargetedEvent,
  SlaClocksRetargetedV1,
  SlaClocksStartedEvent,
  SlaClocksStartedV1,
} from '@linchpin/contracts';
import { minutesFor, Priority, SLA_TARGETS, SlaTarget, SlaTargetTable } from './sla-targets';

/*
 * An incident's SLA clocks, on `incidentSla-<incidentId>` (relayed): started when coordination
 * opens the incident, under the SLA version in force then; one durable timer per clock with a
 * target; stopped by what each measures (acknowledged, mitigated, resolved); re-targeted when the
 * priority changes; a timer that fires while its clock runs records the breach, once.
 */

export const SLA_TIMER_PURPOSE = 'sla';

export type StopCause = SlaClockStoppedEvent['data']['cause'];

export interface SlaClockState {
  target: SlaTarget;
  /** The priority's target in minutes; null: no target (no clock runs). */
  minutes: number | null;
  dueAt: string | null;
  /** The pending timer of this clock, if any. */
  timerId: string | null;
  stopped: { at: string; cause: StopCause; outcome: SlaClockStoppedEvent['data']['outcome'] } | null;
  breachedAt: string | null;
}

export type IncidentSlaState =
  | { status: 'none' }
  | {
      status: 'started';
      incidentId: string;
      slaVersion: number;
      priority: Priority | null;
      startedAt: string;
      targets: SlaTargetTable;
      clocks: Record<SlaTarget, SlaClockState>;
      timers: PendingTimers;
    };

/** Coordination opened the incident (its first page, or the record that nobody could be paged). */
export interface StartSlaClocks {
  type: 'StartSlaClocks';
  incidentId: string;
  /** Derived from the event that opened the incident: a redelivery starts nothing twice. */
  eventId: string;
  startedAt: string;
  priority: Priority | null;
  /** The SLA version in force at `startedAt`. */
  policy: { version: number; targets: SlaTargetTable };
  context: CommandContext;
}

/** What a clock measures happened, at `at` (the fact's own time). */
export interface StopSlaClocks {
  type: 'StopSlaClocks';
  incidentId: string;
  eventId: string;
  targets: readonly SlaTarget[];
  cause: StopCause;
  at: string;
  context: CommandContext;
}

/** The incident's priority changed: running clocks are due again by the new priority's targets. */
export interface RetargetSlaClocks {
  type: 'RetargetSlaClocks';
  incidentId: string;
  eventId: string;
  priority: Priority;
  context: CommandContext;
}

/** A clock's timer came due (the timer driver). */
export interface FireSlaTimer {
  type: 'FireSlaTimer';
  incidentId: string;
  timerId: string;
  dueAt: string;
  /**
   * Filled before deciding from the response stream: when what this clock measures happened there
   * (absent: not yet). The bus may bring it here after the timer is due; a fact at or before the
   * due time is met, not breached.
   */
  happenedAt?: { at: string; cause: StopCause };
  context: CommandContext;
}

export type IncidentSlaCommand = StartSlaClocks | StopSlaClocks | RetargetSlaClocks | FireSlaTimer;
export type IncidentSlaEvent = SlaClocksStartedEvent | SlaClocksRetargetedEvent | SlaClockStoppedEvent | SlaBreachedEvent | TimerEvent;

type Started = Extract<IncidentSlaState, { status: 'started' }>;

const plusMinutes = (at: string, minutes: number): string => new Date(Date.parse(at) + minutes * 60_000).toISOString();
const timerIdOf = (eventId: string, target: SlaTarget): string => deterministicId(eventId, `coordination.sla.timer.${target}`);
const clockOf = (targets: SlaTargetTable, priority: Priority | null, target: SlaTarget, startedAt: string): { minutes: number | null; dueAt: string | null } => {
  const minutes = priority === null ? undefined : minutesFor(targets, priority, target);
  return minutes === undefined ? { minutes: null, dueAt: null } : { minutes, dueAt: plusMinutes(startedAt, minutes) };
};

const mapClocks = (clocks: Record<SlaTarget, SlaClockState>, f: (clock: SlaClockState) => SlaClockState): Record<SlaTarget, SlaClockState> => ({
  acknowledge: f(clocks.acknowledge),
  mitigate: f(clocks.mitigate),
  resolve: f(clocks.resolve),
});

function evolveStarted(state: Started, event: IncidentSlaEvent): Started {
  switch (event.type) {
    case 'SlaClocksRetargeted': {
      const clocks = mapClocks(state.clocks, (clock) => {
        const moved = event.data.clocks.find((c) => c.target === clock.target);
        if (moved) return { ...clock, minutes: moved.minutes, dueAt: moved.dueAt, timerId: null };
        if (event.data.withoutTarget.includes(clock.target)) return { ...clock, minutes: null, dueAt: null, timerId: null };
        return clock;
      });
      return { ...state, priority: event.data.priority, clocks };
    }
    case 'SlaClockStopped': {
      const { target, stoppedAt, cause, outcome } = event.data;
      return { ...state, clocks: { ...state.clocks, [target]: { ...state.clocks[target], stopped: { at: stoppedAt, cause, outcome } } } };
    }
    case 'SlaBreached':
      return { ...state, clocks: { ...state.clocks, [event.data.target]: { ...state.clocks[event.data.target], breachedAt: event.data.breachedAt } } };
    case 'TimerScheduled': {
      const target = event.data.details?.target as SlaTarget | undefined;
      const timers = evolveTimers(state.timers, event);
      return target && SLA_TARGETS.includes(target) ? { ...state, timers, clocks: { ...state.clocks, [target]: { ...state.clocks[target], timerId: event.data.timerId } } } : { ...state, timers };
    }
    case 'TimerFired':
    case 'TimerCancelled':
      return {
        ...state,
        timers: evolveTimers(state.timers, event),
        clocks: mapClocks(state.clocks, (clock) => (clock.timerId === event.data.timerId ? { ...clock, timerId: null } : clock)),
      };
    case 'SlaClocksStarted':
      return state;
    default:
      return assertNever(event);
  }
}

export const incidentSlaDecider: Decider<IncidentSlaCommand, IncidentSlaState, IncidentSlaEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    if (state.status === 'none') {
      if (event.type !== 'SlaClocksStarted') return state;
      const d = event.data;
      const clock = (target: SlaTarget): SlaClockState => ({ target, ...clockOf(d.targets, d.priority, target, d.startedAt), timerId: null, stopped: null, breachedAt: null });
      return {
        status: 'started',
        incidentId: d.incidentId,
        slaVersion: d.slaVersion,
        priority: d.priority,
        startedAt: d.startedAt,
        targets: d.targets,
        clocks: { acknowledge: clock('acknowledge'), mitigate: clock('mitigate'), resolve: clock('resolve') },
        timers: noPendingTimers,
      };
    }
    return evolveStarted(state, event);
  },
  decide(command, state) {
    switch (command.type) {
      case 'StartSlaClocks':
        return decideStart(command, state);
      case 'StopSlaClocks':
        return state.status === 'none' ? [] : decideStop(command, state);
      case 'RetargetSlaClocks':
        return state.status === 'none' ? [] : decideRetarget(command, state);
      case 'FireSlaTimer':
        return state.status === 'none' ? [] : decideFire(command, state);
      default:
        return assertNever(command);
    }
  },
};

/** Once per incident: the first opening fact starts the clocks; every later one finds them started. */
function decideStart(command: StartSlaClocks, state: IncidentSlaState): IncidentSlaEvent[] {
  if (state.status !== 'none') return [];
  const metadata = metadataOf(command.context, command.incidentId);
  const clocks = SLA_TARGETS.flatMap((target) => {
    const { minutes, dueAt } = clockOf(command.policy.targets, command.priority, target, command.startedAt);
    return minutes === null || dueAt === null ? [] : [{ target, minutes, dueAt }];
  });
  return [
    SlaClocksStartedV1.create(
      command.eventId,
      {
        incidentId: command.incidentId,
        slaVersion: command.policy.version,
        priority: command.priority,
        startedAt: new Date(command.startedAt).toISOString(),
        clocks,
        targets: command.policy.targets,
      },
      metadata,
    ),
    ...clocks.map((c) => scheduleTimer({ timerId: timerIdOf(command.eventId, c.target), dueAt: c.dueAt, purpose: SLA_TIMER_PURPOSE, details: { target: c.target } }, metadata)),
  ];
}

/** The outcome of a clock stopped at `at`: met at or before its due time. */
const outcomeAt = (clock: SlaClockState, at: string): 'met' | 'breached' | 'not-applicable' => {
  if (clock.breachedAt !== null) return 'breached';
  if (clock.dueAt === null) return 'not-applicable';
  return Date.parse(at) <= Date.parse(clock.dueAt) ? 'met' : 'breached';
};

/**
 * Each clock stops once. A clock whose due time passed before the fact but whose timer has not
 * fired yet (the driver was behind) records its breach here, in the same append.
 */
function decideStop(command: StopSlaClocks, state: Started): IncidentSlaEvent[] {
  const metadata = metadataOf(command.context, command.incidentId);
  const at = new Date(command.at).toISOString();
  return command.targets.flatMap((target) => {
    const clock = state.clocks[target];
    if (clock.stopped !== null) return [];
    const outcome = outcomeAt(clock, at);
    const events: IncidentSlaEvent[] = [];
    if (clock.timerId !== null && isPending(state.timers, clock.timerId)) events.push(timerCancelled(clock.timerId, command.cause, metadata));
    if (outcome === 'breached' && clock.breachedAt === null && clock.dueAt !== null) {
      events.push(breach(state, target, clock.dueAt, deterministicId(command.eventId, `coordination.sla.breached.${target}`), metadata));
    }
    events.push(
      SlaClockStoppedV1.create(
        deterministicId(command.eventId, `coordination.sla.stopped.${target}`),
        { incidentId: command.incidentId, target, cause: command.cause, stoppedAt: at, outcome, dueAt: clock.dueAt },
        metadata,
      ),
    );
    return events;
  });
}

/**
 * A clock still running (neither stopped nor breached) is due again at the incident's start plus
 * the new priority's minutes, under the same SLA version: its timer is cancelled and a new one
 * scheduled (a due time already passed fires at the driver's next pass). Met and breached clocks
 * keep their outcome: a fact does not un-happen.
 */
function decideRetarget(command: RetargetSlaClocks, state: Started): IncidentSlaEvent[] {
  if (state.priority === command.priority) return [];
  const metadata = metadataOf(command.context, command.incidentId);
  const open = SLA_TARGETS.filter((target) => state.clocks[target].stopped === null && state.clocks[target].breachedAt === null);
  const cancelled = open.flatMap((target) => {
    const { timerId } = state.clocks[target];
    return timerId !== null && isPending(state.timers, timerId) ? [timerCancelled(timerId, 'reprioritised', metadata)] : [];
  });
  const clocks = open.flatMap((target) => {
    const { minutes, dueAt } = clockOf(state.targets, command.priority, target, state.startedAt);
    return minutes === null || dueAt === null ? [] : [{ target, minutes, dueAt }];
  });
  const withoutTarget = open.filter((target) => !clocks.some((c) => c.target === target));
  return [
    ...cancelled,
    SlaClocksRetargetedV1.create(
      command.eventId,
      { incidentId: command.incidentId, slaVersion: state.slaVersion, previous: state.priority, priority: command.priority, clocks, withoutTarget },
      metadata,
    ),
    ...clocks.map((c) => scheduleTimer({ timerId: timerIdOf(command.eventId, c.target), dueAt: c.dueAt, purpose: SLA_TIMER_PURPOSE, details: { target: c.target } }, metadata)),
  ];
}

/** Only while the timer is pending: a second firing (another replica, a retry) decides nothing. */
function decideFire(command: FireSlaTimer, state: Started): IncidentSlaEvent[] {
  if (!isPending(state.timers, command.timerId)) return [];
  const metadata = metadataOf(command.context, command.incidentId);
  const fired = timerFired({ timerId: command.timerId, dueAt: command.dueAt }, metadata);
  const target = SLA_TARGETS.find((t) => state.clocks[t].timerId === command.timerId);
  if (target === undefined) return [fired];
  const clock = state.clocks[target];
  if (clock.stopped !== null || clock.breachedAt !== null || clock.dueAt === null) return [fired];
  const { happenedAt } = command;
  if (happenedAt && Date.parse(happenedAt.at) <= Date.parse(clock.dueAt)) {
    // Met in the response stream before the due time; the bus had not brought it here yet.
    return [
      fired,
      SlaClockStoppedV1.create(
        deterministicId(command.timerId, 'coordination.sla.stopped'),
        { incidentId: command.incidentId, target, cause: happenedAt.cause, stoppedAt: new Date(happenedAt.at).toISOString(), outcome: 'met', dueAt: clock.dueAt },
        metadata,
      ),
    ];
  }
  return [fired, breach(state, target, clock.dueAt, deterministicId(command.timerId, 'coordination.sla.breached'), metadata)];
}

function breach(state: Started, target: SlaTarget, dueAt: string, eventId: string, metadata: ReturnType<typeof metadataOf>): SlaBreachedEvent {
  // A clock with a due time exists only under a priority (a null priority gives no target).
  const priority = state.priority ?? 'P5';
  return SlaBreachedV1.create(eventId, { incidentId: state.incidentId, target, priority, dueAt, breachedAt: metadata.occurredAt, slaVersion: state.slaVersion }, metadata);
}

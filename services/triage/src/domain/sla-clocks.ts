import { Static, Type } from '@sinclair/typebox';
import { assertNever } from '@linchpin/eventsourcing';
import {
  IsoTime,
  Priority,
  SlaBreachedEvent,
  SlaClockStoppedEvent,
  SlaClocksRetargetedEvent,
  SlaClocksStartedEvent,
  SlaTargetName,
} from '@linchpin/contracts';

/*
 * An incident's SLA clocks as triage shows them: coordination runs them (stream
 * `incidentSla-<incidentId>`) and publishes each change; triage folds those facts into one
 * snapshot, so its views show the running clocks without asking coordination.
 */

/** One clock with a target: `running` until what it measures happens (`met`) or its due time passes first (`breached`). */
export const SlaClockSchema = Type.Object({
  target: SlaTargetName,
  minutes: Type.Integer({ minimum: 1 }),
  dueAt: IsoTime,
  state: Type.Union([Type.Literal('running'), Type.Literal('met'), Type.Literal('breached')]),
  stoppedAt: Type.Union([IsoTime, Type.Null()]),
  breachedAt: Type.Union([IsoTime, Type.Null()]),
});

/** The incident's clocks, under the SLA version they started with; a target the priority gives none of has no clock. */
export const SlaClocksSchema = Type.Object({
  slaVersion: Type.Integer({ minimum: 1 }),
  priority: Type.Union([Priority, Type.Null()]),
  startedAt: IsoTime,
  clocks: Type.Array(SlaClockSchema),
});

export type SlaClock = Static<typeof SlaClockSchema>;
export type SlaClocks = Static<typeof SlaClocksSchema>;
export type SlaTarget = SlaClock['target'];

/** Coordination's SLA facts, as triage receives them (type and data of the published event). */
export type SlaFact =
  | Pick<SlaClocksStartedEvent, 'type' | 'data'>
  | Pick<SlaClocksRetargetedEvent, 'type' | 'data'>
  | Pick<SlaClockStoppedEvent, 'type' | 'data'>
  | Pick<SlaBreachedEvent, 'type' | 'data'>;

const TARGET_ORDER: readonly SlaTarget[] = ['acknowledge', 'mitigate', 'resolve'];
const inOrder = (clocks: SlaClock[]): SlaClock[] => [...clocks].sort((a, b) => TARGET_ORDER.indexOf(a.target) - TARGET_ORDER.indexOf(b.target));
const running = (clock: { target: SlaTarget; minutes: number; dueAt: string }): SlaClock => ({
  target: clock.target,
  minutes: clock.minutes,
  dueAt: clock.dueAt,
  state: 'running',
  stoppedAt: null,
  breachedAt: null,
});

const withClock = (sla: SlaClocks, target: SlaTarget, change: (clock: SlaClock) => SlaClock): SlaClocks => ({
  ...sla,
  clocks: sla.clocks.map((clock) => (clock.target === target ? change(clock) : clock)),
});

/**
 * A re-prioritisation: each running clock is due again as coordination says, a running clock the new
 * priority has no target for is gone, a clock the old priority had no target for starts; a met or
 * breached clock keeps its outcome (coordination re-targets only running ones).
 */
const retargeted = (sla: SlaClocks, data: SlaClocksRetargetedEvent['data']): SlaClocks => {
  const kept = sla.clocks.flatMap((clock) => {
    if (clock.state !== 'running') return [clock];
    if (data.withoutTarget.includes(clock.target)) return [];
    const moved = data.clocks.find((c) => c.target === clock.target);
    return [moved ? { ...clock, minutes: moved.minutes, dueAt: moved.dueAt } : clock];
  });
  const added = data.clocks.filter((c) => !sla.clocks.some((clock) => clock.target === c.target)).map(running);
  return { ...sla, slaVersion: data.slaVersion, priority: data.priority, clocks: inOrder([...kept, ...added]) };
};

/**
 * The snapshot after one of coordination's SLA facts. Facts of an incident arrive in order, started
 * first; one that finds nothing to change (clocks already started, a clock already stopped or
 * breached, a clock that never had a target) leaves the snapshot as it is.
 */
export function slaAfter(sla: SlaClocks | null, fact: SlaFact): SlaClocks | null {
  if (fact.type === 'SlaClocksStarted') {
    if (sla !== null) return sla;
    const { slaVersion, priority, startedAt, clocks } = fact.data;
    return { slaVersion, priority, startedAt, clocks: inOrder(clocks.map(running)) };
  }
  if (sla === null) return null;
  switch (fact.type) {
    case 'SlaClocksRetargeted':
      return retargeted(sla, fact.data);
    case 'SlaClockStopped': {
      const { target, outcome, stoppedAt } = fact.data;
      // `not-applicable`: the priority gave it no target, so no clock ran.
      if (outcome === 'not-applicable') return sla;
      return withClock(sla, target, (clock) =>
        clock.stoppedAt !== null ? clock : { ...clock, stoppedAt, state: clock.state === 'breached' || outcome === 'breached' ? 'breached' : 'met' },
      );
    }
    case 'SlaBreached':
      return withClock(sla, fact.data.target, (clock) => (clock.breachedAt !== null ? clock : { ...clock, state: 'breached', breachedAt: fact.data.breachedAt }));
    default:
      return assertNever(fact);
  }
}

/** The soonest due time among the running clocks: what makes the incident urgent now. Null when none runs. */
export const soonestDueAt = (sla: SlaClocks | null): string | null =>
  (sla?.clocks ?? [])
    .filter((clock) => clock.state === 'running')
    .map((clock) => clock.dueAt)
    .reduce<string | null>((soonest, dueAt) => (soonest === null || Date.parse(dueAt) < Date.parse(soonest) ? dueAt : soonest), null);

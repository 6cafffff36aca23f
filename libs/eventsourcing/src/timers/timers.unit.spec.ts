import { ManualClock } from '../clock';
import { Decider } from '../decider';
import { given } from '../decider-spec';
import { EventEnvelope, EventMetadata, RecordedEvent } from '../event';
import { InMemoryEventStore } from '../in-memory-event-store';
import { commandHandler } from '../command-handler';
import { DueTimer, DueTimers } from './due-timers';
import { PendingTimers, evolveTimers, isPending, noPendingTimers, pendingTimers } from './pending-timers';
import { TimerDriver } from './timer-driver';
import { scheduleTimer, timerCancelled, timerEventId, timerFired } from './timer-events';

const metadata = (occurredAt = '2026-01-01T00:00:00.000Z'): EventMetadata => ({ correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt });

const recorded = (event: EventEnvelope, streamId: string, position: number): RecordedEvent => ({ ...event, streamId, revision: position - 1, position, recordedAt: event.metadata.occurredAt });

describe('timer events', () => {
  it('take their ids from the timer id, so a second firing is the same event', () => {
    const one = timerFired({ timerId: 't1', dueAt: '2026-01-01T00:15:00Z' }, metadata('2026-01-01T00:16:00.000Z'));
    const again = timerFired({ timerId: 't1', dueAt: '2026-01-01T00:15:00Z' }, metadata('2026-01-01T00:17:00.000Z'));
    expect(one.id).toBe(again.id);
    expect(one.id).toBe(timerEventId('t1', 'fired'));
    expect(one).toMatchObject({ type: 'TimerFired', schemaVersion: 1, data: { timerId: 't1', dueAt: '2026-01-01T00:15:00.000Z', firedAt: '2026-01-01T00:16:00.000Z' } });
    expect(scheduleTimer({ timerId: 't1', dueAt: new Date('2026-01-01T00:15:00Z'), purpose: 'escalation', details: { level: 2 } }, metadata())).toMatchObject({
      id: timerEventId('t1', 'scheduled'),
      type: 'TimerScheduled',
      data: { timerId: 't1', dueAt: '2026-01-01T00:15:00.000Z', purpose: 'escalation', details: { level: 2 } },
    });
    expect(new Set([timerEventId('t1', 'scheduled'), timerEventId('t1', 'fired'), timerEventId('t1', 'cancelled'), timerEventId('t2', 'fired')]).size).toBe(4);
  });

  it('refuse a due time that is not an instant', () => {
    expect(() => scheduleTimer({ timerId: 't', dueAt: 'soon', purpose: 'x' }, metadata())).toThrow('dueAt is not an instant');
  });

  it('fold into the pending timers: scheduled adds, fired and cancelled remove, others are ignored', () => {
    const events = [
      scheduleTimer({ timerId: 'late', dueAt: '2026-01-01T02:00:00Z', purpose: 'p' }, metadata()),
      scheduleTimer({ timerId: 'soon', dueAt: '2026-01-01T01:00:00Z', purpose: 'p' }, metadata()),
      scheduleTimer({ timerId: 'moot', dueAt: '2026-01-01T00:30:00Z', purpose: 'p' }, metadata()),
      { id: 'x', type: 'SomethingElse', schemaVersion: 1, data: {}, metadata: metadata() },
      timerCancelled('moot', 'acknowledged', metadata()),
      timerFired({ timerId: 'never-scheduled', dueAt: '2026-01-01T00:00:00Z' }, metadata()),
    ];
    expect(pendingTimers(events).map((t) => t.timerId)).toEqual(['soon', 'late']);
    const state = events.reduce(evolveTimers, noPendingTimers);
    expect(isPending(state, 'soon')).toBe(true);
    expect(isPending(state, 'moot')).toBe(false);
    expect(isPending(state, 'toString')).toBe(false);
  });
});

describe('DueTimers', () => {
  it('gives the timers due at an instant, soonest first, and forgets the ended ones', () => {
    const model = new DueTimers();
    model.apply(recorded(scheduleTimer({ timerId: 'b', dueAt: '2026-01-01T00:20:00Z', purpose: 'p' }, metadata()), 'reminder-1', 1));
    model.apply(recorded(scheduleTimer({ timerId: 'a', dueAt: '2026-01-01T00:10:00Z', purpose: 'p', details: { level: 2 } }, metadata()), 'reminder-2', 2));
    model.apply(recorded(scheduleTimer({ timerId: 'c', dueAt: '2026-01-01T00:30:00Z', purpose: 'p' }, metadata()), 'reminder-1', 3));
    model.apply(recorded(timerCancelled('c', 'moot', metadata()), 'reminder-1', 4));
    expect(model.next()?.toISOString()).toBe('2026-01-01T00:10:00.000Z');
    expect(model.due(new Date('2026-01-01T00:09:59.999Z'))).toEqual([]);
    expect(model.due(new Date('2026-01-01T00:20:00.000Z'))).toEqual([
      expect.objectContaining({ streamId: 'reminder-2', timerId: 'a', details: { level: 2 }, scheduledEventId: timerEventId('a', 'scheduled') }),
      expect.objectContaining({ streamId: 'reminder-1', timerId: 'b' }),
    ]);
    model.apply(recorded(timerFired({ timerId: 'a', dueAt: '2026-01-01T00:10:00Z' }, metadata()), 'reminder-2', 5));
    expect(model.all().map((t) => t.timerId)).toEqual(['b']);
  });

  it('gives a due timer again until it ends, a rescheduled one once at its new time, and skips ended ones for the next wake', () => {
    const model = new DueTimers();
    const schedule = (timerId: string, dueAt: string, position: number) =>
      model.apply(recorded(scheduleTimer({ timerId, dueAt, purpose: 'p' }, metadata()), 'owner-1', position));
    schedule('a', '2026-01-01T00:10:00Z', 1);
    schedule('b', '2026-01-01T00:10:00Z', 2);
    schedule('c', '2026-01-01T00:05:00Z', 3);
    const at = new Date('2026-01-01T00:10:00Z');
    expect(model.due(at).map((t) => t.timerId)).toEqual(['c', 'a', 'b']);
    // Its firing failed: nothing forgot it, so the next pass gets it again.
    expect(model.due(at).map((t) => t.timerId)).toEqual(['c', 'a', 'b']);
    model.forget({ streamId: 'owner-1', timerId: 'c' });
    schedule('a', '2026-01-01T00:30:00Z', 4);
    expect(model.due(at).map((t) => t.timerId)).toEqual(['b']);
    model.apply(recorded(timerCancelled('b', 'moot', metadata()), 'owner-1', 5));
    expect(model.next()?.toISOString()).toBe('2026-01-01T00:30:00.000Z');
    expect(model.due(new Date('2026-01-01T01:00:00Z')).map((t) => [t.timerId, t.dueAt])).toEqual([['a', '2026-01-01T00:30:00.000Z']]);
    expect(model.size).toBe(1);
  });

  it('answers like a sort of every pending timer, through thousands scheduled, ended and rescheduled', () => {
    const model = new DueTimers();
    const base = Date.parse('2026-01-01T00:00:00Z');
    let position = 0;
    // A fixed pseudo-random walk: the same timers on every run.
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 5000; i++) {
      const timerId = `t${random(2000)}`;
      const stream = `owner-${random(50)}`;
      const event = random(3) === 0 ? timerCancelled(timerId, 'moot', metadata()) : scheduleTimer({ timerId, dueAt: new Date(base + random(3_600_000)).toISOString(), purpose: 'p' }, metadata());
      model.apply(recorded(event, stream, ++position));
    }
    const sorted = model.all();
    expect(model.size).toBe(sorted.length);
    expect(model.next()?.toISOString()).toBe(sorted[0]?.dueAt);
    const at = new Date(base + 1_800_000);
    expect(model.due(at)).toEqual(sorted.filter((t) => Date.parse(t.dueAt) <= at.getTime()));
  });
});

/* The driver over the in-memory store with a minimal owner; every store runs the full timer contract (libs/testing). */
type Command = { type: 'Schedule'; timerId: string; dueAt: string } | { type: 'Fire'; timer: DueTimer; firedAt: string };
const owner: Decider<Command, PendingTimers> = {
  initialState: noPendingTimers,
  evolve: evolveTimers,
  decide: (command, timers) =>
    command.type === 'Schedule'
      ? [scheduleTimer({ timerId: command.timerId, dueAt: command.dueAt, purpose: 'p' }, metadata())]
      : isPending(timers, command.timer.timerId)
        ? [timerFired(command.timer, metadata(command.firedAt))]
        : [],
};
const owners = commandHandler(owner, () => 'owner-1');

describe('TimerDriver', () => {
  it('wakes at once when the clock jumps, with a poll far away', async () => {
    const store = new InMemoryEventStore();
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    await owners.handle(store, { type: 'Schedule', timerId: 't1', dueAt: '2026-01-01T01:00:00.000Z' });
    const fired = new Promise<DueTimer>((resolve) => {
      const driver = new TimerDriver({
        store,
        clock,
        streamPrefixes: ['owner-'],
        pollMs: 3_600_000,
        fire: async (timer) => {
          await owners.handle(store, { type: 'Fire', timer, firedAt: clock.now().toISOString() });
          resolve(timer);
          void driver.stop();
        },
      });
      driver.start();
      void driver.tick().then(() => clock.advance(3_600_000));
    });
    expect((await fired).timerId).toBe('t1');
    expect((await store.readStream('owner-1')).map((e) => e.type)).toEqual(['TimerScheduled', 'TimerFired']);
  });

  it('fires nothing once stopped', async () => {
    const store = new InMemoryEventStore();
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    await owners.handle(store, { type: 'Schedule', timerId: 't1', dueAt: '2026-01-01T01:00:00.000Z' });
    const fire = jest.fn(async () => undefined);
    const driver = new TimerDriver({ store, clock, streamPrefixes: ['owner-'], pollMs: 3_600_000, fire });
    driver.start();
    await driver.tick();
    await driver.stop();
    clock.advance(2 * 3_600_000);
    expect(await driver.tick()).toEqual({ fired: [], failed: [] });
    expect(fire).not.toHaveBeenCalled();
  });

  it('leaves exactly-once to the owner: its decider fires a pending timer, and decides nothing the second time', async () => {
    const store = new InMemoryEventStore();
    await owners.handle(store, { type: 'Schedule', timerId: 't1', dueAt: '2026-01-01T01:00:00.000Z' });
    const history: EventEnvelope[] = await store.readStream('owner-1');
    const due: DueTimer = { streamId: 'owner-1', timerId: 't1', dueAt: '2026-01-01T01:00:00.000Z', purpose: 'p', scheduledEventId: history[0].id, metadata: metadata(), position: 1 };
    const fired = given(owner, history).when({ type: 'Fire', timer: due, firedAt: '2026-01-01T02:00:00.000Z' }).then([timerFired(due, metadata('2026-01-01T02:00:00.000Z'))]);
    given(owner, [...history, ...fired]).when({ type: 'Fire', timer: due, firedAt: '2026-01-01T02:00:01.000Z' }).then([]);
  });
});

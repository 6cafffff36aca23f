// Jest's globals, not an import of @jest/globals: this lib is also loaded outside Jest (benchmarks).
import {
  Decider,
  DueTimer,
  EventEnvelope,
  EventMetadata,
  ManualClock,
  PendingTimers,
  TimerDriver,
  commandHandler,
  deterministicId,
  evolveTimers,
  isPending,
  newId,
  noPendingTimers,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import { StoreUnderTest } from './context';

/**
 * A store that several "processes" open: each `open()` is a new instance on the same storage (a
 * file, a server); the in-memory store can only hand out itself. Closed by the suite.
 */
export interface TimerStoreUnderTest {
  open(): Promise<StoreUnderTest>;
  /** Whether `open()` gives a separate instance (a restart or a replica), or the same one. */
  separateInstances: boolean;
  cleanup(): Promise<void>;
}

export type TimerStoreFactory = () => Promise<TimerStoreUnderTest>;

/* ---- a tiny owner of timers: a reminder stream that sends one reminder when its timer fires ---- */

type ReminderCommand =
  | { type: 'ScheduleReminder'; reminderId: string; stream: string; dueAt: string; metadata: EventMetadata }
  | { type: 'CancelReminder'; reminderId: string; stream: string; metadata: EventMetadata }
  | { type: 'FireTimer'; stream: string; timerId: string; dueAt: string; metadata: EventMetadata };

interface ReminderState {
  timers: PendingTimers;
  sent: number;
}

const reminderTimerId = (stream: string, reminderId: string) => deterministicId(`${stream}/${reminderId}`, 'contract.reminder-timer');

const reminderSent = (timerId: string, metadata: EventMetadata): EventEnvelope => ({
  id: deterministicId(timerId, 'contract.reminder-sent'),
  type: 'ReminderSent',
  schemaVersion: 1,
  data: { timerId },
  metadata,
});

const reminderDecider: Decider<ReminderCommand, ReminderState> = {
  initialState: { timers: noPendingTimers, sent: 0 },
  evolve: (state, event) => ({ timers: evolveTimers(state.timers, event), sent: state.sent + (event.type === 'ReminderSent' ? 1 : 0) }),
  decide(command, state) {
    switch (command.type) {
      case 'ScheduleReminder':
        return [scheduleTimer({ timerId: reminderTimerId(command.stream, command.reminderId), dueAt: command.dueAt, purpose: 'reminder', details: { reminderId: command.reminderId } }, command.metadata)];
      case 'CancelReminder': {
        const timerId = reminderTimerId(command.stream, command.reminderId);
        return isPending(state.timers, timerId) ? [timerCancelled(timerId, 'done already', command.metadata)] : [];
      }
      case 'FireTimer':
        // The exactly-once rule: only a pending timer fires; a replica or a retry that comes second decides nothing.
        if (!isPending(state.timers, command.timerId)) return [];
        return [timerFired(command, command.metadata), reminderSent(command.timerId, command.metadata)];
    }
  },
};

const reminders = commandHandler(reminderDecider, (c: { stream: string }) => c.stream);

const metadataAt = (clock: ManualClock, causationId = newId()): EventMetadata => ({
  correlationId: causationId,
  causationId,
  actor: 'system:contract',
  occurredAt: clock.now().toISOString(),
});

const T0 = '2026-03-01T09:00:00.000Z';
const MINUTE = 60_000;
/** Long enough that no test passes by a poll: only a clock jump, an append or start() can make a driver look. */
const NEVER_POLL_MS = 600_000;

/**
 * The durable timers' promises, on a real store: a timer fires on time after a restart, at once if
 * it came due while the process was down, once with two drivers (replicas) on one store, never
 * after it was cancelled, and again after a failed firing. Time moves through a ManualClock.
 */
export function describeTimerContract(name: string, factory: TimerStoreFactory): void {
  describe(`Durable timers contract: ${name}`, () => {
    let subject: TimerStoreUnderTest;
    let category: string;
    let clock: ManualClock;
    const opened: StoreUnderTest[] = [];
    const drivers: TimerDriver[] = [];
    const warnings: string[] = [];

    const open = async () => {
      const store = await subject.open();
      if (!opened.includes(store)) opened.push(store);
      return store;
    };
    const close = async (store: StoreUnderTest) => {
      if (!subject.separateInstances) return;
      opened.splice(opened.indexOf(store), 1);
      await store.close();
    };

    /** A driver as a service would run it: its `fire` runs the owner's FireTimer command. */
    const driverOn = (store: StoreUnderTest, options: { pollMs?: number; fire?: (timer: DueTimer) => Promise<void> } = {}) => {
      const fire =
        options.fire ??
        ((timer: DueTimer) =>
          reminders.handle(store, { type: 'FireTimer', stream: timer.streamId, timerId: timer.timerId, dueAt: timer.dueAt, metadata: metadataAt(clock, timer.scheduledEventId) }).then(() => undefined));
      const driver = new TimerDriver({ store, clock, streamPrefixes: [`${category}-`], fire, pollMs: options.pollMs ?? NEVER_POLL_MS, logger: { warn: (m) => warnings.push(m) } });
      drivers.push(driver);
      return driver;
    };

    const schedule = async (store: StoreUnderTest, reminderId: string, dueAt: string) => {
      const stream = `${category}-${reminderId}`;
      await reminders.handle(store, { type: 'ScheduleReminder', stream, reminderId, dueAt, metadata: metadataAt(clock) });
      return stream;
    };

    const typesIn = async (store: StoreUnderTest, stream: string) => (await store.readStream(stream)).map((e) => e.type);
    const firedIn = async (store: StoreUnderTest, stream: string) => (await typesIn(store, stream)).filter((t) => t === 'TimerFired').length;

    /** Bounds a wait for something the driver does by itself (never a timing assertion). */
    const until = async (what: string, probe: () => Promise<boolean>, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };

    beforeEach(async () => {
      subject = await factory();
      category = `timers${newId().replace(/-/g, '').slice(0, 12)}`;
      clock = new ManualClock(T0);
      warnings.length = 0;
    });

    afterEach(async () => {
      await Promise.all(drivers.splice(0).map((d) => d.stop()));
      if (subject.separateInstances) await Promise.all(opened.map((s) => s.close()));
      opened.length = 0;
      await subject.cleanup();
    });

    it('fires a timer scheduled before a restart on time after it, once: not before it is due', async () => {
      const first = await open();
      const stream = await schedule(first, 'r1', '2026-03-01T09:15:00.000Z');
      const before = driverOn(first);
      before.start();
      await before.tick();
      expect(await firedIn(first, stream)).toBe(0);
      await before.stop(); // the process is killed: its driver and its store instance are gone
      await close(first);

      const store = await open();
      const after = driverOn(store);
      after.start();
      await after.tick();
      expect(after.pending().map((t) => t.streamId)).toEqual([stream]); // rebuilt from the log
      clock.advance(14 * MINUTE);
      await after.tick();
      expect(await firedIn(store, stream)).toBe(0);

      clock.advance(MINUTE); // exactly due: the jump wakes the driver, no poll needed
      await until('the timer fired', async () => (await firedIn(store, stream)) === 1);
      const events = await store.readStream(stream);
      expect(events.map((e) => e.type)).toEqual(['TimerScheduled', 'TimerFired', 'ReminderSent']);
      expect(events[1].data).toEqual({ timerId: (events[0].data as { timerId: string }).timerId, dueAt: '2026-03-01T09:15:00.000Z', firedAt: '2026-03-01T09:15:00.000Z' });
      await after.tick();
      expect(await typesIn(store, stream)).toEqual(['TimerScheduled', 'TimerFired', 'ReminderSent']);
      expect(after.pending()).toEqual([]);
    });

    it('fires at once on start a timer that came due while the process was down', async () => {
      const first = await open();
      const stream = await schedule(first, 'r1', '2026-03-01T09:05:00.000Z');
      await close(first);
      clock.advance(60 * MINUTE); // down for an hour

      const store = await open();
      driverOn(store).start(); // no clock jump, no poll: start's own first pass fires it
      await until('the overdue timer fired', async () => (await firedIn(store, stream)) === 1);
      const fired = (await store.readStream(stream)).find((e) => e.type === 'TimerFired');
      expect(fired?.data).toMatchObject({ dueAt: '2026-03-01T09:05:00.000Z', firedAt: '2026-03-01T10:00:00.000Z' });
    });

    it('fires a timer once when two drivers (replicas) on one store both find it due', async () => {
      const one = await open();
      const two = await open();
      const stream = await schedule(one, 'r1', '2026-03-01T09:10:00.000Z');
      let attempts = 0;
      // Neither firing appends before both drivers found the timer due: on a network store one pass could
      // otherwise fire before the other has read, and the test would be about timing instead of the claim.
      let bothFound!: () => void;
      const bothIn = new Promise<void>((resolve) => (bothFound = resolve));
      const counting = (store: StoreUnderTest) => async (timer: DueTimer) => {
        if (++attempts === 2) bothFound();
        let deadline: NodeJS.Timeout | undefined;
        const alone = new Promise((_, reject) => (deadline = setTimeout(() => reject(new Error('only one driver found the timer due')), 10_000)));
        await Promise.race([bothIn, alone]).finally(() => clearTimeout(deadline));
        await reminders.handle(store, { type: 'FireTimer', stream: timer.streamId, timerId: timer.timerId, dueAt: timer.dueAt, metadata: metadataAt(clock, timer.scheduledEventId) });
      };
      const a = driverOn(one, { fire: counting(one) });
      const b = driverOn(two, { fire: counting(two) });
      clock.advance(10 * MINUTE);
      // Both passes race for the same revision: both read the timer as pending and both fire it.
      const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
      expect(fromA.failed).toEqual([]);
      expect(fromB.failed).toEqual([]);
      expect(attempts).toBe(2);
      expect(await typesIn(one, stream)).toEqual(['TimerScheduled', 'TimerFired', 'ReminderSent']);

      // Each replica's read model then learns it fired; neither fires it again.
      await Promise.all([a.tick(), b.tick()]);
      expect(attempts).toBe(2);
      expect(await typesIn(two, stream)).toEqual(['TimerScheduled', 'TimerFired', 'ReminderSent']);
    });

    it('never fires a cancelled timer', async () => {
      const store = await open();
      const stream = await schedule(store, 'r1', '2026-03-01T09:10:00.000Z');
      const kept = await schedule(store, 'r2', '2026-03-01T09:10:00.000Z');
      const fired: string[] = [];
      const driver = driverOn(store, {
        fire: async (timer) => {
          fired.push(timer.streamId);
          await reminders.handle(store, { type: 'FireTimer', stream: timer.streamId, timerId: timer.timerId, dueAt: timer.dueAt, metadata: metadataAt(clock) });
        },
      });
      driver.start();
      await driver.tick();
      await reminders.handle(store, { type: 'CancelReminder', stream, reminderId: 'r1', metadata: metadataAt(clock) });
      await driver.tick();
      expect(driver.pending().map((t) => t.streamId)).toEqual([kept]);
      clock.advance(30 * MINUTE);
      await until('the other timer fired', async () => (await firedIn(store, kept)) === 1);
      await driver.tick();
      expect(fired).toEqual([kept]);
      expect(await typesIn(store, stream)).toEqual(['TimerScheduled', 'TimerCancelled']);
      expect(driver.pending()).toEqual([]);
    });

    it('tries a failed firing again at the next pass, and one failing timer does not hold the others', async () => {
      const store = await open();
      const failing = await schedule(store, 'r1', '2026-03-01T09:01:00.000Z');
      const healthy = await schedule(store, 'r2', '2026-03-01T09:02:00.000Z');
      let failuresLeft = 2;
      const driver = driverOn(store, {
        pollMs: 20, // after a failure only the poll wakes the driver
        fire: async (timer) => {
          if (timer.streamId === failing && failuresLeft-- > 0) throw new Error('the owner is briefly unavailable');
          await reminders.handle(store, { type: 'FireTimer', stream: timer.streamId, timerId: timer.timerId, dueAt: timer.dueAt, metadata: metadataAt(clock) });
        },
      });
      clock.advance(5 * MINUTE);
      const first = await driver.tick();
      expect(first.failed.map((f) => f.timer.streamId)).toEqual([failing]);
      expect(first.fired.map((t) => t.streamId)).toEqual([healthy]);
      expect(await firedIn(store, failing)).toBe(0);
      expect(warnings).toEqual([expect.stringContaining('the owner is briefly unavailable')]);

      driver.start(); // its first pass fails once more; a later pass (the poll) fires it
      await until('the failed timer fired at a later pass', async () => (await firedIn(store, failing)) === 1);
      expect(warnings).toHaveLength(2);
      expect(await typesIn(store, failing)).toEqual(['TimerScheduled', 'TimerFired', 'ReminderSent']);
      expect(await typesIn(store, healthy)).toEqual(['TimerScheduled', 'TimerFired', 'ReminderSent']);
    });
  });
}

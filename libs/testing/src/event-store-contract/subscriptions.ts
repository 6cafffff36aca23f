import { RecordedEvent } from '@linchpin/eventsourcing';
import { ContractContext, StoreUnderTest } from './context';
import { eventually } from '../eventually';
import { envelope, sleep } from './fixtures';

/** Catch-up subscriptions and checkpoints. */
export function describeSubscriptions(ctx: ContractContext): void {
  const { stream, track, subscriptions } = ctx;
  let store: StoreUnderTest;
  let category: string;
  beforeEach(() => {
    store = ctx.store();
    category = ctx.category();
  });

  describe('subscribeAll', () => {
    it('delivers old events, then live ones, each exactly once and in order', async () => {
      const old = [envelope(), envelope(), envelope()];
      await store.append(stream('a'), old, 'no_stream');
      await store.append(`${category}x-noise`, [envelope()], 'no_stream');

      const expected = [...old.map((e) => e.id)];
      const seen: RecordedEvent[] = [];
      let appendedWhileCatchingUp = false;
      const sub = store.subscribeAll({ filter: { streamPrefixes: [`${category}-`] } }, async (e) => {
        seen.push(e);
        if (!appendedWhileCatchingUp) {
          // An append racing the catch-up phase must be delivered once, after the old ones.
          appendedWhileCatchingUp = true;
          const racing = envelope();
          expected.push(racing.id);
          await store.append(stream('b'), [racing], 'no_stream');
        }
      });
      subscriptions.push(sub);
      await sub.caughtUp;

      const live = [envelope(), envelope()];
      expected.push(...live.map((e) => e.id));
      await store.append(stream('a'), [live[0]], 2);
      await store.append(stream('c'), [live[1]], 'no_stream');

      await eventually('every expected event delivered', () => seen.length >= expected.length || undefined);
      await sleep(300);
      expect(seen.map((e) => e.id)).toEqual(expected);
      for (let i = 1; i < seen.length; i++) expect(seen[i].position).toBeGreaterThan(seen[i - 1].position);
    });

    it('resolves caughtUp after delivering what was stored when it began', async () => {
      const old = [envelope(), envelope()];
      await store.append(stream('a'), old, 'no_stream');
      const { seen, sub } = track();
      await sub.caughtUp;
      expect(seen.map((e) => e.id)).toEqual(old.map((e) => e.id));
    });

    it('starts after the given position', async () => {
      const events = [envelope(), envelope(), envelope()];
      await store.append(stream('a'), events, 'no_stream');
      const [first] = await store.readAll({ filter: { streamPrefixes: [`${category}-`] }, limit: 1 });
      const { seen, sub } = track(first.position);
      await sub.caughtUp;
      await eventually('two events delivered', () => seen.length >= 2 || undefined);
      await sleep(200);
      expect(seen.map((e) => e.id)).toEqual([events[1].id, events[2].id]);
    });

    it('delivers nothing after stop()', async () => {
      const { seen, sub } = track();
      await sub.caughtUp;
      await store.append(stream('a'), [envelope()], 'no_stream');
      await eventually('one event delivered', () => seen.length === 1 || undefined);
      await sub.stop();
      await store.append(stream('a'), [envelope()], 0);
      await sleep(400);
      expect(seen).toHaveLength(1);
    });

    it('hands one event at a time to the handler', async () => {
      await store.append(stream('a'), [envelope(), envelope(), envelope()], 'no_stream');
      let inFlight = 0;
      let maxInFlight = 0;
      let delivered = 0;
      const sub = store.subscribeAll({ filter: { streamPrefixes: [`${category}-`] } }, async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(20);
        inFlight--;
        delivered++;
      });
      subscriptions.push(sub);
      await eventually('three deliveries', () => delivered === 3 || undefined);
      expect(maxInFlight).toBe(1);
    });
  });

  describe('checkpoints', () => {
    it('loads undefined before any save, then the last saved position', async () => {
      const name = `${category}-relay`;
      expect(await store.load(name)).toBeUndefined();
      await store.save(name, 5);
      expect(await store.load(name)).toBe(5);
      await store.save(name, 9);
      expect(await store.load(name)).toBe(9);
      expect(await store.load(`${category}-other`)).toBeUndefined();
    });

    it('keeps checkpoints out of the event log', async () => {
      await store.save(`${category}-relay`, 1);
      const log = await store.readAll({ filter: { streamPrefixes: [`${category}-`] } });
      expect(log).toEqual([]);
      const all = await store.readAll();
      expect(all.some((e) => e.streamId.includes(`${category}-relay`))).toBe(false);
    });
  });
}

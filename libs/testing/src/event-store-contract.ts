// Jest's globals, not an import of @jest/globals: this lib is also loaded outside Jest (benchmarks).
import {
  CheckpointStore,
  ConcurrencyError,
  Decider,
  EventEnvelope,
  EventStore,
  PartialDuplicateError,
  RecordedEvent,
  StoreSubscription,
  executeCommand,
  newId,
} from '@linchpin/eventsourcing';

export interface EventStoreUnderTest {
  store: EventStore & CheckpointStore;
  cleanup(): Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreUnderTest>;

const envelope = (type = 'Thing', data: unknown = { n: 1 }): EventEnvelope => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    correlationId: newId(),
    causationId: newId(),
    actor: 'system:contract',
    occurredAt: '2026-01-01T00:00:00.000Z',
  },
});

const envelopeOf = (e: RecordedEvent): EventEnvelope => ({
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
});

/** Polls until the condition holds: subscriptions deliver asynchronously. */
async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Counted {
  count: number;
}
const counter: Decider<{ by: string }, Counted> = {
  initialState: { count: 0 },
  evolve: (s) => ({ count: s.count + 1 }),
  decide: (c) => [envelope('Counted', { by: c.by })],
};

/**
 * The behaviour every EventStore adapter must show. Each test works in its own stream
 * category, so the suite also runs against a long-lived server that holds other data.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore & CheckpointStore;
    let category: string;
    const subscriptions: StoreSubscription[] = [];
    const stream = (id: string) => `${category}-${id}`;
    const track = (after?: number) => {
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeAll({ after, filter: { streamPrefixes: [`${category}-`] } }, async (e) => {
        seen.push(e);
      });
      subscriptions.push(sub);
      return { seen, sub };
    };

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      category = `contract${newId().replace(/-/g, '').slice(0, 12)}`;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await subject.cleanup();
    });

    describe('append with an expected revision', () => {
      it('creates a stream with no_stream and reports the next expected revision', async () => {
        const result = await store.append(stream('a'), [envelope(), envelope()], 'no_stream');
        expect(result.nextExpectedRevision).toBe(1);
        expect(result.alreadyStored).toBe(false);
        expect((await store.readStream(stream('a'))).map((e) => e.revision)).toEqual([0, 1]);
      });

      it('rejects no_stream on an existing stream with a ConcurrencyError', async () => {
        await store.append(stream('a'), [envelope()], 'no_stream');
        await expect(store.append(stream('a'), [envelope()], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('a'))).toHaveLength(1);
      });

      it('accepts the current revision and rejects a stale or future one', async () => {
        await store.append(stream('a'), [envelope(), envelope()], 'no_stream');
        await expect(store.append(stream('a'), [envelope()], 0)).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.append(stream('a'), [envelope()], 5)).rejects.toBeInstanceOf(ConcurrencyError);
        const ok = await store.append(stream('a'), [envelope()], 1);
        expect(ok.nextExpectedRevision).toBe(2);
        expect(await store.readStream(stream('a'))).toHaveLength(3);
      });

      it('rejects a revision number on a missing stream', async () => {
        await expect(store.append(stream('missing'), [envelope()], 0)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('appends with any whatever the stream holds', async () => {
        await store.append(stream('a'), [envelope()], 'any');
        const result = await store.append(stream('a'), [envelope()], 'any');
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('names the stream and both revisions in the ConcurrencyError', async () => {
        await store.append(stream('a'), [envelope()], 'no_stream');
        const error = await store.append(stream('a'), [envelope()], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).stream).toBe(stream('a'));
        expect((error as ConcurrencyError).code).toBe('concurrency_conflict');
      });
    });

    describe('readStream', () => {
      it('reads from a 0-based revision, inclusive', async () => {
        const events = [envelope(), envelope(), envelope()];
        await store.append(stream('a'), events, 'no_stream');
        const fromOne = await store.readStream(stream('a'), 1);
        expect(fromOne.map((e) => e.id)).toEqual([events[1].id, events[2].id]);
        expect(fromOne.map((e) => e.revision)).toEqual([1, 2]);
        expect(fromOne.every((e) => e.streamId === stream('a'))).toBe(true);
        expect((await store.readStream(stream('a'))).map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(await store.readStream(stream('a'), 3)).toEqual([]);
      });

      it('returns an empty list for a stream that does not exist', async () => {
        expect(await store.readStream(stream('nothing'))).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads the filtered log in order with strictly increasing positions', async () => {
        const a1 = envelope();
        const b1 = envelope();
        const a2 = envelope();
        const other = envelope();
        await store.append(stream('a'), [a1], 'no_stream');
        await store.append(`${category}x-other`, [other], 'no_stream');
        await store.append(stream('b'), [b1], 'no_stream');
        const last = await store.append(stream('a'), [a2], 0);

        const log = await store.readAll({ filter: { streamPrefixes: [`${category}-`] } });
        expect(log.map((e) => e.id)).toEqual([a1.id, b1.id, a2.id]);
        for (let i = 1; i < log.length; i++) expect(log[i].position).toBeGreaterThan(log[i - 1].position);
        expect(log[2].position).toBe(last.position);

        const both = await store.readAll({ filter: { streamPrefixes: [stream('b'), `${category}x-`] } });
        expect(both.map((e) => e.id)).toEqual([other.id, b1.id]);
        expect(await store.readAll({ filter: { streamPrefixes: [] } })).toEqual([]);
      });

      it('reads after a position (exclusive) and honours the limit', async () => {
        const events = [envelope(), envelope(), envelope(), envelope()];
        await store.append(stream('a'), events, 'no_stream');
        const filter = { streamPrefixes: [`${category}-`] };
        const all = await store.readAll({ filter });

        const after = await store.readAll({ filter, after: all[0].position });
        expect(after.map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));
        const limited = await store.readAll({ filter, after: all[0].position, limit: 2 });
        expect(limited.map((e) => e.id)).toEqual([events[1].id, events[2].id]);
        expect(await store.readAll({ filter, after: all[3].position })).toEqual([]);
      });

      it('without a filter returns every stream, ours in append order', async () => {
        const a = envelope();
        const b = envelope();
        await store.append(stream('a'), [a], 'no_stream');
        await store.append(`${category}x-b`, [b], 'no_stream');
        const log = await store.readAll();
        const ours = log.filter((e) => e.id === a.id || e.id === b.id).map((e) => e.id);
        expect(ours).toEqual([a.id, b.id]);
        for (let i = 1; i < log.length; i++) expect(log[i].position).toBeGreaterThan(log[i - 1].position);
      });
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

        await eventually(() => seen.length >= expected.length);
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
        await eventually(() => seen.length >= 2);
        await sleep(200);
        expect(seen.map((e) => e.id)).toEqual([events[1].id, events[2].id]);
      });

      it('delivers nothing after stop()', async () => {
        const { seen, sub } = track();
        await sub.caughtUp;
        await store.append(stream('a'), [envelope()], 'no_stream');
        await eventually(() => seen.length === 1);
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
        await eventually(() => delivered === 3);
        expect(maxInFlight).toBe(1);
      });
    });

    describe('idempotent event ids', () => {
      it('treats a repeated append as done, even with a stale expected revision', async () => {
        const events = [envelope(), envelope()];
        const first = await store.append(stream('a'), events, 'no_stream');
        await store.append(stream('a'), [envelope()], 1);

        const again = await store.append(stream('a'), events, 'no_stream');
        expect(again.alreadyStored).toBe(true);
        expect(again.position).toBe(first.position);
        expect(again.nextExpectedRevision).toBe(2);
        const byRevision = await store.append(stream('a'), events, 0);
        expect(byRevision.alreadyStored).toBe(true);
        const withAny = await store.append(stream('a'), events, 'any');
        expect(withAny.alreadyStored).toBe(true);

        expect(await store.readStream(stream('a'))).toHaveLength(3);
        expect(await store.readAll({ filter: { streamPrefixes: [`${category}-`] } })).toHaveLength(3);
      });

      it('treats a repeat at the current revision as done', async () => {
        const events = [envelope()];
        await store.append(stream('a'), events, 'no_stream');
        const again = await store.append(stream('a'), events, 0);
        expect(again.alreadyStored).toBe(true);
        expect(await store.readStream(stream('a'))).toHaveLength(1);
      });

      it('rejects an append that mixes stored and new ids with PartialDuplicateError', async () => {
        const [e1, e2] = [envelope(), envelope()];
        await store.append(stream('a'), [e1], 'no_stream');
        await expect(store.append(stream('a'), [e1, e2], 0)).rejects.toBeInstanceOf(PartialDuplicateError);
        await expect(store.append(stream('a'), [e1, e2], 'any')).rejects.toBeInstanceOf(PartialDuplicateError);
        expect((await store.readStream(stream('a'))).map((e) => e.id)).toEqual([e1.id]);
      });
    });

    describe('concurrent writers on one stream', () => {
      it('lets exactly one of two appends with the same expected revision win', async () => {
        await store.append(stream('a'), [envelope()], 'no_stream');
        const results = await Promise.allSettled([
          store.append(stream('a'), [envelope()], 0),
          store.append(stream('a'), [envelope()], 0),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('a'))).toHaveLength(2);
      });

      it('lands both commands through executeCommand retries', async () => {
        await Promise.all([
          executeCommand(store, stream('a'), counter, { by: 'one' }),
          executeCommand(store, stream('a'), counter, { by: 'two' }),
        ]);
        const events = await store.readStream(stream('a'));
        expect(events.map((e) => (e.data as { by: string }).by).sort()).toEqual(['one', 'two']);
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
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

    describe('round trip', () => {
      it('returns data and metadata exactly as appended, with an ISO recordedAt', async () => {
        const event: EventEnvelope = {
          id: newId(),
          type: 'IncidentDetected',
          schemaVersion: 3,
          data: {
            title: 'Disk full on db-1 — ünïcødé ✓',
            severity: 2,
            ratio: 0.75,
            acknowledged: false,
            nothing: null,
            labels: { team: 'storage', env: 'prod' },
            tags: ['a', 'b'],
            nested: [{ at: '2026-01-01T00:00:00.000Z', values: [1, 2, 3] }],
          },
          metadata: {
            incidentId: newId(),
            correlationId: newId(),
            causationId: newId(),
            actor: 'user:alice',
            occurredAt: '2026-03-04T05:06:07.089Z',
            traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          },
        };
        const before = Date.now();
        await store.append(stream('a'), [event], 'no_stream');
        const after = Date.now();

        const [fromStream] = await store.readStream(stream('a'));
        const [fromLog] = await store.readAll({ filter: { streamPrefixes: [`${category}-`] } });
        const { seen, sub } = track();
        await sub.caughtUp;
        await eventually(() => seen.length === 1);

        for (const recorded of [fromStream, fromLog, seen[0]]) {
          expect(envelopeOf(recorded)).toEqual(event);
          expect(recorded.streamId).toBe(stream('a'));
          expect(recorded.revision).toBe(0);
          expect(recorded.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
          expect(new Date(recorded.recordedAt).toISOString()).toBe(recorded.recordedAt);
        }
        // Generous bounds: a server clock may differ slightly from ours.
        const recordedAt = Date.parse(fromStream.recordedAt);
        expect(recordedAt).toBeGreaterThan(before - 60_000);
        expect(recordedAt).toBeLessThan(after + 60_000);
        expect(fromLog.position).toBe(fromStream.position);
        expect(seen[0].position).toBe(fromStream.position);
      });

      it('does not share mutable state with the caller', async () => {
        const event = envelope('Thing', { list: [1] });
        await store.append(stream('a'), [event], 'no_stream');
        (event.data as { list: number[] }).list.push(2);
        const [read] = await store.readStream(stream('a'));
        expect(read.data).toEqual({ list: [1] });
        (read.data as { list: number[] }).list.push(3);
        const [again] = await store.readStream(stream('a'));
        expect(again.data).toEqual({ list: [1] });
      });
    });
  });
}

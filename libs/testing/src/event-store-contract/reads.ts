import { EventEnvelope, newId } from '@linchpin/eventsourcing';
import { ContractContext, StoreUnderTest } from './context';
import { eventually } from '../eventually';
import { envelope, envelopeOf } from './fixtures';

/** Reads: one stream, the ordered log, and exact round trips. */
export function describeReads(ctx: ContractContext): void {
  const { stream, track } = ctx;
  let store: StoreUnderTest;
  let category: string;
  beforeEach(() => {
    store = ctx.store();
    category = ctx.category();
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
      await eventually('the one event delivered', () => seen.length === 1 || undefined);

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
}

import { ConcurrencyError, PartialDuplicateError, executeCommand } from '@linchpin/eventsourcing';
import { ContractContext, StoreUnderTest } from './context';
import { counter, envelope } from './fixtures';

/** Appends: expected revisions, idempotent ids, concurrent writers. */
export function describeWrites(ctx: ContractContext): void {
  const { stream } = ctx;
  let store: StoreUnderTest;
  let category: string;
  beforeEach(() => {
    store = ctx.store();
    category = ctx.category();
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
}

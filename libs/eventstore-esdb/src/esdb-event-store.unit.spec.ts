import { ConcurrencyError, EventEnvelope, PartialDuplicateError, ProjectionFeed, RecordedEvent, executeCommand } from '@linchpin/eventsourcing';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient } from './spec/fake-esdb-client';

let n = 0;
const envelope = (data: Record<string, unknown> = { n: ++n }): EventEnvelope => ({
  id: `5f0c3d4e-1b2a-4c3d-9e8f-${String(++n).padStart(12, '0')}`,
  type: 'Thing',
  schemaVersion: 1,
  data,
  metadata: { correlationId: 'c', causationId: 'k', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

const setup = (pageSize = 500) => {
  const fake = new FakeEsdbClient();
  const store = new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient(), pageSize });
  return { fake, store };
};

/** Records the fake handed out across the reads since the last call. */
const recordsRead = (fake: FakeEsdbClient) => fake.takeReads().reduce((sum, read) => sum + read.records, 0);

describe('EsdbEventStore readAll: a scanned-up-to cursor per filter', () => {
  it('does not read again, on idle polls, the events of other services it already scanned', async () => {
    const { fake, store } = setup(10);
    const mine = await store.append('own-1', [envelope()], 'no_stream');
    for (let i = 0; i < 25; i++) await store.append(`other-${i}`, [envelope()], 'no_stream');
    fake.takeReads();

    const filter = { streamPrefixes: ['own-'] };
    expect(await store.readAll({ after: mine.position, filter })).toEqual([]);
    // The boundary event and the 25 others, once (each page of 10 starts at the last event of the one before).
    expect(recordsRead(fake)).toBe(28);

    // Idle polls of the relay: from its last event again, as nothing of its own came.
    expect(await store.readAll({ after: mine.position, filter })).toEqual([]);
    expect(recordsRead(fake)).toBe(1); // only the last event scanned, where the read resumes
    expect(await store.readAll({ after: mine.position, filter })).toEqual([]);
    expect(recordsRead(fake)).toBe(1);

    // New writes are read once, and an own event among them is found.
    await store.append('other-x', [envelope()], 'no_stream');
    const next = await store.append('own-2', [envelope()], 'no_stream');
    const page = await store.readAll({ after: mine.position, filter });
    expect(page.map((e) => e.position)).toEqual([next.position]);
    expect(recordsRead(fake)).toBe(3);
  });

  it('keeps one cursor per filter, and reads from the start for a position before the scanned range', async () => {
    const { fake, store } = setup();
    await store.append('own-1', [envelope()], 'no_stream');
    await store.append('other-1', [envelope(), envelope()], 'no_stream');
    await store.readAll({ filter: { streamPrefixes: ['own-'] } });
    fake.takeReads();

    // Another filter has scanned nothing yet.
    expect(await store.readAll({ filter: { streamPrefixes: ['other-'] } })).toHaveLength(2);
    expect(recordsRead(fake)).toBe(3);
    // The same prefixes in another order are the same filter.
    expect(await store.readAll({ filter: { streamPrefixes: ['own-', 'x-'] } })).toHaveLength(1);
    await store.readAll({ filter: { streamPrefixes: ['x-', 'own-'] } });
    const all = await store.readAll();
    expect(all.map((e) => e.streamId)).toEqual(['own-1', 'other-1', 'other-1']);
  });

  it('honours the limit and resumes exactly after the last event given', async () => {
    const { store } = setup(2);
    for (let i = 0; i < 5; i++) await store.append(`own-${i}`, [envelope()], 'no_stream');
    await store.append('other-1', [envelope()], 'no_stream');
    const filter = { streamPrefixes: ['own-'] };
    const first = await store.readAll({ filter, limit: 3 });
    expect(first.map((e) => e.streamId)).toEqual(['own-0', 'own-1', 'own-2']);
    const rest = await store.readAll({ filter, after: first[2].position, limit: 3 });
    expect(rest.map((e) => e.streamId)).toEqual(['own-3', 'own-4']);
    expect(await store.readAll({ filter, after: rest[1].position })).toEqual([]);
    // A reader further behind still reads everything after its position.
    expect((await store.readAll({ filter, after: first[0].position })).map((e) => e.streamId)).toEqual(['own-1', 'own-2', 'own-3', 'own-4']);
  });

  it('lets a ProjectionFeed on the store read only what is new on each query', async () => {
    const { fake, store } = setup();
    for (let i = 0; i < 20; i++) await store.append(`other-${i}`, [envelope()], 'no_stream');
    await store.append('own-1', [envelope()], 'no_stream');
    for (let i = 20; i < 40; i++) await store.append(`other-${i}`, [envelope()], 'no_stream');
    const applied: RecordedEvent[] = [];
    const feed = new ProjectionFeed(store, ['own-'], (e) => applied.push(e));
    fake.takeReads();

    await feed.current();
    expect(applied.map((e) => e.streamId)).toEqual(['own-1']);
    expect(recordsRead(fake)).toBe(41);
    await feed.current();
    await feed.current();
    expect(recordsRead(fake)).toBe(2); // one resume point per query
    expect(applied).toHaveLength(1);
  });
});

describe('EsdbEventStore: records Linchpin did not write never reach it', () => {
  const mixedLog = async () => {
    const { fake, store } = setup(3);
    const a = await store.append('own-1', [envelope()], 'no_stream');
    await store.save('relay', a.position); // a checkpoint and its `$metadata` record in `$$...`
    fake.write('own-2', { type: '$>', data: '0@own-1', isJson: false }); // a projection link into a matching stream
    fake.write('own-3', { type: 'Binary', data: new Uint8Array([1, 2, 3]), isJson: false });
    fake.write('own-3', { type: 'Broken', data: '{not json', isJson: true }); // the client hands malformed JSON over as text
    await store.append('own-1', [envelope()], 0);
    fake.write('own-4', { type: 'Thing', data: { n: 1 } });
    fake.write('own-4', { type: '$streamDeleted', data: {} }); // a hard-delete marker
    fake.write('checkpoint-relay', { type: 'CheckpointSaved', data: { position: 1 } }); // a checkpoint of the old naming
    return { fake, store };
  };

  it('skips them in readAll, with or without a filter', async () => {
    const { store } = await mixedLog();
    const own = await store.readAll({ filter: { streamPrefixes: ['own-'] } });
    expect(own.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['own-1@0', 'own-1@1', 'own-4@0']);
    const all = await store.readAll();
    expect(all.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['own-1@0', 'own-1@1', 'own-4@0']);
  });

  it('skips them in readStream, revisions unchanged', async () => {
    const { fake, store } = await mixedLog();
    fake.write('own-1', { type: '$>', data: '1@own-9', isJson: false });
    fake.write('own-1', { type: 'Thing', data: { n: 3 } });
    expect((await store.readStream('own-1')).map((e) => e.revision)).toEqual([0, 1, 3]);
    expect(await store.readStream('own-3')).toEqual([]);
    expect((await store.readStream('own-4')).map((e) => e.type)).toEqual(['Thing']);
  });

  it('skips them in subscriptions', async () => {
    const { store } = await mixedLog();
    const seen: string[] = [];
    const sub = store.subscribeAll({}, (e) => void seen.push(`${e.streamId}@${e.revision}`));
    await sub.caughtUp;
    await sub.stop();
    expect(seen).toEqual(['own-1@0', 'own-1@1', 'own-4@0']);
  });
});

describe('EsdbEventStore append: redelivered ids recognised without reading the stream on the happy path', () => {
  const streamReads = (fake: FakeEsdbClient) => fake.takeReads().filter((r) => r.kind === 'stream').length;

  it('appends without any read once the stream was read or written here', async () => {
    const { fake, store } = setup();
    expect(await store.readStream('own-1')).toEqual([]);
    fake.takeReads();
    await store.append('own-1', [envelope()], 'no_stream');
    await store.append('own-1', [envelope(), envelope()], 0);
    await store.append('own-1', [envelope()], 2);
    expect(streamReads(fake)).toBe(0);
  });

  it('reads a stream once when nothing is known of it, then never again for appends', async () => {
    const { fake, store } = setup();
    const other = new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient() });
    await other.append('own-1', [envelope(), envelope()], 'no_stream');
    fake.takeReads();
    await store.append('own-1', [envelope()], 1);
    expect(fake.takeReads().map((r) => r.records)).toEqual([2]);
    await store.append('own-1', [envelope()], 2);
    expect(streamReads(fake)).toBe(0);
  });

  it('answers alreadyStored for ids stored up to the expected revision, without a read', async () => {
    const { fake, store } = setup();
    const events = [envelope(), envelope()];
    const first = await store.append('own-1', events, 'no_stream');
    fake.takeReads();
    const again = await store.append('own-1', events, 1);
    expect(again).toEqual({ alreadyStored: true, nextExpectedRevision: 1, position: first.position });
    expect(streamReads(fake)).toBe(0);
    expect(fake.log.filter((r) => r.streamId === 'own-1')).toHaveLength(2);
  });

  it('answers alreadyStored after a restart (the executeCommand path: read, then append at that revision)', async () => {
    const fake = new FakeEsdbClient();
    const events = [envelope()];
    const before = new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient() });
    await before.append('own-1', events, 'no_stream');
    const after = new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient() });
    const history = await after.readStream('own-1');
    fake.takeReads();
    expect((await after.append('own-1', events, history[history.length - 1].revision)).alreadyStored).toBe(true);
    expect(streamReads(fake)).toBe(0);
  });

  it('with a stale revision, reads only the events written since, and answers alreadyStored or PartialDuplicateError', async () => {
    const { fake, store } = setup();
    const events = [envelope(), envelope()];
    const first = await store.append('own-1', events, 'no_stream');
    const other = new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient() });
    await other.append('own-1', [envelope()], 1);
    await other.append('own-1', [envelope()], 2);
    fake.takeReads();

    // The server would answer this one as a new write: recognised here first.
    expect(await store.append('own-1', events, 'no_stream')).toEqual({ alreadyStored: true, nextExpectedRevision: 3, position: first.position });
    expect(fake.takeReads().map((r) => r.records)).toEqual([2]);
    await expect(store.append('own-1', [events[0], envelope()], 0)).rejects.toBeInstanceOf(PartialDuplicateError);
    await expect(store.append('own-1', [envelope()], 0)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(fake.log.filter((r) => r.streamId === 'own-1')).toHaveLength(4);
  });

  it('on WrongExpectedVersionError reads only the tail a concurrent writer added', async () => {
    const { fake, store } = setup();
    await store.append('own-1', [envelope(), envelope(), envelope()], 'no_stream');
    const raced = [envelope()];
    const other = new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient() });
    await other.readStream('own-1');
    await other.append('own-1', [envelope()], 2);
    await other.append('own-1', raced, 3);
    fake.takeReads();

    // This store still believes the stream ends at 2: the server refuses (revision 3 holds another id),
    // and the tail read shows the ids are stored.
    const answer = await store.append('own-1', raced, 2);
    expect(answer.alreadyStored).toBe(true);
    expect(answer.nextExpectedRevision).toBe(4);
    const reads = fake.takeReads();
    expect(reads.filter((r) => r.kind === 'stream').map((r) => r.records)).toEqual([2]);
  });

  it('with any, checks the unknown part of the stream first and keeps the contract answer', async () => {
    const { fake, store } = setup();
    const events = [envelope()];
    await store.append('own-1', events, 'any');
    await store.append('own-1', [envelope()], 'any');
    expect((await store.append('own-1', events, 'any')).alreadyStored).toBe(true);
    await expect(store.append('own-1', [events[0], envelope()], 'any')).rejects.toBeInstanceOf(PartialDuplicateError);
    expect(fake.log.filter((r) => r.streamId === 'own-1')).toHaveLength(2);
  });

  it('lands two concurrent commands through executeCommand retries', async () => {
    const { store } = setup();
    const counter = {
      initialState: 0,
      evolve: (s: number) => s + 1,
      decide: (by: string) => [envelope({ by })],
    };
    await Promise.all([executeCommand(store, 'own-1', counter, 'one'), executeCommand(store, 'own-1', counter, 'two')]);
    const events = await store.readStream('own-1');
    expect(events.map((e) => (e.data as { by: string }).by).sort()).toEqual(['one', 'two']);
    expect(events.map((e) => e.revision)).toEqual([0, 1]);
  });
});

describe('EsdbEventStore checkpoints: a stream name no domain stream can have', () => {
  it('saves and loads under the reserved name, and the domain category `checkpoint` is part of the log', async () => {
    const { fake, store } = setup();
    await store.save('relay:own', 42);
    expect(await store.load('relay:own')).toBe(42);
    expect(fake.log.some((r) => r.streamId === '__linchpin-checkpoint-relay:own')).toBe(true);
    await store.append('checkpoint-1', [envelope()], 'no_stream');
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['checkpoint-1']);
  });

  it('loads a checkpoint of the old naming until the first save under the new one', async () => {
    const { fake, store } = setup();
    fake.write('checkpoint-relay:own', { type: 'CheckpointSaved', data: { position: 7 } });
    expect(await store.load('relay:own')).toBe(7);
    await store.save('relay:own', 9);
    expect(await store.load('relay:own')).toBe(9);
    expect(await store.load('relay:none')).toBeUndefined();
  });
});

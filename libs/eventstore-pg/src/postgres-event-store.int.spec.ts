import { Client } from 'pg';
import { EventEnvelope, RecordedEvent, eventually, newId } from '@linchpin/eventsourcing';
// Tests of an adapter run the shared contract suite; the adapter's runtime code never imports it.
import { describeEventStoreContract, describeLeaseContract, describeTimerContract, dropPostgresSchema, freshPostgresSchema, postgresUnderTest } from '@linchpin/testing';
import { leaseLockKey } from './lock-keys';
import { PostgresEventStore } from './postgres-event-store';

const url = postgresUnderTest();

const event = (n: number): EventEnvelope => ({
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

(url ? describe : describe.skip)('PostgresEventStore on a real server', () => {
  const connectionString = url ?? '';
  // This run's own schemas, dropped after it: the server may hold other runs' data.
  const schemas: string[] = [];
  const schema = () => {
    const name = freshPostgresSchema('pgstore');
    schemas.push(name);
    return name;
  };
  const opened: PostgresEventStore[] = [];
  const open = (onSchema: string, pollIntervalMs = 50) => {
    const store = new PostgresEventStore({ connectionString, schema: onSchema, pollIntervalMs });
    opened.push(store);
    return store;
  };
  const shared = schema();
  /** The server processes holding the lease's session lock, found from another connection. */
  const holderPids = async (admin: Client, onSchema: string, name: string) => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [leaseLockKey(onSchema, name)],
    );
    return rows.map((r) => r.pid);
  };

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    for (const name of schemas) await dropPostgresSchema(connectionString, name);
  });

  describeEventStoreContract('PostgresEventStore', async () => {
    const store = new PostgresEventStore({ connectionString, schema: shared, pollIntervalMs: 50 });
    return { store, cleanup: () => store.close() };
  });

  describeTimerContract('PostgresEventStore', async () => {
    // Each open() is another process's instance on the same schema: a restart, or a replica.
    const onSchema = schema();
    const started = async () => {
      // As a process is once started: tables checked, a connection open that has read the log. The replicas test
      // races two drivers' reads against one's firing; a first query on a new connection (a new backend loading its
      // catalogue) would lose that race on a busy machine and make the test about start-up instead.
      const store = new PostgresEventStore({ connectionString, schema: onSchema, pollIntervalMs: 50 });
      await store.migrate();
      await store.readAll({ filter: { streamPrefixes: ['warm-'] }, limit: 1 });
      return store;
    };
    return { open: started, separateInstances: true, cleanup: async () => undefined };
  });

  describeLeaseContract('PostgresEventStore', async () => {
    // Each open() is another process's instance on the same schema; a lease is a session lock, so
    // cutting the holder off is ending its session, and nothing outlives it.
    const onSchema = schema();
    const admin = new Client({ connectionString });
    await admin.connect();
    return {
      open: async () => open(onSchema),
      cutOff: async (_store, lease) => {
        const pids = await holderPids(admin, onSchema, lease);
        for (const pid of pids) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await eventually('the cut-off session gone', async () => (await holderPids(admin, onSchema, lease)).length === 0 || undefined);
      },
      outliveLeases: async () => undefined,
      cleanup: () => admin.end(),
    };
  });

  describe('global order under concurrent writers', () => {
    it('lets a subscription see every event of writers on separate pools once, in position order, none skipped', async () => {
      const onSchema = schema();
      const follower = open(onSchema, 5);
      const seen: RecordedEvent[] = [];
      const subscription = follower.subscribeAll({ filter: { streamPrefixes: ['race-'] } }, (e) => void seen.push(e));
      await subscription.caughtUp;

      // Four processes' worth of writers, each on its own pool, appending at once: without a
      // commit order that follows the positions, a poll would see a later position before an
      // earlier one commits, move past it, and never deliver it.
      const writers = Array.from({ length: 4 }, () => open(onSchema));
      const appended = new Set<string>();
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let round = 0; round < 40; round++) {
            // Two appends in flight per writer, of one to three events each.
            const batches = [1 + (round % 3), 1].map((size) => Array.from({ length: size }, () => event(round)));
            batches.flat().forEach((e) => appended.add(e.id));
            await Promise.all(batches.map((batch, b) => writer.append(`race-${w}-${round}-${b}`, batch, 'no_stream')));
          }
        }),
      );
      await eventually('every event delivered', () => seen.length >= appended.size || undefined, 20_000);
      await subscription.stop();
      const log = await follower.readAll({ filter: { streamPrefixes: ['race-'] } });
      expect(log).toHaveLength(appended.size);
      expect(new Set(seen.map((e) => e.id))).toEqual(appended);
      expect(seen.map((e) => e.id)).toEqual(log.map((e) => e.id));
      expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      for (let i = 1; i < seen.length; i++) expect(seen[i].position).toBeGreaterThan(seen[i - 1].position);
    });
  });

  describe('leases (holdLease)', () => {
    it('gives a lease to one instance at a time, keeps it without stacking, and hands it over when the holder closes', async () => {
      const onSchema = schema();
      const [one, two] = [open(onSchema), open(onSchema)];
      expect(await one.holdLease('relay')).toBe(true);
      expect(await two.holdLease('relay')).toBe(false);
      // Asked again (every relay pass asks): still held, and held once (one unlock frees it).
      expect(await one.holdLease('relay')).toBe(true);
      expect(await two.holdLease('relay')).toBe(false);
      // Another name, or the same name in another schema, is another lease.
      expect(await two.holdLease('projector')).toBe(true);
      expect(await open(schema()).holdLease('relay')).toBe(true);

      await one.close();
      expect(await two.holdLease('relay')).toBe(true);
      expect(await two.holdLease('projector')).toBe(true);
    });

    it('loses the lease when the holder\'s connection is killed; the other instance takes it on its next call', async () => {
      const onSchema = schema();
      const [one, two] = [open(onSchema), open(onSchema)];
      const admin = new Client({ connectionString });
      await admin.connect();
      try {
        expect(await one.holdLease('relay')).toBe(true);
        expect(await two.holdLease('relay')).toBe(false);
        const [pid] = await holderPids(admin, onSchema, 'relay');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await eventually('the killed session gone', async () => (await holderPids(admin, onSchema, 'relay')).length === 0 || undefined);

        expect(await two.holdLease('relay')).toBe(true);
        // The old holder learns it lost the lease; its next call reconnects and finds it taken.
        expect(await one.holdLease('relay')).toBe(false);
        expect(await one.holdLease('relay')).toBe(false);
        expect(await two.holdLease('relay')).toBe(true);
      } finally {
        await admin.end();
      }
    });
  });

  describe('schema', () => {
    it('creates its tables once when several replicas start on a new schema at once', async () => {
      const onSchema = schema();
      const replicas = Array.from({ length: 4 }, () => open(onSchema));
      const results = await Promise.all(replicas.map((store, i) => store.append(`boot-${i}`, [event(i)], 'no_stream')));
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 0, 0, 0]);
      expect(await replicas[0].count()).toBe(4);
    });

    it('keeps each schema\'s events and checkpoints to itself', async () => {
      const [a, b] = [open(schema()), open(schema())];
      await a.append('alert-1', [event(1)], 'no_stream');
      await a.save('relay', 1);
      expect(await b.readAll()).toEqual([]);
      expect(await b.readStream('alert-1')).toEqual([]);
      expect(await b.load('relay')).toBeUndefined();
      // The same stream in another schema is another stream.
      expect((await b.append('alert-1', [event(2)], 'no_stream')).nextExpectedRevision).toBe(0);
    });

    it('refuses a schema name that is not a plain identifier', () => {
      expect(() => new PostgresEventStore({ connectionString, schema: 'linchpin; DROP TABLE x' })).toThrow(/plain PostgreSQL identifier/);
      expect(() => new PostgresEventStore({ connectionString, schema: 'Linchpin' })).toThrow(/plain PostgreSQL identifier/);
    });
  });

  describe('reading the log', () => {
    it('filters by whole categories and by any other prefix alike, LIKE\'s wildcards taken literally', async () => {
      const store = open(schema());
      await store.append('alert-a1', [event(1)], 'no_stream');
      await store.append('alertGroup-x', [event(2)], 'no_stream');
      await store.append('alert-b2', [event(3)], 'no_stream');
      await store.append('alert', [event(4)], 'no_stream');
      await store.append('al_rt-z', [event(5)], 'no_stream');
      await store.append('al%-y', [event(6)], 'no_stream');
      const streams = async (...prefixes: string[]) => (await store.readAll({ filter: { streamPrefixes: prefixes } })).map((e) => e.streamId);
      expect(await streams('alert-')).toEqual(['alert-a1', 'alert-b2']);
      expect(await streams('alert-a')).toEqual(['alert-a1']);
      expect(await streams('alert')).toEqual(['alert-a1', 'alertGroup-x', 'alert-b2', 'alert']);
      expect(await streams('alertGroup-', 'alert-')).toEqual(['alert-a1', 'alertGroup-x', 'alert-b2']);
      // Overlapping prefixes answer each event once.
      expect(await streams('alert', 'alert-', 'alert-a1')).toEqual(['alert-a1', 'alertGroup-x', 'alert-b2', 'alert']);
      expect(await streams('al_')).toEqual(['al_rt-z']);
      expect(await streams('al%')).toEqual(['al%-y']);
      const [first] = await store.readAll({ limit: 1 });
      expect((await store.readAll({ after: first.position, filter: { streamPrefixes: ['alert-', 'alert'] }, limit: 2 })).map((e) => e.streamId)).toEqual([
        'alertGroup-x',
        'alert-b2',
      ]);
    });

    it('counts what readAll would answer, without a limit', async () => {
      const store = open(schema());
      await store.append('alert-a1', [event(1), event(2)], 'no_stream');
      await store.append('alertGroup-x', [event(3)], 'no_stream');
      await store.append('alert', [event(4)], 'no_stream');
      const [first] = await store.readAll({ limit: 1 });
      expect(await store.count()).toBe(4);
      expect(await store.count({ filter: { streamPrefixes: ['alert-'] } })).toBe(2);
      expect(await store.count({ filter: { streamPrefixes: ['alert-', 'alert'] } })).toBe(4);
      expect(await store.count({ after: first.position, filter: { streamPrefixes: ['alert-'] } })).toBe(1);
      expect(await store.count({ filter: { streamPrefixes: [] } })).toBe(0);
    });

    it('tells onAppend listeners of this instance\'s appends before the append resolves', async () => {
      const store = open(schema());
      const heard: string[][] = [];
      const stop = store.onAppend((streams) => heard.push([...streams]));
      const appended = store.append('alert-1', [event(1)], 'no_stream').then(() => heard.length);
      expect(await appended).toBe(1);
      await store.append('alert-1', [event(2)], 0);
      stop();
      await store.append('alert-1', [event(3)], 1);
      expect(heard).toEqual([['alert-1'], ['alert-1']]);
    });
  });

  describe('connections cut under load', () => {
    it('fails the appends in flight with StoreUnavailableError, lives on, and appends again once it can reconnect', async () => {
      const name = `cut_${newId().slice(0, 8)}`;
      const store = new PostgresEventStore({ connectionString: `${connectionString}${connectionString.includes('?') ? '&' : '?'}application_name=${name}`, schema: schema() });
      opened.push(store);
      await store.migrate();
      const admin = new Client({ connectionString });
      await admin.connect();
      const failures = new Set<string>();
      let stored = 0;
      let running = true;
      // Writers between queries of their transactions when the server ends their sessions, as in a restart.
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; running; i++) {
          await store.append(`cut-${w}-${i}`, [event(i)], 'no_stream').then(
            () => stored++,
            (error: Error) => failures.add(error.constructor.name),
          );
        }
      });
      try {
        for (let round = 0; round < 5; round++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
        }
      } finally {
        running = false;
        await Promise.all(writers);
        await admin.end();
      }
      expect([...failures]).toEqual(['StoreUnavailableError']);
      const before = stored;
      await store.append(`cut-after-${newId()}`, [event(0)], 'no_stream');
      expect(stored).toBe(before);
    });
  });

  describe('close()', () => {
    it('stops its subscriptions and refuses further use', async () => {
      const onSchema = schema();
      const store = new PostgresEventStore({ connectionString, schema: onSchema, pollIntervalMs: 10 });
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeAll({}, (e) => void seen.push(e));
      await subscription.caughtUp;
      await store.close();
      const writer = open(onSchema);
      await writer.append('alert-1', [event(1)], 'no_stream');
      await expect(store.readAll()).rejects.toThrow(/closed/);
      expect(await store.holdLease('relay')).toBe(false);
      expect(seen).toEqual([]);
    });
  });
});

import { EventEnvelope, ManualClock, RecordedEvent } from '@linchpin/eventsourcing';
import { EsdbEventStore } from './esdb-event-store';
import { leaseStream } from './esdb-mapping';
import { FakeEsdbClient } from './spec/fake-esdb-client';
import { severable } from './spec/severable-client';

const TTL = 9_000;

const envelope = (n: number): EventEnvelope => ({
  id: `6a0c3d4e-1b2a-4c3d-9e8f-${String(n).padStart(12, '0')}`,
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'k', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

/** Instances ("replicas") on one fake server, each with its own way to it, all on one test clock. */
const setup = () => {
  const fake = new FakeEsdbClient();
  const clock = new ManualClock('2026-01-01T00:00:00.000Z');
  const open = () => {
    const way = severable(fake.asClient());
    const store = new EsdbEventStore({ connectionString: 'esdb://unused', client: way.client, leaseTtlMs: TTL, clock });
    return Object.assign(store, { cut: way.cut, restore: way.restore });
  };
  const records = (name: string) =>
    fake.log.filter((r) => r.streamId === leaseStream(name)).map((r) => ({ type: r.type, ...(r.data as { holder: string; until?: string }) }));
  /** Holds every append to the lease stream until `count` are waiting, then lets them all go: contenders that read the same state. */
  const lineUp = (name: string, count: number) => {
    const waiting: Array<() => void> = [];
    fake.appendGate = (stream) =>
      stream !== leaseStream(name)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === count) {
              fake.appendGate = undefined;
              waiting.splice(0).forEach((go) => go());
            }
          });
  };
  return { fake, clock, open, records, lineUp };
};

describe('EsdbEventStore leases: a time-bounded lease in a stream of its own', () => {
  it('records a take with its holder and the instant it runs until, in a capped stream no domain stream can have', async () => {
    const { fake, clock, open, records } = setup();
    const one = open();
    expect(await one.holdLease('relay:triage')).toBe(true);
    const [taken] = records('relay:triage');
    expect(taken).toEqual({ type: 'LeaseTaken', holder: expect.any(String), until: new Date(clock.now().getTime() + TTL).toISOString() });
    const metadata = fake.log.filter((r) => r.streamId === `$$${leaseStream('relay:triage')}`);
    expect(metadata.map((r) => r.data)).toEqual([{ maxCount: expect.any(Number) }]);
    expect((metadata[0].data as { maxCount: number }).maxCount).toBeLessThanOrEqual(10);
  });

  it('renews only once a third of the TTL has passed, so asking on every relay pass costs no round trip', async () => {
    const { fake, clock, open, records } = setup();
    const one = open();
    expect(await one.holdLease('relay')).toBe(true);
    fake.takeReads();
    clock.advance(TTL / 3 - 1);
    for (let i = 0; i < 5; i++) expect(await one.holdLease('relay')).toBe(true);
    expect(fake.takeReads()).toEqual([]);
    expect(records('relay')).toHaveLength(1);

    clock.advance(1);
    expect(await one.holdLease('relay')).toBe(true);
    expect(records('relay').map((r) => r.type)).toEqual(['LeaseTaken', 'LeaseRenewed']);
    expect(records('relay')[1].until).toBe(new Date(clock.now().getTime() + TTL).toISOString());
  });

  it('gives the lease of a holder that died without closing to another instance once the TTL has passed, not before', async () => {
    const { clock, open, records } = setup();
    const [dead, two] = [open(), open()];
    expect(await dead.holdLease('dispatcher:comms')).toBe(true);
    clock.advance(TTL - 1);
    expect(await two.holdLease('dispatcher:comms')).toBe(false);
    clock.advance(1);
    expect(await two.holdLease('dispatcher:comms')).toBe(true);
    // The old holder, back from a pause, finds it taken: its renewal conflicts.
    expect(await dead.holdLease('dispatcher:comms')).toBe(false);
    expect(await dead.holdLease('dispatcher:comms')).toBe(false);
    expect(await two.holdLease('dispatcher:comms')).toBe(true);
    const [first, second] = records('dispatcher:comms');
    expect(second.type).toBe('LeaseTaken');
    expect(second.holder).not.toBe(first.holder);
  });

  it('lets exactly one of two contenders that read a free lease at once take it', async () => {
    const { open, records, lineUp } = setup();
    const [one, two] = [open(), open()];
    lineUp('relay', 2);
    const answers = await Promise.all([one.holdLease('relay'), two.holdLease('relay')]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(records('relay').map((r) => r.type)).toEqual(['LeaseTaken']);
    // The loser stays out; the winner keeps it.
    const [winner, loser] = answers[0] ? [one, two] : [two, one];
    expect(await loser.holdLease('relay')).toBe(false);
    expect(await winner.holdLease('relay')).toBe(true);
  });

  it('lets exactly one of three contenders take over an expired lease', async () => {
    const { clock, open, records, lineUp } = setup();
    const [dead, ...contenders] = [open(), open(), open(), open()];
    expect(await dead.holdLease('relay')).toBe(true);
    clock.advance(TTL);
    lineUp('relay', 3);
    const answers = await Promise.all(contenders.map((store) => store.holdLease('relay')));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(records('relay').map((r) => r.type)).toEqual(['LeaseTaken', 'LeaseTaken']);
    for (const [i, store] of contenders.entries()) expect(await store.holdLease('relay')).toBe(answers[i]);
  });

  it('stops holding when its renewal conflicts (another instance wrote the lease meanwhile)', async () => {
    const { fake, clock, open } = setup();
    const one = open();
    expect(await one.holdLease('relay')).toBe(true);
    // Another instance whose clock runs far ahead took it over.
    fake.write(leaseStream('relay'), { type: 'LeaseTaken', data: { holder: 'ahead', until: new Date(clock.now().getTime() + 10 * TTL).toISOString() } });
    clock.advance(TTL / 3);
    expect(await one.holdLease('relay')).toBe(false);
    expect(await one.holdLease('relay')).toBe(false);
  });

  it('stops holding when the server is unreachable at renewal; another instance takes the lease once the TTL has passed', async () => {
    const { clock, open } = setup();
    const [one, two] = [open(), open()];
    expect(await one.holdLease('relay')).toBe(true);
    one.cut();
    clock.advance(TTL / 3);
    expect(await one.holdLease('relay')).toBe(false);
    expect(await two.holdLease('relay')).toBe(false);
    clock.advance(TTL - TTL / 3);
    expect(await two.holdLease('relay')).toBe(true);
    one.restore();
    expect(await one.holdLease('relay')).toBe(false);
  });

  it('takes back, once the server is reachable again, a lease its own record still names and nobody took', async () => {
    const { clock, open, records } = setup();
    const [one, two] = [open(), open()];
    expect(await one.holdLease('relay')).toBe(true);
    one.cut();
    clock.advance(TTL / 3);
    expect(await one.holdLease('relay')).toBe(false);
    one.restore();
    expect(await one.holdLease('relay')).toBe(true);
    expect(await two.holdLease('relay')).toBe(false);
    expect(records('relay').map((r) => r.type)).toEqual(['LeaseTaken', 'LeaseTaken']);
  });

  it('appends a release on close, and closes even when the server is unreachable (the lease then expires)', async () => {
    const { clock, open, records } = setup();
    const [one, two, three] = [open(), open(), open()];
    expect(await one.holdLease('relay')).toBe(true);
    expect(await one.holdLease('dispatcher:comms')).toBe(true);
    await one.close();
    expect(records('relay').map((r) => r.type)).toEqual(['LeaseTaken', 'LeaseReleased']);
    expect(records('dispatcher:comms').map((r) => r.type)).toEqual(['LeaseTaken', 'LeaseReleased']);

    expect(await two.holdLease('relay')).toBe(true);
    two.cut();
    await two.close();
    expect(await three.holdLease('relay')).toBe(false);
    clock.advance(TTL);
    expect(await three.holdLease('relay')).toBe(true);
  });

  it('keeps lease records out of readAll and subscriptions', async () => {
    const { clock, open } = setup();
    const [one, two] = [open(), open()];
    await one.append('own-1', [envelope(1)], 'no_stream');
    expect(await one.holdLease('relay')).toBe(true);
    clock.advance(TTL / 2);
    expect(await one.holdLease('relay')).toBe(true);
    await one.close();
    expect(await two.holdLease('relay')).toBe(true);
    await two.append('own-1', [envelope(2)], 0);

    expect((await two.readAll()).map((e) => `${e.streamId}@${e.revision}`)).toEqual(['own-1@0', 'own-1@1']);
    expect(await two.readAll({ filter: { streamPrefixes: ['_'] } })).toEqual([]);
    const seen: RecordedEvent[] = [];
    const sub = two.subscribeAll({}, (e) => void seen.push(e));
    await sub.caughtUp;
    await sub.stop();
    expect(seen.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['own-1@0', 'own-1@1']);
  });

  it('refuses a TTL that is not a positive number of milliseconds', () => {
    const client = new FakeEsdbClient().asClient();
    expect(() => new EsdbEventStore({ connectionString: 'esdb://unused', client, leaseTtlMs: 0 })).toThrow(RangeError);
    expect(() => new EsdbEventStore({ connectionString: 'esdb://unused', client, leaseTtlMs: Number.NaN })).toThrow(RangeError);
  });
});

import { EventEnvelope, RecordedEvent } from '@linchpin/eventsourcing';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient } from './spec/fake-esdb-client';

let n = 0;
const envelope = (): EventEnvelope => ({
  id: `6f0c3d4e-1b2a-4c3d-9e8f-${String(++n).padStart(12, '0')}`,
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'k', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

const setup = () => {
  const fake = new FakeEsdbClient();
  return { fake, store: new EsdbEventStore({ connectionString: 'esdb://unused', client: fake.asClient() }) };
};

describe('EsdbEventStore subscription stop()', () => {
  it('destroys the stream and resolves when the stream never opened, so the last checkpoint is still saved', async () => {
    const { fake, store } = setup();
    fake.failToOpen = new Error('14 UNAVAILABLE: no connection established');
    const sub = store.subscribeAll({ onError: () => undefined }, () => undefined);
    await expect(sub.stop()).resolves.toBeUndefined();
    expect(fake.calls).toEqual(['unsubscribe', 'destroy']);
    expect(fake.subscriptions[0].destroyed).toBe(true);

    // What a caller does next (a relay saving its position on stop) runs.
    fake.failToOpen = undefined;
    await store.save('relay:own', 5);
    expect(await store.load('relay:own')).toBe(5);
  });

  it('resolves when the failure was already reported', async () => {
    const { fake, store } = setup();
    fake.failToOpen = new Error('14 UNAVAILABLE');
    let sub!: ReturnType<typeof store.subscribeAll>;
    const reported = new Promise<unknown>((resolve) => (sub = store.subscribeAll({ onError: resolve }, () => undefined)));
    expect(await reported).toBe(fake.failToOpen);
    await expect(sub.stop()).resolves.toBeUndefined();
    expect(fake.subscriptions[0].destroyed).toBe(true);
  });

  it('cancels the call, then ends the stream, and delivers nothing after', async () => {
    const { fake, store } = setup();
    await store.append('own-1', [envelope()], 'no_stream');
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeAll({ filter: { streamPrefixes: ['own-'] } }, (e) => void seen.push(e));
    await sub.caughtUp;
    await sub.stop();
    expect(fake.calls).toEqual(['unsubscribe', 'destroy']);
    await store.append('own-2', [envelope()], 'no_stream');
    expect(seen.map((e) => e.streamId)).toEqual(['own-1']);
  });
});

describe('EsdbEventStore subscription when the handler fails', () => {
  it('closes the gRPC subscription before reporting the error, and handles nothing more', async () => {
    const { fake, store } = setup();
    await store.append('own-1', [envelope()], 'no_stream');
    await store.append('own-2', [envelope()], 'no_stream');
    const failure = new Error('handler failed');
    const handled: string[] = [];
    const reported = new Promise<unknown>((resolve) => {
      store.subscribeAll(
        {
          filter: { streamPrefixes: ['own-'] },
          onError: (error) => {
            fake.calls.push('onError');
            resolve(error);
          },
        },
        (e) => {
          handled.push(e.streamId);
          throw failure;
        },
      );
    });
    expect(await reported).toBe(failure);
    // The iteration's own exit destroys the piped stream but leaves the gRPC call open: it is cancelled here.
    expect(fake.calls.filter((c) => c !== 'destroy')).toEqual(['unsubscribe', 'onError']);
    expect(fake.calls.lastIndexOf('destroy')).toBeLessThan(fake.calls.indexOf('onError'));
    expect(fake.subscriptions[0].destroyed).toBe(true);
    expect(handled).toEqual(['own-1']);
  });
});

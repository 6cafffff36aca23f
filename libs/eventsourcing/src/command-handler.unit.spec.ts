import { commandHandler } from './command-handler';
import { metadataOf } from './command-context';
import { Decider } from './decider';
import { DomainError } from './errors';
import { EventEnvelope, RecordedEvent } from './event';
import { InMemoryEventStore } from './in-memory-event-store';
import { newId } from './ids';

interface Add {
  type: 'Add';
  counterId: string;
  by: number;
  note?: string;
}
type Added = EventEnvelope<'Added', { by: number; note?: string }>;
const context = { actor: 'test', causationId: 'cause', occurredAt: '2026-01-01T00:00:00.000Z' };
const counter: Decider<Add, { total: number; decided: number }, Added> = {
  initialState: { total: 0, decided: 0 },
  evolve: (s, e) => ({ ...s, total: s.total + e.data.by }),
  decide: (command, state) => {
    if (state.total + command.by > 10) throw new DomainError('full', 'counter is full');
    return [{ id: newId(), type: 'Added', schemaVersion: 2, data: { by: command.by, ...(command.note ? { note: command.note } : {}) }, metadata: metadataOf(context) }];
  },
};
// v1 stored `amount`; v2 calls it `by`.
const upcast = (event: RecordedEvent): RecordedEvent =>
  event.schemaVersion === 1 ? { ...event, schemaVersion: 2, data: { by: (event.data as { amount: number }).amount } } : event;
const counters = commandHandler(counter, ({ counterId }: { counterId: string }) => `counter-${counterId}`, { upcast, cacheStates: true, takeTurns: true });

describe('commandHandler', () => {
  it('runs a command against the stream its key names, and loads that stream back', async () => {
    const store = new InMemoryEventStore();
    await counters.handle(store, { type: 'Add', counterId: 'a', by: 3 });
    await counters.handle(store, { type: 'Add', counterId: 'b', by: 4 });
    expect(await counters.load(store, { counterId: 'a' })).toMatchObject({ total: 3 });
    expect(counters.streamOf({ counterId: 'b' })).toBe('counter-b');
    expect(await store.readStream('counter-b')).toHaveLength(1);
  });

  it('folds stored events of an older version through the upcaster', async () => {
    const store = new InMemoryEventStore();
    await store.append('counter-old', [{ id: newId(), type: 'Added', schemaVersion: 1, data: { amount: 9 }, metadata: metadataOf(context) }], 'no_stream');
    await expect(counters.handle(store, { type: 'Add', counterId: 'old', by: 2 })).rejects.toMatchObject({ code: 'full' });
  });

  it('keeps folded states per store: one store never sees another one’s state', async () => {
    const first = new InMemoryEventStore();
    const second = new InMemoryEventStore();
    await counters.handle(first, { type: 'Add', counterId: 'x', by: 10 });
    await expect(counters.handle(second, { type: 'Add', counterId: 'x', by: 10 })).resolves.toMatchObject({ state: { total: 10 } });
  });

  it('lets concurrent commands take turns: every one lands, each judged on the state the previous left', async () => {
    const store = new InMemoryEventStore();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => counters.handle(store, { type: 'Add', counterId: 'c', by: 4 })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });

  it('prepares the command from the state it is decided on, and runs a step before the append', async () => {
    const store = new InMemoryEventStore();
    await counters.handle(store, { type: 'Add', counterId: 'p', by: 2 });
    const seen: string[] = [];
    const { events } = await counters.handle(
      store,
      { type: 'Add', counterId: 'p', by: 1 },
      {
        prepare: (command, state) => ({ ...command, note: `after ${state.total}` }),
        beforeAppend: async ({ events: decided }) => {
          seen.push(`${decided[0].data.note}; stored: ${(await store.readStream('counter-p')).length}`);
        },
      },
    );
    expect(events[0].data.note).toBe('after 2');
    expect(seen).toEqual(['after 2; stored: 1']);
  });
});

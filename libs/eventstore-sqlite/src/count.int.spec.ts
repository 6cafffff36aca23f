import { EventEnvelope, newId } from '@linchpin/eventsourcing';
import { SqliteEventStore } from './sqlite-event-store';

/* count: what a rebuild shows as its total, without reading the events. */

const event = (n: number): EventEnvelope => ({
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('SqliteEventStore count', () => {
  it('answers how many events readAll would, for every kind of filter', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    try {
      await store.append('alert-a1', [event(1), event(2)], 'no_stream');
      await store.append('alertGroup-x', [event(3)], 'no_stream');
      await store.append('alert-b2', [event(4)], 'no_stream');
      await store.append('alert', [event(5)], 'no_stream');
      const cases = [{}, { after: 2 }, { filter: { streamPrefixes: ['alert-'] } }, { after: 1, filter: { streamPrefixes: ['alert-'] } }, { filter: { streamPrefixes: ['alert'] } }, { filter: { streamPrefixes: ['alertGroup-', 'alert-b'] } }, { filter: { streamPrefixes: [] } }];
      for (const options of cases) expect(await store.count(options)).toBe((await store.readAll(options)).length);
      expect(await store.count()).toBe(5);
    } finally {
      await store.close();
    }
  });
});

import { EventEnvelope } from './event';
import { InMemoryEventStore } from './in-memory-event-store';
import { newId } from './ids';
import { ProjectionFeed } from './projection-feed';

const event = (n: number): EventEnvelope => ({
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('ProjectionFeed', () => {
  it('applies its own streams once each, in order, across pages and concurrent readers', async () => {
    const store = new InMemoryEventStore();
    const seen: number[] = [];
    const feed = new ProjectionFeed(store, ['own-'], (e) => void seen.push((e.data as { n: number }).n), 2);
    for (let i = 1; i <= 5; i++) await store.append(`own-${i}`, [event(i)], 'no_stream');
    await store.append('other-1', [event(99)], 'no_stream');
    await Promise.all([feed.current(), feed.current()]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await store.append('own-6', [event(6)], 'no_stream');
    await feed.current();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

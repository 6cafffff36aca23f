import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { growthSince, markStore } from './store-file';

describe('store growth read from a live store file', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-bench-store-file-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const event = (n: number, data: unknown) => ({
    id: `event-${n}`,
    type: 'Noted',
    schemaVersion: 1,
    data,
    metadata: { correlationId: `c-${n}`, causationId: `c-${n}`, actor: 'bench', occurredAt: '2026-01-01T00:00:00.000Z' },
  });

  it('counts only the events stored after the mark, their JSON bytes in UTF-8, and the database growth', async () => {
    await store.append('note-1', [event(1, { text: 'before the mark' })], 'any');
    const mark = markStore(join(dir, 'events.db'));

    const big = 'é'.repeat(20_000);
    await store.append('note-2', [event(2, { text: big }), event(3, { text: 'small' })], 'any');
    const growth = growthSince(join(dir, 'events.db'), mark);

    const bytes = (n: number, data: unknown) => {
      const e = event(n, data);
      return Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata));
    };
    expect(growth.events).toBe(2);
    expect(growth.eventBytes).toBe(bytes(2, { text: big }) + bytes(3, { text: 'small' }));
    // 40,000 bytes of text cannot fit without the database growing by about that much (less the free room of the pages it had).
    expect(growth.databaseBytes).toBeGreaterThanOrEqual(40_000 - 2 * 4096);
    expect(growth.databaseBytes % 4096).toBe(0);
  });
});

import { EventEnvelope, StoreUnavailableError, newId } from '@linchpin/eventsourcing';
import { freePort } from '@linchpin/testing';
import { PostgresEventStore } from './postgres-event-store';

const event: EventEnvelope = {
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: {},
  metadata: { correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt: '2026-01-01T00:00:00.000Z' },
};

// A real refused connection (a loopback port nobody listens on): no server is needed to say the store is down.
describe('PostgresEventStore with its server out of reach', () => {
  it('refuses reads and appends with StoreUnavailableError (HTTP answers 503), and holds no lease', async () => {
    const store = new PostgresEventStore({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, schema: 'unreachable' });
    try {
      await expect(store.append('alert-1', [event], 'no_stream')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.load('relay:test')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.holdLease('relay:test')).toBe(false);
    } finally {
      await store.close();
    }
  });
});

import { INestApplication, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore, InMemoryEventStore, newId } from '@linchpin/eventsourcing';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { createApp } from './create-app';
import { initApp } from './http-adapter';
import { InfrastructureModule, InfrastructureOptions } from './infrastructure.module';
import { ServiceDefinition } from './service-definition';

const service: ServiceDefinition = { name: 'storemetrics', title: 'Store metrics test', defaultPort: 3997 };

const appModule = (options: Omit<InfrastructureOptions, 'service'> = {}) => {
  @Module({ imports: [InfrastructureModule.forRoot({ service, ...options })] })
  class StoreMetricsTestModule {}
  return StoreMetricsTestModule;
};

const STORE_COUNTERS = [
  'linchpin_store_appends_total',
  'linchpin_store_events_written_total',
  'linchpin_store_bytes_written_total',
  'linchpin_store_commits_total',
];

/** name -> value of the store counters in a Prometheus text exposition. */
const storeCountersIn = (text: string): Record<string, number> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^(linchpin_store_\w+) (\d+)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(([, name, value]) => [name, Number(value)]),
  );

const event = () => ({
  id: newId(),
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { text: 'héllo' },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('GET /metrics: the store counters', () => {
  const saved = { ...process.env };
  let dir: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-store-metrics-'));
    process.env.LOG_LEVEL = 'silent';
    process.env.SQLITE_PATH = join(dir, 'events.db');
    process.env.LINCHPIN_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    delete process.env.EVENTSTORE_URL;
    delete process.env.POSTGRES_URL;
    delete process.env.KAFKA_BROKERS;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the SQLite store\'s appends, events, bytes and commits, moving after an append', async () => {
    app = await createApp(appModule(), service);
    await initApp(app);
    const scrape = async () => storeCountersIn((await request(app!.getHttpServer()).get('/metrics').expect(200)).text);
    const before = await scrape();
    expect(Object.keys(before).sort()).toEqual([...STORE_COUNTERS].sort());

    const events = [event(), event()];
    await app.get<EventStore>(EVENT_STORE).append('thing-1', events, 'no_stream');
    const after = await scrape();

    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata)), 0);
    expect(after.linchpin_store_appends_total - before.linchpin_store_appends_total).toBe(1);
    expect(after.linchpin_store_events_written_total - before.linchpin_store_events_written_total).toBe(2);
    expect(after.linchpin_store_bytes_written_total - before.linchpin_store_bytes_written_total).toBe(bytes);
    expect(after.linchpin_store_commits_total).toBeGreaterThan(before.linchpin_store_commits_total);
  });

  it('shows none for a store that does not count its writes', async () => {
    app = await createApp(appModule({ store: new InMemoryEventStore() }), service);
    await initApp(app);
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toContain('http_requests_total');
    expect(storeCountersIn(text)).toEqual({});
  });
});

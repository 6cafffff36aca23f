import { INestApplication, Module, OnModuleInit, Type } from '@nestjs/common';
import {
  CHECKPOINT_STORE,
  CheckpointStore,
  EVENT_STORE,
  EventStore,
  eventually,
  InProcessBus,
  MESSAGE_BUS,
  MessageBus,
  PublishedEvent,
  topicOf,
} from '@linchpin/eventsourcing';
import { KafkaBus } from '@linchpin/bus-kafka';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { randomUUID } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import request from 'supertest';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { createApp } from './create-app';
import { InfrastructureModule } from './infrastructure.module';
import { LinchpinConfig } from './linchpin-config';
import { ConfigurationError } from './load-config';
import { RelayModule } from './relay.module';
import { ServiceDefinition } from './service-definition';
import { initApp } from './http-adapter';

const service: ServiceDefinition = { name: 'relaytest', title: 'Relay test', defaultPort: 3998 };

/** A reactor as services write them: it subscribes in onModuleInit, before the relay starts. */
class Listener implements OnModuleInit {
  readonly received: PublishedEvent[] = [];
  constructor(
    private readonly bus: MessageBus,
    private readonly context: string,
  ) {}
  async onModuleInit(): Promise<void> {
    await this.bus.subscribe({
      group: `listener-${this.context}`,
      topics: [topicOf(this.context)],
      handler: async (event) => {
        this.received.push(event);
      },
    });
  }
}

function appModuleFor(context: string): Type<unknown> {
  @Module({
    imports: [InfrastructureModule.forRoot({ service }), RelayModule.forFeature({ context, streamPrefixes: ['thing-'] })],
    providers: [{ provide: Listener, inject: [MESSAGE_BUS], useFactory: (bus: MessageBus) => new Listener(bus, context) }],
  })
  class RelayTestModule {}
  return RelayTestModule;
}

const eventFor = (stream: string, id: string) => ({
  id,
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { stream },
  metadata: { correlationId: stream, causationId: stream, actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('createApp on the embedded defaults (SQLite file from SQLITE_PATH, in-process bus)', () => {
  const saved = { ...process.env };
  let dir: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-platform-'));
    process.env.LOG_LEVEL = 'silent';
    process.env.SQLITE_PATH = join(dir, 'nested', 'relaytest.db');
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

  it('relays what was stored before start and after, only its own streams, once subscribers are in place', async () => {
    // Stored before the process starts: with the in-process bus these are lost if the relay
    // publishes before the services have subscribed in onModuleInit.
    mkdirSync(dirname(process.env.SQLITE_PATH as string), { recursive: true });
    const earlier = new SqliteEventStore({ path: process.env.SQLITE_PATH as string });
    await earlier.append('thing-1', [eventFor('thing-1', '00000000-0000-4000-8000-000000000001')], 'no_stream');
    await earlier.append('other-1', [eventFor('other-1', '00000000-0000-4000-8000-000000000002')], 'no_stream');
    await earlier.close();

    app = await createApp(appModuleFor('relaytest'), service);
    await initApp(app);
    expect(app.get(LinchpinConfig).sqlitePath).toBe(process.env.SQLITE_PATH);
    expect(app.get(MESSAGE_BUS)).toBeInstanceOf(InProcessBus);
    const store = app.get<EventStore>(EVENT_STORE);
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.append('thing-2', [eventFor('thing-2', '00000000-0000-4000-8000-000000000003')], 'no_stream');

    const listener = app.get(Listener);
    await eventually('both events relayed', () => (listener.received.length >= 2 ? true : undefined));
    expect(listener.received.map((e) => e.streamId)).toEqual(['thing-1', 'thing-2']);
    const checkpoints = app.get<CheckpointStore>(CHECKPOINT_STORE);
    const lastPosition = listener.received[1].position;
    await eventually('the relay checkpoint at the last position', async () => ((await checkpoints.load('relay:relaytest')) === lastPosition ? true : undefined));

    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it('closes the store it opened on shutdown, after stopping the relay', async () => {
    app = await createApp(appModuleFor('relaytest'), service);
    await initApp(app);
    const store = app.get<EventStore>(EVENT_STORE);
    await app.close();
    app = undefined;
    await expect(store.readAll({ limit: 1 })).rejects.toThrow();
  });

  it('refuses to start on a bad variable, naming it', async () => {
    process.env.PORT = 'abc';
    await expect(createApp(appModuleFor('relaytest'), service)).rejects.toThrow(
      new ConfigurationError([{ variable: 'PORT', reason: 'must be an integer between 1 and 65535', value: 'abc' }]),
    );
  });
});

const kafkaBrokers = process.env.KAFKA_BROKERS;
if (!kafkaBrokers) console.warn('createApp over Kafka skipped: KAFKA_BROKERS is not set (scripts/test.sh sets it)');
(kafkaBrokers ? describe : describe.skip)('createApp with KAFKA_BROKERS (real broker)', () => {
  const saved = { ...process.env };
  let dir: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-platform-'));
    process.env.LOG_LEVEL = 'silent';
    process.env.SQLITE_PATH = join(dir, 'relaytest.db');
    process.env.LINCHPIN_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    // scripts/test.sh exports POSTGRES_URL for the PostgreSQL tests: this app keeps to its SQLite file.
    delete process.env.EVENTSTORE_URL;
    delete process.env.POSTGRES_URL;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses Kafka as the bus: the relay publishes to the context topic, a subscriber receives it, readiness is green', async () => {
    const context = `platformtest${Date.now().toString(36)}${process.pid}`;
    app = await createApp(appModuleFor(context), service);
    await initApp(app);
    expect(app.get(MESSAGE_BUS)).toBeInstanceOf(KafkaBus);
    await app.get<EventStore>(EVENT_STORE).append('thing-1', [eventFor('thing-1', randomUUID())], 'no_stream');

    const listener = app.get(Listener);
    await eventually('the event relayed over Kafka', () => (listener.received.length >= 1 ? true : undefined), 60_000);
    expect(listener.received[0]).toMatchObject({ streamId: 'thing-1', type: 'ThingHappened' });
    await eventually('/health/ready answering 200', async () => ((await request(app?.getHttpServer()).get('/health/ready')).status === 200 ? true : undefined), 30_000);
  }, 90_000);
});

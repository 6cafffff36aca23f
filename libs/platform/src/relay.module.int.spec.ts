import { Global, Module, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CHECKPOINT_STORE, EVENT_STORE, eventually, InProcessBus, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RelayModule } from './relay.module';

class Listener implements OnModuleInit {
  readonly received: PublishedEvent[] = [];
  constructor(private readonly bus: MessageBus) {}
  async onModuleInit(): Promise<void> {
    await this.bus.subscribe({ group: 'listener', topics: [topicOf('wake')], handler: async (event) => void this.received.push(event) });
  }
}

const thing = (stream: string, id: string) => ({
  id,
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { stream },
  metadata: { correlationId: stream, causationId: stream, actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('RelayModule on a real SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-relay-wake-'));
    store = new SqliteEventStore({ path: join(dir, 'wake.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes each append right away instead of waiting out its idle poll', async () => {
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: CHECKPOINT_STORE, useValue: store },
        { provide: MESSAGE_BUS, useValue: new InProcessBus() },
      ],
      exports: [EVENT_STORE, CHECKPOINT_STORE, MESSAGE_BUS],
    })
    class Infrastructure {}

    const app = await Test.createTestingModule({
      // A poll far longer than the test's bound: only the append notification can publish in time.
      imports: [Infrastructure, RelayModule.forFeature({ context: 'wake', streamPrefixes: ['thing-'], idleWaitMs: 60_000 })],
      providers: [{ provide: Listener, inject: [MESSAGE_BUS], useFactory: (bus: MessageBus) => new Listener(bus) }],
    }).compile();
    await app.init();
    try {
      const listener = app.get(Listener);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the relay found nothing and sleeps
      await store.append('thing-1', [thing('thing-1', '00000000-0000-4000-8000-000000000001')], 'no_stream');
      // Bounded well below idleWaitMs: the append must wake the relay, not its next idle poll.
      await eventually('the first event relayed', () => listener.received.length === 1 || undefined, 5000);
      await store.append('other-1', [thing('other-1', '00000000-0000-4000-8000-000000000002')], 'no_stream');
      await store.append('thing-2', [thing('thing-2', '00000000-0000-4000-8000-000000000003')], 'no_stream');
      await eventually('the second event relayed', () => listener.received.length === 2 || undefined, 5000);
      expect(listener.received.map((e) => e.streamId)).toEqual(['thing-1', 'thing-2']);
    } finally {
      await app.close();
    }
  });
});

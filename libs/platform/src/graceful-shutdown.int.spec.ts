import { BeforeApplicationShutdown, Controller, Get, INestApplication, Module, OnModuleInit, Type } from '@nestjs/common';
import { BusHealth, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Public } from './access/access.decorator';
import { createApp } from './create-app';
import { InfrastructureModule } from './infrastructure.module';
import { RelayModule } from './relay.module';
import { ServiceDefinition } from './service-definition';

const service: ServiceDefinition = { name: 'shutdowntest', title: 'Shutdown test', defaultPort: 3997 };

/** What a request to the app gets once the relays are being stopped (their hook is where this runs). */
class ProbeWhileRelaysStop implements BeforeApplicationShutdown {
  url = '';
  outcome?: string;
  async beforeApplicationShutdown(): Promise<void> {
    try {
      const r = await fetch(`${this.url}/health/live`);
      this.outcome = `answered ${r.status}`;
    } catch {
      this.outcome = 'refused';
    }
  }
}

let releaseSlow: () => void = () => undefined;
@Controller('slow')
class SlowController {
  /** A request in flight when the shutdown begins: answered once the test releases it. */
  @Get()
  @Public('a test route')
  async slow(): Promise<{ ok: true }> {
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return { ok: true };
  }
}

class Listener implements OnModuleInit {
  readonly received: PublishedEvent[] = [];
  constructor(private readonly bus: MessageBus) {}
  async onModuleInit(): Promise<void> {
    await this.bus.subscribe({ group: 'listener', topics: [topicOf('shutdowntest')], handler: async (event) => void this.received.push(event) });
  }
}

/** `idleWaitMs`: the relay's poll; a long one leaves it publishing only when nudged. */
function appModule(idleWaitMs?: number): Type<unknown> {
  @Module({
    imports: [InfrastructureModule.forRoot({ service }), RelayModule.forFeature({ context: 'shutdowntest', streamPrefixes: ['thing-'], ...(idleWaitMs ? { idleWaitMs } : {}) })],
    controllers: [SlowController],
    providers: [ProbeWhileRelaysStop, { provide: Listener, inject: [MESSAGE_BUS], useFactory: (bus: MessageBus) => new Listener(bus) }],
  })
  class ShutdownTestModule {}
  return ShutdownTestModule;
}

/** Reacts to each event of the first context by storing one in the second's streams (`other-`), as triage does to detection's. */
class Reactor implements OnModuleInit {
  readonly published: PublishedEvent[] = [];
  constructor(
    private readonly bus: MessageBus,
    private readonly store: EventStore,
  ) {}
  async onModuleInit(): Promise<void> {
    await this.bus.subscribe({ group: 'reactor', topics: [topicOf('shutdowntest')], handler: async (event) => void (await this.store.append(`other-${event.streamId}`, [thing(`other-${event.streamId}`, 100 + event.position)], 'no_stream')) });
    await this.bus.subscribe({ group: 'downstream', topics: [topicOf('shutdowntwo')], handler: async (event) => void this.published.push(event) });
  }
}

/** Two contexts in one process, the standalone's shape: the second relay publishes what the first one's reactor stored. */
function twoContexts(): Type<unknown> {
  @Module({
    imports: [
      InfrastructureModule.forRoot({ service }),
      RelayModule.forFeature({ context: 'shutdowntest', streamPrefixes: ['thing-'] }),
      RelayModule.forFeature({ context: 'shutdowntwo', streamPrefixes: ['other-'] }),
    ],
    providers: [{ provide: Reactor, inject: [MESSAGE_BUS, EVENT_STORE], useFactory: (bus: MessageBus, store: EventStore) => new Reactor(bus, store) }],
  })
  class TwoContextsModule {}
  return TwoContextsModule;
}

/** Each publish (to `topic` only, when given) waits 300 ms before it reaches the bus. */
const slowBroker = (bus: MessageBus, topic?: string) => {
  const publish = bus.publish.bind(bus);
  bus.publish = async (to, messages) => {
    if (topic === undefined || to === topic) await new Promise((resolve) => setTimeout(resolve, 300));
    return publish(to, messages);
  };
};

const thing = (stream: string, n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'ThingHappened',
  schemaVersion: 1,
  data: { stream },
  metadata: { correlationId: stream, causationId: stream, actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('graceful shutdown (SIGTERM runs app.close()): stop taking requests, answer those in flight, publish what was stored', () => {
  const saved = { ...process.env };
  let dir: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-shutdown-'));
    process.env.LOG_LEVEL = 'silent';
    process.env.SQLITE_PATH = join(dir, 'shutdowntest.db');
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

  it('refuses new requests before the relays stop, and answers the one in flight', async () => {
    app = await createApp(appModule(), service);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const probe = app.get(ProbeWhileRelaysStop);
    probe.url = url.replace('[::1]', '127.0.0.1');
    const inFlight = fetch(`${probe.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the request is in the handler

    const closing = app.close();
    app = undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseSlow();
    const answered = await inFlight;
    await closing;

    expect(answered.status).toBe(200);
    expect(probe.outcome).toBe('refused');
  });

  it('publishes, before it stops, what was stored while it was publishing', async () => {
    app = await createApp(appModule(), service);
    await app.init();
    const bus = app.get<MessageBus>(MESSAGE_BUS);
    // A slow broker: while the first event is being published, more are stored.
    slowBroker(bus);
    const store = app.get<EventStore>(EVENT_STORE);
    const listener = app.get(Listener);
    await store.append('thing-1', [thing('thing-1', 1)], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 50)); // its publish is under way
    await store.append('thing-2', [thing('thing-2', 2)], 'no_stream');
    await store.append('thing-3', [thing('thing-3', 3)], 'no_stream');

    await app.close();
    app = undefined;

    expect(listener.received.map((e) => e.streamId)).toEqual(['thing-1', 'thing-2', 'thing-3']);
  });

  it('in one process of several contexts, publishes what one relay`s reactor stored for another relay', async () => {
    app = await createApp(twoContexts(), service);
    await app.init();
    const bus = app.get<MessageBus>(MESSAGE_BUS);
    // The first context's broker is slow: its relay publishes after the second one's has found nothing to do.
    slowBroker(bus, topicOf('shutdowntest'));
    const store = app.get<EventStore>(EVENT_STORE);
    const reactor = app.get(Reactor);
    await store.append('thing-1', [thing('thing-1', 1)], 'no_stream');

    await app.close();
    app = undefined;

    expect(reactor.published.map((e) => e.streamId)).toEqual(['other-thing-1']);
  });

  it('publishes what a reactor stored as its last message was handled, while the shutdown read the lag', async () => {
    app = await createApp(appModule(60_000), service);
    await app.init();
    const bus = app.get<MessageBus>(MESSAGE_BUS);
    const store = app.get<EventStore>(EVENT_STORE);
    const listener = app.get(Listener);
    await store.append('thing-1', [thing('thing-1', 1)], 'no_stream');
    // The reactor's consequence lands after the relay's streams were read and before the lag reads 0: as a
    // Kafka consumer's does when it commits its last message just then (detection's IncidentDetected of an alert).
    let reacted = false;
    bus.health = async (): Promise<BusHealth> => {
      if (!reacted) {
        reacted = true;
        await store.append('thing-2', [thing('thing-2', 2)], 'no_stream');
      }
      return { connected: true, consumers: [{ group: 'listener', status: 'up', state: 'caught-up', lag: 0 }] };
    };

    await app.close();
    app = undefined;

    expect(reacted).toBe(true);
    expect(listener.received.map((e) => e.streamId)).toEqual(['thing-1', 'thing-2']);
  });
});

import { InProcessBus, MessageContext, PublishedEvent, Upcaster } from '@linchpin/eventsourcing';
import { BusReactor } from './bus-reactor';

const published = (n: number, schemaVersion = 1): PublishedEvent => ({
  id: `id-${n}`, type: 'Thing', schemaVersion, data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
  streamId: 'thing-1', revision: n, position: n + 1, recordedAt: '2026-01-01T00:00:00.000Z',
});

/** Thing v1 `{ n }` → v2 `{ count }`. */
const thingV1toV2: Upcaster = { type: 'Thing', fromVersion: 1, up: (data) => ({ count: (data as { n: number }).n }) };

class RecordingReactor extends BusReactor {
  readonly seen: { version: number; data: unknown; topic: string }[] = [];
  constructor(bus: InProcessBus) {
    super(bus, 'recorder', ['linchpin.a.events', 'linchpin.b.events'], [thingV1toV2]);
  }
  protected async react(event: PublishedEvent, context: MessageContext): Promise<void> {
    this.seen.push({ version: event.schemaVersion, data: event.data, topic: context.topic });
  }
}

describe('BusReactor', () => {
  it('reacts to upcast events of its topics from onModuleInit until onApplicationShutdown', async () => {
    const bus = new InProcessBus();
    const reactor = new RecordingReactor(bus);

    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(0) }]);
    expect(reactor.seen).toEqual([]);

    await reactor.onModuleInit();
    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(1) }]);
    await bus.publish('linchpin.b.events', [{ key: 'k', event: published(2, 2) }]);
    await bus.publish('linchpin.other.events', [{ key: 'k', event: published(3) }]);
    expect(reactor.seen).toEqual([
      { version: 2, data: { count: 1 }, topic: 'linchpin.a.events' },
      { version: 2, data: { n: 2 }, topic: 'linchpin.b.events' },
    ]);

    await reactor.onApplicationShutdown();
    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(4) }]);
    expect(reactor.seen).toHaveLength(2);
  });
});

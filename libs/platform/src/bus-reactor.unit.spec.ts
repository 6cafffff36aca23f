import { Type } from '@sinclair/typebox';
import { EventContracts, IncidentDetected, defineEvent } from '@linchpin/contracts';
import { InProcessBus, MessageContext, PublishedEvent, Upcaster, UpcasterChain, topicOf } from '@linchpin/eventsourcing';
import { BusReactor } from './bus-reactor';

const published = (n: number, schemaVersion = 1, data: unknown = { n }): PublishedEvent => ({
  id: `id-${n}`, type: 'Thing', schemaVersion, data,
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
  streamId: 'thing-1', revision: n, position: n + 1, recordedAt: '2026-01-01T00:00:00.000Z',
});

/** Thing v1 `{ n }` → v2 `{ count }`. */
const thingV1toV2: Upcaster = { type: 'Thing', fromVersion: 1, up: (data) => ({ count: (data as { n: number }).n }) };
const things = new EventContracts([
  defineEvent('Thing', 1, Type.Object({ n: Type.Integer() })),
  defineEvent('Thing', 2, Type.Object({ count: Type.Integer() })),
]);

class RecordingReactor extends BusReactor {
  readonly seen: { version: number; data: unknown; topic: string }[] = [];
  constructor(bus: InProcessBus, contracts?: EventContracts, group = 'recorder', topics = ['linchpin.a.events', 'linchpin.b.events']) {
    super(bus, group, topics, (event) => new UpcasterChain([thingV1toV2]).upcast(event), contracts);
  }
  protected async react(event: PublishedEvent, context: MessageContext): Promise<void> {
    this.seen.push({ version: event.schemaVersion, data: event.data, topic: context.topic });
  }
}

describe('BusReactor', () => {
  it('reacts to upcast events of its topics from onModuleInit until onApplicationShutdown', async () => {
    const bus = new InProcessBus();
    const reactor = new RecordingReactor(bus, things);

    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(0) }]);
    expect(reactor.seen).toEqual([]);

    await reactor.onModuleInit();
    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(1) }]);
    await bus.publish('linchpin.b.events', [{ key: 'k', event: published(2, 2, { count: 2 }) }]);
    await bus.publish('linchpin.other.events', [{ key: 'k', event: published(3) }]);
    expect(reactor.seen).toEqual([
      { version: 2, data: { count: 1 }, topic: 'linchpin.a.events' },
      { version: 2, data: { count: 2 }, topic: 'linchpin.b.events' },
    ]);

    await reactor.onApplicationShutdown();
    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(4) }]);
    expect(reactor.seen).toHaveLength(2);
  });

  it('dead-letters at once, naming the field, an event whose upcast data breaks its schema, and never reacts to it', async () => {
    const bus = new InProcessBus();
    const reactor = new RecordingReactor(bus, things);
    await reactor.onModuleInit();
    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(1, 1, { n: 'one' }) }, { key: 'k', event: published(2, 9) }]);
    expect(reactor.seen).toEqual([]);
    expect(bus.deadLetters.map((l) => [l.group, l.attempts, l.reason])).toEqual([
      ['recorder', 1, expect.stringMatching(/^Thing v1 \(event id-1\) breaks its contract: \/data\/count: /)],
      ['recorder', 1, 'Thing v9 (event id-2) breaks its contract: /schemaVersion: Thing schemaVersion 9 is not in the catalogue (known: v1, v2)'],
    ]);
  });

  it('skips a type the catalogue does not hold, without a dead letter', async () => {
    const bus = new InProcessBus();
    const reactor = new RecordingReactor(bus, new EventContracts([]));
    await reactor.onModuleInit();
    await bus.publish('linchpin.a.events', [{ key: 'k', event: published(1) }]);
    expect(reactor.seen).toEqual([]);
    expect(bus.deadLetters).toEqual([]);
  });

  it('checks against the published catalogue by default: an IncidentDetected with empty data never reaches react', async () => {
    const bus = new InProcessBus();
    const reactor = new RecordingReactor(bus, undefined, 'triage', [topicOf('detection')]);
    await reactor.onModuleInit();
    const empty = { ...published(1, IncidentDetected.schemaVersion, {}), type: IncidentDetected.type, metadata: { ...published(1).metadata, incidentId: 'i-1' } };
    await bus.publish(topicOf('detection'), [{ key: 'i-1', event: empty }]);
    expect(reactor.seen).toEqual([]);
    expect(bus.deadLetters).toEqual([
      expect.objectContaining({ topic: 'linchpin.detection.events.dlq', group: 'triage', attempts: 1, reason: expect.stringContaining('/data/incidentId') }),
    ]);
  });
});

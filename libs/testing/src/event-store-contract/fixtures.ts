import { Decider, EventEnvelope, RecordedEvent, newId } from '@linchpin/eventsourcing';

export const envelope = (type = 'Thing', data: unknown = { n: 1 }): EventEnvelope => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    correlationId: newId(),
    causationId: newId(),
    actor: 'system:contract',
    occurredAt: '2026-01-01T00:00:00.000Z',
  },
});

export const envelopeOf = (e: RecordedEvent): EventEnvelope => ({
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Counted {
  count: number;
}
export const counter: Decider<{ by: string }, Counted> = {
  initialState: { count: 0 },
  evolve: (s) => ({ count: s.count + 1 }),
  decide: (c) => [envelope('Counted', { by: c.by })],
};

import { RecordedEvent } from '@linchpin/eventsourcing';
import { upcast } from '../../catalogue';
import { eventContracts } from '../../event-contracts';
import { AlertDeduplicated } from './index';

const alertId = '0b6f3c1e-8a2d-4c5e-9f10-1a2b3c4d5e6f';
const incidentId = '5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const signal = (n: number) => `9a8b7c6d-5e4f-4a3b-8c2d-1e0f2a3b4c${String(n).padStart(2, '0')}`;
const v1 = { alertId, fingerprint: 'f'.repeat(32), incidentId, occurrences: 4, receivedSummary: 'Checkout error rate above 5%' };
const envelope = (schemaVersion: number, data: object) => ({
  id: 'e-1',
  type: 'AlertDeduplicated',
  schemaVersion,
  data,
  metadata: { incidentId, correlationId: 'r-1', causationId: 'r-1', actor: 'sender', occurredAt: '2026-03-01T09:00:00.000Z' },
  streamId: `alert-${'f'.repeat(32)}`,
  revision: 3,
  position: 7,
  recordedAt: '2026-03-01T09:00:00.000Z',
});

describe('AlertDeduplicated v2', () => {
  it('is one batch of repeats: its count, times, the signal ids answered and a few raw samples', () => {
    const batch = {
      ...v1,
      occurrences: 7,
      count: 3,
      firstSeenAt: '2026-03-01T09:00:00.000Z',
      lastSeenAt: '2026-03-01T09:00:00.250Z',
      signalIds: [signal(1), signal(2), signal(3)],
      samples: [{ signalId: signal(1), raw: '{"source":"bench"}', rawTruncated: false }],
    };
    expect(eventContracts.check(envelope(2, batch))).toEqual({ kind: 'valid' });
    expect(AlertDeduplicated.validate({ ...batch, count: 0 })[0]).toMatch(/^\/count/);
    expect(AlertDeduplicated.validate({ ...batch, signalIds: ['not-a-uuid'] })[0]).toMatch(/^\/signalIds/);
  });

  it('raises a v1 repeat as a batch of one whose signal is explained by its own SignalReceived', () => {
    expect(eventContracts.check(envelope(1, v1))).toEqual({ kind: 'valid' });
    const raised = upcast(envelope(1, v1) as unknown as RecordedEvent);
    expect(raised.schemaVersion).toBe(2);
    expect(raised.data).toEqual({ ...v1, count: 1, signalIds: [] });
    expect(AlertDeduplicated.validate(raised.data)).toEqual([]);
  });
});

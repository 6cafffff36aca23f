import { RecordedEvent } from './event';
import { deterministicId } from './ids';
import { UpcasterChain } from './upcasting';

describe('UpcasterChain', () => {
  it('raises an old event through every step to the newest version, and leaves others alone', () => {
    const chain = new UpcasterChain([
      { type: 'AlertFired', fromVersion: 1, up: (d) => ({ ...(d as object), labels: {} }) },
      { type: 'AlertFired', fromVersion: 2, up: (d) => ({ ...(d as object), source: 'unknown' }) },
    ]);
    const v1 = { type: 'AlertFired', schemaVersion: 1, data: { summary: 's' } } as RecordedEvent;
    expect(chain.upcast(v1)).toMatchObject({ schemaVersion: 3, data: { summary: 's', labels: {}, source: 'unknown' } });
    const other = { type: 'Other', schemaVersion: 1, data: {} } as RecordedEvent;
    expect(chain.upcast(other)).toBe(other);
  });
});

describe('deterministicId', () => {
  it('is the same for the same cause and component, and differs otherwise', () => {
    const cause = '3f1c2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';
    expect(deterministicId(cause, 'triage.reactor')).toBe(deterministicId(cause, 'triage.reactor'));
    expect(deterministicId(cause, 'triage.reactor')).not.toBe(deterministicId(cause, 'coordination.reactor'));
    expect(deterministicId(cause, 'triage.reactor', 1)).not.toBe(deterministicId(cause, 'triage.reactor', 0));
  });
});

import { eventContracts } from './event-contracts';

const incidentId = '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';
const detected = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  id: 'e-1',
  type: 'IncidentDetected',
  schemaVersion: 1,
  data: {
    incidentId,
    title: 'Checkout errors',
    severity: 'critical',
    source: 'prometheus',
    labels: {},
    alertId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
    fingerprint: 'f',
    firstSignalAt: '2026-01-01T00:00:00.000Z',
    ...data,
  },
  metadata: { incidentId, correlationId: incidentId, causationId: 'c', actor: 'system:detection', occurredAt: '2026-01-01T00:00:00.000Z' },
  streamId: `detection-${incidentId}`,
  revision: 0,
  position: 1,
  recordedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('eventContracts: a received event against the catalogue', () => {
  it('accepts an event that matches its type and version', () => {
    expect(eventContracts.check(detected())).toEqual({ kind: 'valid' });
  });

  it('names each missing field of an empty data', () => {
    const verdict = eventContracts.check(detected({ data: {} }));
    expect(verdict.kind).toBe('invalid');
    expect(verdict.kind === 'invalid' && verdict.errors[0]).toMatch(/^\/data\/incidentId: /);
  });

  it('names a field of the wrong type', () => {
    expect(eventContracts.check(detected({}, { severity: 42 }))).toEqual({ kind: 'invalid', errors: [expect.stringMatching(/^\/data\/severity: /)] });
  });

  it('refuses a version the catalogue does not hold, naming the known ones', () => {
    expect(eventContracts.check(detected({ schemaVersion: 7 }))).toEqual({
      kind: 'invalid',
      errors: ['/schemaVersion: IncidentDetected schemaVersion 7 is not in the catalogue (known: v1)'],
    });
  });

  it('checks the envelope: metadata, times, and the incident an incident event names', () => {
    const noTime = detected({ metadata: { incidentId, correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: 'yesterday' } });
    expect(eventContracts.check(noTime)).toMatchObject({ kind: 'invalid', errors: [expect.stringMatching(/^\/metadata\/occurredAt: /)] });
    const noIncident = detected({ metadata: { correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: '2026-01-01T00:00:00Z' } });
    expect(eventContracts.check(noIncident)).toMatchObject({ kind: 'invalid', errors: [expect.stringMatching(/^\/metadata\/incidentId: required/)] });
    const otherIncident = detected({ metadata: { incidentId: 'x', correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: '2026-01-01T00:00:00Z' } });
    expect(eventContracts.check(otherIncident)).toMatchObject({ kind: 'invalid', errors: [expect.stringMatching(/differs from \/data\/incidentId/)] });
    expect(eventContracts.check(detected({ data: null }))).toMatchObject({ kind: 'invalid', errors: [expect.stringMatching(/^\/data: /)] });
  });

  it('leaves a type it does not know to consumers that know it (forward compatible)', () => {
    expect(eventContracts.check(detected({ type: 'IncidentPostmortemPublished', data: {} }))).toEqual({ kind: 'unknown-type' });
  });
});

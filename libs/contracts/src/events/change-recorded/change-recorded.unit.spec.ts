import { RecordedEvent } from '@linchpin/eventsourcing';
import { eventContracts } from '../../event-contracts';
import { upcast } from '../../catalogue';
import { CHANGE_CUSTOM_DETAILS_MAX_LENGTH, CHANGE_MAX_LINKS, CHANGE_SUMMARY_MAX_LENGTH, ChangeRecorded, ChangeRecordedV1 } from './index';

const changeId = '3c1a9e7e-2f7b-4c55-9d1e-0a4b6c8d2e10';
const data = (over: Record<string, unknown> = {}) => ({
  changeId,
  integrationId: '7d2b1c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  service: 'checkout',
  summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
  timestamp: '2020-07-17T08:42:58.315Z',
  receivedAt: '2026-03-01T09:00:00.000Z',
  source: 'acme-build-pipeline-tool-default-i-9999',
  customDetails: '{"build_state":"passed"}',
  customDetailsTruncated: false,
  links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
  ...over,
});
const received = (over: Record<string, unknown> = {}) => ({
  id: 'e-1',
  type: 'ChangeRecorded',
  schemaVersion: 1,
  data: data(over),
  // A change belongs to no incident: its metadata names none.
  metadata: { correlationId: 'r-1', causationId: 'r-1', actor: 'integration:7d2b1c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', occurredAt: '2026-03-01T09:00:00.000Z' },
  streamId: `change-${changeId}`,
  revision: 0,
  position: 1,
  recordedAt: '2026-03-01T09:00:00.000Z',
});

describe('ChangeRecorded v1', () => {
  it('is a detection event consumers take without an incident in its metadata', () => {
    expect(eventContracts.check(received())).toEqual({ kind: 'valid' });
    expect(eventContracts.check(received({ timestamp: null, source: null, customDetails: null, links: [] }))).toEqual({ kind: 'valid' });
  });

  it('holds its bounds: summary, custom details, number of links', () => {
    expect(ChangeRecordedV1.validate(data({ summary: 'x'.repeat(CHANGE_SUMMARY_MAX_LENGTH + 1) }))[0]).toMatch(/^\/summary: /);
    expect(ChangeRecordedV1.validate(data({ customDetails: 'x'.repeat(CHANGE_CUSTOM_DETAILS_MAX_LENGTH + 1) }))[0]).toMatch(/^\/customDetails/);
    const links = Array.from({ length: CHANGE_MAX_LINKS + 1 }, (_, i) => ({ href: `https://ci.example.com/${i}` }));
    expect(ChangeRecordedV1.validate(data({ links }))[0]).toMatch(/^\/links: /);
    expect(ChangeRecordedV1.validate(data({ summary: '' }))[0]).toMatch(/^\/summary: /);
  });
});

describe('ChangeRecorded v2', () => {
  it('names several services and may come from no integration; a v1 change is raised with its one service', () => {
    const v2 = { ...received(), schemaVersion: 2, data: { ...data(), service: undefined, services: ['checkout', 'payments'], integrationId: null } };
    delete (v2.data as Record<string, unknown>).service;
    expect(eventContracts.check(v2)).toEqual({ kind: 'valid' });
    const raised = upcast(received() as unknown as RecordedEvent);
    expect(raised.schemaVersion).toBe(2);
    expect(raised.data).toEqual({ ...(({ service: _s, ...rest }) => rest)(data()), services: ['checkout'] });
    expect(ChangeRecorded.validate(raised.data)).toEqual([]);
    expect(ChangeRecorded.validate({ ...(raised.data as object), services: [] })[0]).toMatch(/^\/services/);
  });
});

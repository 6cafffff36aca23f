import { CHANGE_CUSTOM_DETAILS_MAX_LENGTH, ChangeRecorded } from '@linchpin/contracts';
import { given } from '@linchpin/eventsourcing';
import { boundedCustomDetails, ChangeCommand, changeDecider } from './change.decider';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const CHANGE_ID = uuid(0xc1);
const INTEGRATION_ID = uuid(0x1a);
const context = { actor: `integration:${INTEGRATION_ID}`, causationId: 'request-1', occurredAt: '2026-03-01T09:00:00.000Z' };

const record = (over: Partial<ChangeCommand> = {}): ChangeCommand => ({
  type: 'RecordChange',
  eventId: uuid(0x100),
  changeId: CHANGE_ID,
  integrationId: INTEGRATION_ID,
  services: ['checkout'],
  summary: 'Deploy checkout v2.4.1',
  timestamp: '2026-03-01T08:59:30.123Z',
  source: 'Ansible',
  customDetails: { revision: 'a1b2c3d', environment: 'production' },
  links: [{ href: 'https://ci.example.com/deploys/481', text: 'Deploy log' }],
  context,
  ...over,
});

describe('change decider', () => {
  it('records a change as a fact of its service, with when it was received and no incident', () => {
    given(changeDecider)
      .when(record())
      .then((events) => {
        expect(events).toHaveLength(1);
        const [event] = events;
        expect(event).toMatchObject({ id: uuid(0x100), type: 'ChangeRecorded', schemaVersion: 2 });
        expect(event.data).toEqual({
          changeId: CHANGE_ID,
          integrationId: INTEGRATION_ID,
          services: ['checkout'],
          summary: 'Deploy checkout v2.4.1',
          timestamp: '2026-03-01T08:59:30.123Z',
          receivedAt: '2026-03-01T09:00:00.000Z',
          source: 'Ansible',
          customDetails: '{"revision":"a1b2c3d","environment":"production"}',
          customDetailsTruncated: false,
          links: [{ href: 'https://ci.example.com/deploys/481', text: 'Deploy log' }],
        });
        expect(event.metadata.incidentId).toBeUndefined();
        expect(event.metadata).toMatchObject({ actor: `integration:${INTEGRATION_ID}`, causationId: 'request-1', correlationId: 'request-1' });
        expect(ChangeRecorded.validate(event.data)).toEqual([]);
      });
  });

  it('records a change reported by a sender without an integration, naming each service once', () => {
    const [event] = given(changeDecider).when(record({ integrationId: null, services: ['checkout', 'payments', 'checkout'] })).then(() => undefined);
    expect(event.data).toMatchObject({ integrationId: null, services: ['checkout', 'payments'] });
    expect(ChangeRecorded.validate(event.data)).toEqual([]);
  });

  it('records what the sender left out as null', () => {
    const [event] = given(changeDecider).when(record({ timestamp: undefined, source: undefined, customDetails: undefined, links: [] })).then(() => undefined);
    expect(event.data).toMatchObject({ timestamp: null, source: null, customDetails: null, customDetailsTruncated: false, links: [] });
  });

  it('given the change is recorded, when the same change is recorded again (a retry with its Idempotency-Key), then nothing new', () => {
    const history = given(changeDecider).when(record()).then(() => undefined);
    given(changeDecider, history).when(record({ eventId: uuid(0x101) })).then([]);
  });
});

describe('boundedCustomDetails', () => {
  it('keeps the JSON text whole up to the bound', () => {
    expect(boundedCustomDetails(undefined)).toEqual({ text: null, truncated: false });
    expect(boundedCustomDetails({ a: 1 })).toEqual({ text: '{"a":1}', truncated: false });
    const atBound = 'x'.repeat(CHANGE_CUSTOM_DETAILS_MAX_LENGTH - 2);
    expect(boundedCustomDetails(atBound)).toEqual({ text: JSON.stringify(atBound), truncated: false });
  });

  it('cuts it at the bound beyond, and says so', () => {
    const bounded = boundedCustomDetails({ log: 'x'.repeat(CHANGE_CUSTOM_DETAILS_MAX_LENGTH) });
    expect(bounded.truncated).toBe(true);
    expect(bounded.text).toHaveLength(CHANGE_CUSTOM_DETAILS_MAX_LENGTH);
    expect(bounded.text?.startsWith('{"log":"xxx')).toBe(true);
  });

  it('never cuts a character in half (a surrogate pair at the bound is left out whole)', () => {
    // '{"e":"' is 6 characters: the emoji's two halves straddle the bound.
    const padding = 'x'.repeat(CHANGE_CUSTOM_DETAILS_MAX_LENGTH - 7);
    const bounded = boundedCustomDetails({ e: `${padding}😀 and more` });
    expect(bounded.truncated).toBe(true);
    expect(bounded.text).toHaveLength(CHANGE_CUSTOM_DETAILS_MAX_LENGTH - 1);
    expect(bounded.text?.endsWith('x')).toBe(true);
  });
});

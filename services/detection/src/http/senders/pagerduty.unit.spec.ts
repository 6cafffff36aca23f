import { pagerDutyAcknowledgeExample, pagerDutyResolveExample, pagerDutyTriggerExample } from '../../../test/fixtures/documented-examples';
import { PagerDutyParseResult, pagerDutyResponse, parsePagerDutyEvent } from './pagerduty';

const triggerExample = () => pagerDutyTriggerExample();
const acknowledgeExample = pagerDutyAcknowledgeExample();
const resolveExample = pagerDutyResolveExample();

const eventOf = (result: PagerDutyParseResult) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.event;
};
const reasonsOf = (body: unknown) => {
  const result = parsePagerDutyEvent(body);
  if (result.ok) throw new Error('accepted');
  return result.errors.map((error) => error.reason);
};

describe('parsePagerDutyEvent', () => {
  it("reads PagerDuty's trigger example into one firing signal", () => {
    const { routingKey, action, dedupKey, signal } = eventOf(parsePagerDutyEvent(triggerExample()));
    expect({ routingKey, action, dedupKey }).toEqual({ routingKey: 'samplekeyhere', action: 'trigger', dedupKey: 'samplekeyhere' });
    const { routing_key: _key, ...rawWithoutKey } = triggerExample();
    expect(signal).toEqual({
      senderKey: 'samplekeyhere',
      status: 'firing',
      summary: 'Example alert on host1.example.com',
      severity: 'info',
      source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
      labels: { component: 'postgres', group: 'prod-datapipe', class: 'deploy' },
      annotations: { client: 'Sample Monitoring Service' },
      startsAt: '2015-07-17T08:42:58.315Z',
      links: [
        { href: 'https://example.com/', text: 'Link text' },
        { href: 'https://monitoring.example.com', text: 'Sample Monitoring Service' },
      ],
      images: [
        {
          src: 'https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png',
          href: 'https://example.com/',
          alt: 'Example text',
        },
      ],
      details: { 'ping time': '1500ms', 'load avg': 0.75 },
      raw: rawWithoutKey,
    });
  });

  it('never keeps the routing key, the integration secret, in raw', () => {
    expect(JSON.stringify(eventOf(parsePagerDutyEvent(triggerExample())).signal.raw)).not.toContain('routing_key');
  });

  it('leaves the dedup_key of a trigger without one to the caller', () => {
    const { dedup_key: _dedup, ...body } = triggerExample();
    const event = eventOf(parsePagerDutyEvent(body));
    expect(event.dedupKey).toBeUndefined();
    expect(event.signal.senderKey).toBeUndefined();
    expect(eventOf(parsePagerDutyEvent({ ...body, dedup_key: '' })).dedupKey).toBeUndefined();
  });

  it("reads PagerDuty's acknowledge and resolve examples as signals for that dedup_key", () => {
    const acknowledge = eventOf(parsePagerDutyEvent(acknowledgeExample));
    const resolve = eventOf(parsePagerDutyEvent(resolveExample));
    expect(acknowledge).toMatchObject({ action: 'acknowledge', routingKey: 'routingkeyhere', dedupKey: 'dedupkeyhere' });
    expect(acknowledge.signal).toMatchObject({ senderKey: 'dedupkeyhere', status: 'acknowledged' });
    expect(resolve).toMatchObject({ action: 'resolve', dedupKey: 'dedupkeyhere' });
    expect(resolve.signal).toMatchObject({ senderKey: 'dedupkeyhere', status: 'resolved' });
  });

  it('accepts a routing key of any length: ours are not 32 characters', () => {
    expect(eventOf(parsePagerDutyEvent({ ...resolveExample, routing_key: 'lp_7' })).routingKey).toBe('lp_7');
  });

  it('reads a numeric dedup_key as its text, so a resolve with the same number matches', () => {
    expect(eventOf(parsePagerDutyEvent({ ...resolveExample, dedup_key: 123 })).dedupKey).toBe('123');
  });

  it('accepts unknown fields', () => {
    expect(parsePagerDutyEvent({ ...triggerExample(), payload: { ...triggerExample().payload, extra: 1 }, extra: true }).ok).toBe(true);
  });

  describe('refuses as PagerDuty does', () => {
    it('an empty body: routing key and action', () => {
      expect(reasonsOf({})).toEqual(["'routing_key' cannot be blank", "'event_action' is missing or blank"]);
      expect(reasonsOf('not an object')).toEqual(["'routing_key' cannot be blank", "'event_action' is missing or blank"]);
    });

    it('a blank routing key', () => {
      expect(reasonsOf({ ...resolveExample, routing_key: '  ' })).toEqual(["'routing_key' cannot be blank"]);
    });

    it('an unknown action', () => {
      expect(reasonsOf({ ...triggerExample(), event_action: 'page' })).toEqual([
        "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')",
      ]);
    });

    it('a trigger without summary, source and severity', () => {
      expect(reasonsOf({ ...triggerExample(), payload: {} })).toEqual([
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' is missing or blank",
      ]);
      expect(reasonsOf({ routing_key: 'k', event_action: 'trigger' })).toHaveLength(3);
    });

    it('a severity PagerDuty does not know', () => {
      expect(reasonsOf({ ...triggerExample(), payload: { ...triggerExample().payload, severity: 'high' } })).toEqual([
        "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')",
      ]);
    });

    it('a summary over 1024 characters (1024 is fine)', () => {
      const payload = triggerExample().payload;
      expect(parsePagerDutyEvent({ ...triggerExample(), payload: { ...payload, summary: 'x'.repeat(1024) } }).ok).toBe(true);
      expect(reasonsOf({ ...triggerExample(), payload: { ...payload, summary: 'x'.repeat(1025) } })).toEqual([
        "'payload.summary' is too long (must be at most 1024 characters)",
      ]);
    });

    it('a dedup_key over 255 characters', () => {
      expect(reasonsOf({ ...resolveExample, dedup_key: 'k'.repeat(256) })).toEqual(["'dedup_key' is too long (must be at most 255 characters)"]);
    });

    it('an acknowledge or a resolve without dedup_key', () => {
      expect(reasonsOf({ routing_key: 'k', event_action: 'acknowledge' })).toEqual(["'dedup_key' is missing or blank"]);
      expect(reasonsOf({ routing_key: 'k', event_action: 'resolve', dedup_key: '' })).toEqual(["'dedup_key' is missing or blank"]);
    });

    it('a timestamp that is not ISO 8601', () => {
      expect(reasonsOf({ ...triggerExample(), payload: { ...triggerExample().payload, timestamp: 'last tuesday' } })).toEqual([
        "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)",
      ]);
    });

    it('with the failing field named for problem+json', () => {
      const result = parsePagerDutyEvent({ routing_key: 'k', event_action: 'resolve' });
      expect(result).toEqual({ ok: false, errors: [{ field: 'dedup_key', reason: "'dedup_key' is missing or blank" }] });
    });
  });
});

describe('pagerDutyResponse', () => {
  it("words an accepted event as PagerDuty's 202 answer", () => {
    expect(pagerDutyResponse.accepted('samplekeyhere')).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'samplekeyhere' });
  });

  it("words a refused event as PagerDuty's 400 answer", () => {
    const result = parsePagerDutyEvent({});
    if (result.ok) throw new Error('accepted');
    expect(pagerDutyResponse.invalid(result.errors)).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ["'routing_key' cannot be blank", "'event_action' is missing or blank"],
    });
  });
});

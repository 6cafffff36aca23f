import { ansibleChangeExample, pagerDutyChangeExample } from '../../../test/fixtures/documented-examples';
import { PagerDutyChangeParseResult, pagerDutyChangeResponse, parsePagerDutyChangeEvent } from './pagerduty-change';

const changeOf = (result: PagerDutyChangeParseResult) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.change;
};
const refusalsOf = (body: unknown) => {
  const result = parsePagerDutyChangeEvent(body);
  if (result.ok) throw new Error('accepted');
  return result.errors;
};
const reasonsOf = (body: unknown) => refusalsOf(body).map((error) => error.reason);

const example = () => pagerDutyChangeExample();
const withPayload = (payload: Record<string, unknown>) => ({ ...example(), payload: { ...example().payload, ...payload } });
const withoutPayloadField = (field: string) => {
  const body = example();
  delete (body.payload as Record<string, unknown>)[field];
  return body;
};

describe('parsePagerDutyChangeEvent', () => {
  it("reads PagerDuty's change example: summary, the sender's time in UTC, source, custom details, links", () => {
    expect(changeOf(parsePagerDutyChangeEvent(example()))).toEqual({
      routingKey: 'samplekeyhere',
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      timestamp: '2020-07-17T08:42:58.315Z',
      source: 'acme-build-pipeline-tool-default-i-9999',
      customDetails: { build_state: 'passed', build_number: '2', run_time: '1236s' },
      links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
    });
  });

  it("reads what Ansible's pagerduty_change sends (a timestamp with microseconds)", () => {
    expect(changeOf(parsePagerDutyChangeEvent(ansibleChangeExample('k')))).toMatchObject({
      routingKey: 'k',
      summary: 'Deploy checkout v2.4.1',
      source: 'Ansible',
      timestamp: '2026-03-01T08:59:30.123Z',
      links: [{ href: 'https://ci.example.com/deploys/481', text: 'Deploy log' }],
    });
  });

  it('needs only the routing key and a summary; the rest absent, null or empty is left out', () => {
    expect(changeOf(parsePagerDutyChangeEvent({ routing_key: 'k', payload: { summary: 'Flag checkout.v2 on' } }))).toEqual({
      routingKey: 'k',
      summary: 'Flag checkout.v2 on',
      links: [],
    });
    const nulls = { routing_key: 'k', payload: { summary: 's', source: null, timestamp: null, custom_details: null }, links: null };
    expect(changeOf(parsePagerDutyChangeEvent(nulls))).toEqual({ routingKey: 'k', summary: 's', links: [] });
    expect(changeOf(parsePagerDutyChangeEvent({ routing_key: 'k', payload: { summary: 's', source: '' } })).source).toBeUndefined();
  });

  it('keeps a link without text, and custom details of any JSON shape', () => {
    const change = changeOf(parsePagerDutyChangeEvent({ ...withPayload({ custom_details: ['a', 1] }), links: [{ href: 'https://ci.example.com/1' }] }));
    expect(change.links).toEqual([{ href: 'https://ci.example.com/1' }]);
    expect(change.customDetails).toEqual(['a', 1]);
  });

  it('accepts a routing key of any length (ours are not 32 characters) and unknown fields', () => {
    expect(changeOf(parsePagerDutyChangeEvent({ ...example(), routing_key: 'lp_7', extra: true, payload: { ...example().payload, severity: 'info' } })).routingKey).toBe('lp_7');
  });

  it('never keeps the routing key, the integration secret, in what it read', () => {
    const { routingKey: _key, ...rest } = changeOf(parsePagerDutyChangeEvent(pagerDutyChangeExample('s3cr3t-key')));
    expect(JSON.stringify(rest)).not.toContain('s3cr3t-key');
  });

  describe("refuses as PagerDuty words it, naming each field (PagerDuty's 400 `errors`)", () => {
    it.each<[string, () => unknown, { field: string; reason: string }[]]>([
      ['an empty body', () => ({}), [
        { field: 'routing_key', reason: "'routing_key' cannot be blank" },
        { field: 'payload.summary', reason: "'payload.summary' is missing or blank" },
      ]],
      ['a body that is not an object', () => 'summary', [
        { field: 'routing_key', reason: "'routing_key' cannot be blank" },
        { field: 'payload.summary', reason: "'payload.summary' is missing or blank" },
      ]],
      ['a blank routing_key', () => ({ ...example(), routing_key: '  ' }), [{ field: 'routing_key', reason: "'routing_key' cannot be blank" }]],
      ['no payload', () => ({ routing_key: 'k' }), [{ field: 'payload.summary', reason: "'payload.summary' is missing or blank" }]],
      ['no summary', () => withoutPayloadField('summary'), [{ field: 'payload.summary', reason: "'payload.summary' is missing or blank" }]],
      ['a blank summary', () => withPayload({ summary: ' \n ' }), [{ field: 'payload.summary', reason: "'payload.summary' is missing or blank" }]],
      ['a summary over 1024 characters', () => withPayload({ summary: 'x'.repeat(1025) }), [
        { field: 'payload.summary', reason: "'payload.summary' is too long (must be at most 1024 characters)" },
      ]],
      ['an unreadable timestamp', () => withPayload({ timestamp: 'last tuesday' }), [
        { field: 'payload.timestamp', reason: "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)" },
      ]],
      // Date would roll these forward (to 2 March, to the next day): no such moment, so refused.
      ['a 30 February', () => withPayload({ timestamp: '2026-02-30T00:32:43Z' }), [
        { field: 'payload.timestamp', reason: "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)" },
      ]],
      ['hour 24', () => withPayload({ timestamp: '2026-03-01T24:00:00.000+0000' }), [
        { field: 'payload.timestamp', reason: "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)" },
      ]],
      ['a timestamp that is not text', () => withPayload({ timestamp: 1595000000 }), [
        { field: 'payload.timestamp', reason: "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)" },
      ]],
      ['a source that is not text', () => withPayload({ source: 42 }), [{ field: 'payload.source', reason: "'payload.source' is invalid (must be a string)" }]],
      ['a source over 1024 characters', () => withPayload({ source: 's'.repeat(1025) }), [
        { field: 'payload.source', reason: "'payload.source' is too long (must be at most 1024 characters)" },
      ]],
      ['a source with a control character', () => withPayload({ source: 'ci\nforged line' }), [
        { field: 'payload.source', reason: "'payload.source' is invalid (must not contain control characters)" },
      ]],
      ['links that are not a list', () => ({ ...example(), links: { href: 'https://ci.example.com' } }), [
        { field: 'links', reason: "'links' is invalid (must be a list of objects with an href)" },
      ]],
      ['more than 50 links', () => ({ ...example(), links: Array.from({ length: 51 }, (_, i) => ({ href: `https://ci.example.com/${i}` })) }), [
        { field: 'links', reason: "'links' is too long (must be at most 50 links)" },
      ]],
      ['a link that is not an object', () => ({ ...example(), links: ['https://ci.example.com'] }), [
        { field: 'links[0].href', reason: "'links[0].href' is missing or blank" },
      ]],
      ['a link without href', () => ({ ...example(), links: [{ href: 'https://ci.example.com' }, { text: 'Build' }] }), [
        { field: 'links[1].href', reason: "'links[1].href' is missing or blank" },
      ]],
      ['an href over 2048 characters', () => ({ ...example(), links: [{ href: `https://ci.example.com/${'a'.repeat(2048)}` }] }), [
        { field: 'links[0].href', reason: "'links[0].href' is too long (must be at most 2048 characters)" },
      ]],
      ['a link text that is not text', () => ({ ...example(), links: [{ href: 'https://ci.example.com', text: 7 }] }), [
        { field: 'links[0].text', reason: "'links[0].text' is invalid (must be a string)" },
      ]],
      ['a link text over 1024 characters', () => ({ ...example(), links: [{ href: 'https://ci.example.com', text: 't'.repeat(1025) }] }), [
        { field: 'links[0].text', reason: "'links[0].text' is too long (must be at most 1024 characters)" },
      ]],
    ])('%s', (_case, body, errors) => {
      expect(refusalsOf(body())).toEqual(errors);
    });

    it('names every failing field at once, so one answer says all that is wrong', () => {
      expect(reasonsOf({ routing_key: '', payload: { timestamp: 'soon' }, links: [{}] })).toEqual([
        "'routing_key' cannot be blank",
        "'payload.summary' is missing or blank",
        "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)",
        "'links[0].href' is missing or blank",
      ]);
    });
  });
});

describe("PagerDuty's answer to a change", () => {
  it('is the one PagerDuty gives: success, "Change event processed", no dedup_key', () => {
    expect(pagerDutyChangeResponse.accepted()).toEqual({ status: 'success', message: 'Change event processed' });
  });
});

import type { PublishedEvent } from '@linchpin/eventsourcing';
import { CE_SPECVERSION, decodeEvent, encodeEvent, headersAsText, readAttributes, traceHeadersOf } from './cloudevents-codec';

const event = (overrides: Partial<PublishedEvent['metadata']> = {}): PublishedEvent => ({
  id: '6f1c3c1e-4a8b-4f5e-9d7a-0d7c1b9f2a11',
  type: 'IncidentDetected',
  schemaVersion: 1,
  data: { title: 'db down', severity: 'critical' },
  metadata: {
    incidentId: 'inc-1',
    correlationId: 'inc-1',
    causationId: 'req-1',
    actor: 'system:detection',
    occurredAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  },
  streamId: 'detection-inc-1',
  revision: 0,
  position: 7,
  recordedAt: '2026-01-02T03:04:05.123Z',
});

describe('CloudEvents binary-mode codec', () => {
  it('puts the context attributes in ce_* headers and the event JSON in the value', () => {
    const { value, headers } = encodeEvent(event(), '/linchpin/detection');
    expect(headers).toEqual({
      ce_id: '6f1c3c1e-4a8b-4f5e-9d7a-0d7c1b9f2a11',
      ce_type: 'IncidentDetected',
      ce_source: '/linchpin/detection',
      ce_time: '2026-01-02T03:04:05.000Z',
      ce_subject: 'detection-inc-1',
      ce_specversion: '1.0',
      'content-type': 'application/json',
    });
    expect(JSON.parse(value)).toEqual(event());
  });

  it('carries the W3C traceparent when the event has one', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { headers } = encodeEvent(event({ traceparent }), '/linchpin/triage');
    expect(headers.traceparent).toBe(traceparent);
  });

  it("carries the message's own trace context (the publish span's) in the headers, the event's metadata unchanged in the value", () => {
    const stored = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const publish = '00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01';
    const { headers, value } = encodeEvent(event({ traceparent: stored, tracestate: 'old=1' }), '/linchpin/triage', { traceparent: publish, tracestate: 'vendor=2' });
    expect(headers).toMatchObject({ traceparent: publish, tracestate: 'vendor=2' });
    expect(JSON.parse(value).metadata).toMatchObject({ traceparent: stored, tracestate: 'old=1' });
    const raw = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(traceHeadersOf(raw)).toEqual({ traceparent: publish, tracestate: 'vendor=2' });
  });

  it('writes no trace header for an event without a trace context, and reads none back', () => {
    const { headers } = encodeEvent(event(), '/linchpin/triage');
    expect(Object.keys(headers)).not.toContain('traceparent');
    expect(Object.keys(headers)).not.toContain('tracestate');
    expect(traceHeadersOf(headers)).toEqual({});
  });

  it('decodes what it encoded, from Buffers as Kafka hands them back', () => {
    const { value, headers } = encodeEvent(event(), '/linchpin/detection');
    const raw = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeEvent(Buffer.from(value), raw)).toEqual(event());
    expect(readAttributes(raw)).toEqual({
      id: event().id,
      type: 'IncidentDetected',
      source: '/linchpin/detection',
      time: '2026-01-02T03:04:05.000Z',
      subject: 'detection-inc-1',
      specversion: CE_SPECVERSION,
      datacontenttype: 'application/json',
    });
  });

  it('rejects a value that is not JSON, not an event, or empty', () => {
    expect(() => decodeEvent(Buffer.from('{not json'))).toThrow(/not JSON/);
    expect(() => decodeEvent(Buffer.from('{"hello":1}'))).toThrow(/not a recorded event/);
    expect(() => decodeEvent(null)).toThrow(/empty value/);
  });

  it('rejects a record whose ce_id disagrees with its body or whose specversion is unknown', () => {
    const { value, headers } = encodeEvent(event(), '/x');
    expect(() => decodeEvent(value, { ...headers, ce_id: 'other' })).toThrow(/does not match/);
    expect(() => decodeEvent(value, { ...headers, ce_specversion: '0.3' })).toThrow(/specversion 0.3/);
    expect(() => decodeEvent(value, { ...headers, 'content-type': 'application/avro' })).toThrow(/content-type/);
  });

  it('decodes a record whose body is the fact even when ce_time is not a time or content-type is missing', () => {
    const { value, headers } = encodeEvent(event(), '/x');
    expect(decodeEvent(value, { ...headers, ce_time: 'yesterday' })).toEqual(event());
    const { 'content-type': _contentType, ...withoutContentType } = headers;
    expect(decodeEvent(Buffer.from(value), withoutContentType)).toEqual(event());
  });

  it('rejects a CloudEvent record whose value is not JSON', () => {
    const { headers } = encodeEvent(event(), '/x');
    expect(() => decodeEvent(Buffer.from('{not json'), headers)).toThrow(/not JSON/);
  });

  it('reads every header as text, keeping the last value of a repeated header', () => {
    expect(headersAsText({ a: Buffer.from('1'), b: [Buffer.from('x'), 'y'], c: undefined })).toEqual({ a: '1', b: 'y' });
  });
});

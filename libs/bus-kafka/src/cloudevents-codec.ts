import { CloudEvent, Kafka } from 'cloudevents';
import type { PublishedEvent, TraceContext } from '@linchpin/eventsourcing';

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode, through the `cloudevents` SDK: the
 * event JSON is the record value and the context attributes travel as `ce_*` headers, so a
 * consumer can route or filter without parsing the body. Linchpin's record is a subset of what the
 * SDK writes, in a fixed order (pinned byte for byte by cloudevents-golden.unit.spec.ts, since
 * other systems read it); README "Wire format" says what is kept from the SDK and why.
 */
export const CE_SPECVERSION = '1.0';
export const CONTENT_TYPE_JSON = 'application/json';

export const CE_HEADERS = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  specversion: 'ce_specversion',
} as const;
export const CONTENT_TYPE_HEADER = 'content-type';
/** W3C trace context travels as its own header, as the CloudEvents distributed-tracing extension says. */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/**
 * The headers Linchpin puts on a record, in wire order. The SDK also writes `ce_datacontenttype`
 * (a copy of `content-type`) and the unset optional attributes; the wire never had them.
 */
const WIRE_HEADERS = [...Object.values(CE_HEADERS), CONTENT_TYPE_HEADER];

export interface EncodedRecord {
  value: string;
  headers: Record<string, string>;
}

export interface CloudEventAttributes {
  id: string;
  type: string;
  source: string;
  time: string;
  subject: string;
  specversion: string;
  datacontenttype: string;
  traceparent?: string;
}

/** Kafka header values as any client hands them back. */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export class UndecodableMessageError extends Error {
  constructor(reason: string) {
    super(`undecodable message: ${reason}`);
    this.name = 'UndecodableMessageError';
  }
}

/**
 * `trace` is the message's own trace context (the publish span's, given by the relay); without one the
 * event's metadata says what `traceparent` carries, as before.
 */
export function encodeEvent(event: PublishedEvent, source: string, trace: TraceContext = {}): EncodedRecord {
  const cloudEvent = new CloudEvent<string>({
    id: event.id,
    type: event.type,
    source,
    // When Linchpin decided the fact; the store's recordedAt is the fallback for old events.
    time: event.metadata?.occurredAt ?? event.recordedAt,
    subject: event.streamId,
    specversion: CE_SPECVERSION,
    datacontenttype: CONTENT_TYPE_JSON,
    data: JSON.stringify(event),
  });
  // The SDK's `timestamp` (the event time as the record's timestamp) is left out: Kafka's
  // time-based retention would then delete a replayed old event at once.
  const { headers: sdkHeaders, value } = Kafka.binary(cloudEvent);
  const headers: Record<string, string> = {};
  for (const name of WIRE_HEADERS) headers[name] = String(sdkHeaders[name]);
  const traceparent = trace.traceparent ?? event.metadata?.traceparent;
  if (traceparent) headers[TRACEPARENT_HEADER] = traceparent;
  const tracestate = trace.traceparent ? trace.tracestate : event.metadata?.tracestate;
  if (tracestate) headers[TRACESTATE_HEADER] = tracestate;
  return { value: value as string, headers };
}

export function headerText(headers: RawHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** The record's own trace context, from its W3C headers. */
export function traceHeadersOf(headers: RawHeaders | undefined): TraceContext {
  const traceparent = headerText(headers, TRACEPARENT_HEADER);
  const tracestate = headerText(headers, TRACESTATE_HEADER);
  return { ...(traceparent ? { traceparent } : {}), ...(traceparent && tracestate ? { tracestate } : {}) };
}

/** Every header as text, so a dead letter can carry the original ones unchanged. */
export function headersAsText(headers: RawHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerText(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function readAttributes(headers: RawHeaders | undefined): Partial<CloudEventAttributes> {
  const attributes: Partial<CloudEventAttributes> = {
    id: headerText(headers, CE_HEADERS.id),
    type: headerText(headers, CE_HEADERS.type),
    source: headerText(headers, CE_HEADERS.source),
    time: headerText(headers, CE_HEADERS.time),
    subject: headerText(headers, CE_HEADERS.subject),
    specversion: headerText(headers, CE_HEADERS.specversion),
    datacontenttype: headerText(headers, CONTENT_TYPE_HEADER),
    traceparent: headerText(headers, TRACEPARENT_HEADER),
  };
  for (const key of Object.keys(attributes) as (keyof CloudEventAttributes)[]) {
    if (attributes[key] === undefined) delete attributes[key];
  }
  return attributes;
}

/**
 * The stored event back from a record. A record whose headers disagree with its body, or whose
 * body is not an event, is a poison message: it throws, and the bus dead-letters it.
 */
export function decodeEvent(value: Buffer | string | null | undefined, headers?: RawHeaders): PublishedEvent {
  if (value === null || value === undefined) throw new UndecodableMessageError('empty value');
  const text = headersAsText(headers);
  const specversion = text[CE_HEADERS.specversion];
  if (specversion !== undefined && specversion !== CE_SPECVERSION) {
    throw new UndecodableMessageError(`unsupported CloudEvents specversion ${specversion}`);
  }
  const contentType = text[CONTENT_TYPE_HEADER];
  if (contentType !== undefined && !contentType.startsWith(CONTENT_TYPE_JSON)) {
    throw new UndecodableMessageError(`unsupported content-type ${contentType}`);
  }
  const parsed = dataOf(value, text);
  if (!isPublishedEvent(parsed)) throw new UndecodableMessageError('value is not a recorded event');
  const id = text[CE_HEADERS.id];
  if (id !== undefined && id !== parsed.id) {
    throw new UndecodableMessageError(`ce_id ${id} does not match the event id ${parsed.id}`);
  }
  return parsed;
}

/** The record's JSON body, through the SDK when the record is a CloudEvent. */
function dataOf(value: Buffer | string, headers: Record<string, string>): unknown {
  // The body is the fact, ce_time only a copy of its occurredAt: the SDK would throw on a time it
  // cannot parse and so dead-letter a good event, which the hand-written codec never did.
  const { [CE_HEADERS.time]: _time, ...rest } = headers;
  const message = { key: '', value, body: value, headers: { [CONTENT_TYPE_HEADER]: CONTENT_TYPE_JSON, ...rest } };
  try {
    // A record without CloudEvents headers (no ce_id) is read as a plain JSON event, as before.
    if (!Kafka.isEvent(message)) return JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
    return (Kafka.toEvent(message) as CloudEvent<unknown>).data;
  } catch (error) {
    throw new UndecodableMessageError(`value is not JSON (${(error as Error).message})`);
  }
}

function isPublishedEvent(value: unknown): value is PublishedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    typeof e.streamId === 'string' &&
    typeof e.metadata === 'object' &&
    e.metadata !== null
  );
}

import type { PublishedEvent } from '@linchpin/eventsourcing';

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the event JSON is the record
 * value and the context attributes travel as `ce_*` headers, so a consumer can route or filter
 * without parsing the body. See https://github.com/cloudevents/spec (kafka-protocol-binding.md).
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

export function encodeEvent(event: PublishedEvent, source: string): EncodedRecord {
  const headers: Record<string, string> = {
    [CE_HEADERS.id]: event.id,
    [CE_HEADERS.type]: event.type,
    [CE_HEADERS.source]: source,
    // When Linchpin decided the fact; the store's recordedAt is the fallback for old events.
    [CE_HEADERS.time]: event.metadata?.occurredAt ?? event.recordedAt,
    [CE_HEADERS.subject]: event.streamId,
    [CE_HEADERS.specversion]: CE_SPECVERSION,
    [CONTENT_TYPE_HEADER]: CONTENT_TYPE_JSON,
  };
  if (event.metadata?.traceparent) headers[TRACEPARENT_HEADER] = event.metadata.traceparent;
  return { value: JSON.stringify(event), headers };
}

export function headerText(headers: RawHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
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
  const specversion = headerText(headers, CE_HEADERS.specversion);
  if (specversion !== undefined && specversion !== CE_SPECVERSION) {
    throw new UndecodableMessageError(`unsupported CloudEvents specversion ${specversion}`);
  }
  const contentType = headerText(headers, CONTENT_TYPE_HEADER);
  if (contentType !== undefined && !contentType.startsWith(CONTENT_TYPE_JSON)) {
    throw new UndecodableMessageError(`unsupported content-type ${contentType}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new UndecodableMessageError(`value is not JSON (${(error as Error).message})`);
  }
  if (!isPublishedEvent(parsed)) throw new UndecodableMessageError('value is not a recorded event');
  const id = headerText(headers, CE_HEADERS.id);
  if (id !== undefined && id !== parsed.id) {
    throw new UndecodableMessageError(`ce_id ${id} does not match the event id ${parsed.id}`);
  }
  return parsed;
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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishedEvent } from '@linchpin/eventsourcing';

/**
 * The record Linchpin puts on Kafka for one fixed event, written out by hand from the wire format
 * (README "Wire format"), not produced by the codec: other systems read these bytes.
 */
export interface GoldenRecord {
  source: string;
  key: string;
  event: PublishedEvent;
  record: { key: string; value: string; valueBase64: string; headers: [string, string][] };
}

export const goldenRecord = (): GoldenRecord =>
  JSON.parse(readFileSync(join(__dirname, 'golden', 'incident-detected.record.json'), 'utf8')) as GoldenRecord;

/** Bytes of a key, value or header value, whether a client hands back a Buffer or a string. */
export const bytes = (value: Buffer | string | null | undefined): Buffer | undefined =>
  value === null || value === undefined ? undefined : Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');

/** Headers in wire order, each value as bytes. */
export const headerBytes = (headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>): [string, Buffer | undefined][] =>
  Object.entries(headers).map(([name, value]) => [name, bytes(Array.isArray(value) ? value[value.length - 1] : value)]);

export const expectedHeaderBytes = (golden: GoldenRecord): [string, Buffer][] =>
  golden.record.headers.map(([name, value]) => [name, Buffer.from(value, 'utf8')]);

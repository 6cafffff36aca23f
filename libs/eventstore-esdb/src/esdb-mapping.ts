import {
  ANY,
  AppendExpectedRevision,
  CurrentRevision,
  EventData,
  JSONType,
  NO_STREAM,
  Position as EsdbPosition,
  RecordedEvent as EsdbRecordedEvent,
  START,
  ReadPosition,
  jsonEvent,
} from '@eventstore/db-client';
import { EventEnvelope, EventMetadata, ExpectedRevision, LogFilter, Position, RecordedEvent } from '@linchpin/eventsourcing';

/**
 * Stream that holds one checkpoint (its metadata keeps only the last event). A domain stream is
 * `<category>-<id>` with a category matching `^[a-z][A-Za-z0-9]*$` (stream-name.ts), so it never
 * starts with `_`: no domain stream can take this name, and no service prefix can match it.
 */
export const CHECKPOINT_PREFIX = '__linchpin-checkpoint-';
/** Every stream Linchpin keeps for itself (checkpoints, leases) starts so: none is part of the log. */
export const RESERVED_PREFIX = '__linchpin-';
export const checkpointStream = (name: string) => `${CHECKPOINT_PREFIX}${name}`;

/**
 * Where checkpoints lived before (a category a domain stream could also use): read once on upgrade
 * when the new stream does not exist yet, never written.
 */
export const LEGACY_CHECKPOINT_PREFIX = 'checkpoint-';
export const legacyCheckpointStream = (name: string) => `${LEGACY_CHECKPOINT_PREFIX}${name}`;
export const CHECKPOINT_TYPE = 'CheckpointSaved';

/** Stream that holds one lease's takes, renewals and releases (esdb-leases.ts), reserved like the checkpoints'. */
export const LEASE_PREFIX = '__linchpin-lease-';
export const leaseStream = (name: string) => `${LEASE_PREFIX}${name}`;

/**
 * Keys added to the stored metadata: `$correlationId`/`$causationId` feed the server's
 * by-correlation projection; `schemaVersion` has no other place in an ESDB event.
 */
interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  $correlationId: string;
  $causationId: string;
}

export const toExpected = (expected: ExpectedRevision): AppendExpectedRevision =>
  expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : BigInt(expected);

export const fromCurrent = (current: CurrentRevision | AppendExpectedRevision): string =>
  typeof current === 'bigint' ? current.toString() : String(current);

export const toEventData = (event: EventEnvelope): EventData => {
  const metadata: StoredMetadata = {
    ...event.metadata,
    schemaVersion: event.schemaVersion,
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
  };
  return jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata });
};

/**
 * A Linchpin position is the commit position in the transaction log: ordered and unique, but
 * not contiguous (it counts bytes). Numbers stay exact up to 2^53 bytes of log.
 */
export const toPosition = (position: EsdbPosition | undefined): Position => Number(position?.commit ?? -1n);

/** Resume point for an exclusive `after`: current servers report commit == prepare per event. */
export const fromPosition = (after: Position | undefined): ReadPosition =>
  after === undefined ? START : { commit: BigInt(after), prepare: BigInt(after) };

export const toRecorded = (event: EsdbRecordedEvent): RecordedEvent => {
  const { schemaVersion, $correlationId: _c, $causationId: _k, ...metadata } = (event.metadata ?? {}) as unknown as StoredMetadata;
  return {
    id: event.id,
    type: event.type,
    schemaVersion: schemaVersion ?? 1,
    data: event.data,
    metadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
};

/** Streams of the Linchpin log: no system stream (`$...`), no checkpoint or lease, and within the filter. */
export const inLog = (stream: string, filter?: LogFilter): boolean =>
  !stream.startsWith('$') &&
  !stream.startsWith(RESERVED_PREFIX) &&
  (!filter?.streamPrefixes || filter.streamPrefixes.some((p) => stream.startsWith(p)));

/**
 * A record Linchpin wrote: not a system record (type `$...`: hard-delete markers `$streamDeleted`,
 * projection links `$>`, `$metadata`), JSON whose data parsed to an object (the client hands a
 * record whose JSON is malformed over as the raw string), and not a checkpoint of the old naming.
 */
export const isLinchpinRecord = (event: EsdbRecordedEvent): boolean =>
  !event.type.startsWith('$') &&
  event.isJson &&
  typeof event.data === 'object' &&
  event.data !== null &&
  !(event.type === CHECKPOINT_TYPE && event.streamId.startsWith(LEGACY_CHECKPOINT_PREFIX));

/** A record of the Linchpin log within the filter. */
export const inFilteredLog = (event: EsdbRecordedEvent, filter?: LogFilter): boolean => inLog(event.streamId, filter) && isLinchpinRecord(event);

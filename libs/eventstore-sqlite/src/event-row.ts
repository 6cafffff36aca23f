import { EventMetadata, RecordedEvent } from '@linchpin/eventsourcing';

/**
 * The columns of an event, read as a plain array (better-sqlite3 raw mode): building a keyed
 * object per row cost more than the query itself when paging through the log.
 */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata, recorded_at';
export type EventRow = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
];

/**
 * `metadata` as an own, enumerable accessor: callers see a plain property (spread, JSON.stringify, toEqual and
 * structuredClone all read it), while the text is parsed only on first access. One shared descriptor, so every
 * decoded event has the same shape (V8 keeps one hidden class for them).
 */
const METADATA: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: StoredEvent) {
    return StoredEvent.metadataOf(this);
  },
  set(this: StoredEvent, value: EventMetadata) {
    StoredEvent.replaceMetadata(this, value);
  },
};

/**
 * An event decoded from its row. `data` is parsed at once: nearly every reader needs it (upcasters and folds read it).
 * `metadata` is kept as the stored text until someone reads it: most replays (projections, read models, catch-up
 * subscriptions filtering by type) never do, and parsing it was about a quarter of the JSON of every row.
 */
class StoredEvent implements RecordedEvent {
  declare id: string;
  declare type: string;
  declare schemaVersion: number;
  declare data: unknown;
  declare metadata: EventMetadata;
  declare streamId: string;
  declare revision: number;
  declare position: number;
  declare recordedAt: string;
  #metadataText: string | undefined;
  #metadata: EventMetadata | undefined;

  constructor(row: EventRow) {
    // Assigned in the order a stored event always had, so JSON.stringify writes the same text as before.
    this.id = row[1];
    this.type = row[4];
    this.schemaVersion = row[5];
    this.data = JSON.parse(row[6]);
    Object.defineProperty(this, 'metadata', METADATA);
    this.streamId = row[2];
    this.revision = row[3];
    this.position = row[0];
    this.recordedAt = row[8];
    this.#metadataText = row[7];
  }

  /** Parses the stored text once; later reads answer the same object. */
  static metadataOf(event: StoredEvent): EventMetadata {
    if (event.#metadataText !== undefined) {
      event.#metadata = JSON.parse(event.#metadataText) as EventMetadata;
      event.#metadataText = undefined;
    }
    return event.#metadata!;
  }

  static replaceMetadata(event: StoredEvent, value: EventMetadata): void {
    event.#metadataText = undefined;
    event.#metadata = value;
  }
}

export const toRecorded = (row: EventRow): RecordedEvent => new StoredEvent(row);

/** A page of rows decoded with a plain loop (no closure per page, no intermediate arrays). */
export function toRecordedPage(rows: EventRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = new StoredEvent(rows[i]);
  return events;
}

import { Position } from '@linchpin/eventsourcing';

/** Revision and, when known, position of an event id in its stream. */
export interface StoredId {
  revision: number;
  position?: Position;
}

/** Every event id of a stream's revisions 0..revision (-1: the stream does not exist). */
export interface KnownStream {
  revision: number;
  ids: Map<string, StoredId>;
}

/** A record as read from a stream, whatever its type (revisions count every record). */
export interface ReadRecord {
  id: string;
  revision: number;
  position: Position;
}

/**
 * The event ids of recently read or written streams, so an append recognises a redelivered
 * event id without reading the stream. An entry always covers a stream from revision 0 to its
 * `revision` exactly: history never changes, so it stays true while other writers append after
 * it, and an append whose expected revision equals it needs no read to know which ids are stored.
 * Least recently used streams are forgotten beyond `capacity` (their next append reads them again).
 */
export class KnownStreamIds {
  private readonly streams = new Map<string, KnownStream>();

  constructor(private readonly capacity = 1000) {}

  get(stream: string): KnownStream | undefined {
    const known = this.streams.get(stream);
    if (known) this.touch(stream, known);
    return known;
  }

  /** A forward read of `stream` from `fromRevision` to its end answered `records` (or found no stream). */
  read(stream: string, fromRevision: number, records: readonly ReadRecord[], streamExists: boolean): KnownStream | undefined {
    if (!streamExists) return this.touch(stream, { revision: -1, ids: new Map() });
    const known = this.streams.get(stream);
    let base: KnownStream;
    if (fromRevision === 0) base = { revision: -1, ids: new Map() };
    else if (known && known.revision >= fromRevision - 1) base = known;
    else return undefined; // what lies before fromRevision is unknown
    for (const record of records) {
      if (record.revision <= base.revision) continue;
      base.ids.set(record.id, { revision: record.revision, position: record.position });
      base.revision = record.revision;
    }
    return this.touch(stream, base);
  }

  /** An append stored `ids`, the last at `revision` and `position`. */
  appended(stream: string, ids: readonly string[], revision: number, position: Position): void {
    const after = revision - ids.length;
    const known = this.streams.get(stream);
    if (!known || known.revision !== after) {
      // The entry no longer ends where this append began: drop it rather than guess.
      this.streams.delete(stream);
      return;
    }
    ids.forEach((id, i) => known.ids.set(id, { revision: after + 1 + i, position: i === ids.length - 1 ? position : undefined }));
    known.revision = after + ids.length;
    this.touch(stream, known);
  }

  private touch(stream: string, known: KnownStream): KnownStream {
    this.streams.delete(stream);
    this.streams.set(stream, known);
    for (const oldest of this.streams.keys()) {
      if (this.streams.size <= this.capacity) break;
      this.streams.delete(oldest);
    }
    return known;
  }
}

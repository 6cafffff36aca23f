import { Inject, Injectable } from '@nestjs/common';
import { ChangeRecordedEvent, upcast } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { CHANGE_STREAM_PREFIX } from '../domain/streams';

/** A change as a responder reads it: the recorded fact, and the time it is ordered by. */
export type ChangeView = ChangeRecordedEvent['data'] & {
  /** The first of `services`, under its name from before a change named several (the integration's service). */
  service: string;
  /** When the change happened: the sender's timestamp, else when Linchpin received it. The list's order. */
  at: string;
};

export interface ChangePage {
  items: ChangeView[];
  nextCursor: string | null;
}

type Key = [at: string, changeId: string];

/** Newest first; the same instant by id, so every change has one place and a cursor one meaning. */
const order = (a: Key, b: Key): number => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0] < b[0] ? 1 : -1);
const keyOf = (change: ChangeView): Key => [change.at, change.changeId];
const isKey = (key: unknown[]): key is Key => isStringKey(2)(key) && !Number.isNaN(Date.parse(key[0]));
/** Service names compare as the incident list compares them: trimmed, in any case. */
const sameService = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Recent changes, from the `change-` streams: in memory, rebuilt from the log at start, read-your-writes
 * (the feed catches up on each read). Times are UTC ISO 8601 strings of one format, so they order as text.
 */
@Injectable()
export class ChangesProjection {
  private readonly changes = new Map<string, ChangeView>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [CHANGE_STREAM_PREFIX], (event) => {
      const { data } = upcast(event) as ChangeRecordedEvent;
      this.changes.set(data.changeId, { ...data, service: data.services[0], at: data.timestamp ?? data.receivedAt });
    });
  }

  /** The page after `cursor` of the changes to `service` (every service when undefined), newest first. */
  async page(service: string | undefined, limit: number, cursor: string | undefined): Promise<ChangePage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isKey);
    await this.feed.current();
    const all = [...this.changes.values()].filter((change) => service === undefined || change.services.some((s) => sameService(s, service))).sort((a, b) => order(keyOf(a), keyOf(b)));
    const rest = after ? all.filter((change) => order(keyOf(change), after) > 0) : all;
    const items = rest.slice(0, limit);
    return { items, nextCursor: rest.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
  }
}

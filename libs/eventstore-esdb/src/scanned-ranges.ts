import { LogFilter, Position } from '@linchpin/eventsourcing';

/** Nothing the filter keeps lies in `(from, upTo]` of `$all`. */
interface ScannedRange {
  from: Position;
  upTo: Position;
}

/** One key per filter: the same prefixes in any order are the same filter. */
export const filterKey = (filter?: LogFilter): string =>
  filter?.streamPrefixes ? JSON.stringify([...filter.streamPrefixes].sort()) : '*';

/**
 * The scanned-up-to cursor of each filter. `$all` is filtered in the client (the 6.x client's
 * `readAll` has no server-side filter), and callers resume after the last event they were given,
 * so without this every idle poll would download again every event of other services written
 * since this filter's last match. A range is a fact about an immutable log (positions only grow:
 * a later commit lands after every position already read), so it stays true for every reader of
 * the filter, and a newer fact may replace an older one without losing correctness.
 */
export class ScannedRanges {
  private readonly ranges = new Map<string, ScannedRange>();

  /** Where a read after `after` may start instead: past the range that covers it, if any. */
  resumeFrom(key: string, after: Position): Position {
    const range = this.ranges.get(key);
    return range && range.from <= after && after < range.upTo ? range.upTo : after;
  }

  /** Records that the filter keeps nothing in `(from, upTo]`, keeping the range that reaches further. */
  record(key: string, from: Position, upTo: Position): void {
    if (upTo <= from) return;
    const known = this.ranges.get(key);
    if (known && known.upTo > upTo) return;
    // Contiguous with the known range: one range from the older start.
    const merged = known && known.from <= from && from <= known.upTo ? known.from : from;
    this.ranges.set(key, { from: merged, upTo });
  }
}

/** One partition as the admin client reports it. */
export interface PartitionWatermarks {
  partition: number;
  /** Next offset to be written (high watermark). */
  high: string;
  /** Earliest offset still on the broker. */
  low: string;
}

/** A group's committed offset of one partition; `-1` where it never committed. */
export interface CommittedOffset {
  partition: number;
  offset: string;
}

/** Where a member stands on one of its partitions. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  /** The next offset the group will handle. */
  next: bigint;
  high: bigint;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * The member's position on each partition assigned to it. The bus commits after each handled
 * message, so the committed offset is the next one to handle; a partition the group never
 * committed starts where the consumer would: the earliest offset (`fromBeginning`) or the end.
 */
export function positionsOf(
  topic: string,
  assigned: number[],
  watermarks: PartitionWatermarks[],
  committed: CommittedOffset[],
  fromBeginning: boolean,
): PartitionPosition[] {
  const positions: PartitionPosition[] = [];
  for (const partition of assigned) {
    const marks = watermarks.find((w) => w.partition === partition);
    if (!marks) continue;
    const high = BigInt(marks.high);
    const low = BigInt(marks.low);
    const offset = BigInt(committed.find((c) => c.partition === partition)?.offset ?? '-1');
    const next = offset < 0n ? (fromBeginning ? low : high) : offset < low ? low : offset;
    positions.push({ topic, partition, next, high });
  }
  return positions;
}

/** Messages written and not yet handled, over all the positions. */
export const lagOf = (positions: PartitionPosition[]): number =>
  Number(positions.reduce((sum, p) => sum + (p.high > p.next ? p.high - p.next : 0n), 0n));

/**
 * Caught up: on every partition the member has handled everything that was there when it joined
 * (`targets`, the high watermarks then). Not "lag 0 now": under steady traffic the lag is rarely 0
 * at the instant of a probe, and readiness must not flap with it.
 */
export const reached = (positions: PartitionPosition[], targets: ReadonlyMap<string, bigint>): boolean =>
  positions.every((p) => p.next >= (targets.get(partitionKey(p.topic, p.partition)) ?? 0n));

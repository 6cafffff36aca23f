import { createHash } from 'node:crypto';

/**
 * The identity of a signal: the sender's dedup key when it gives one; otherwise a hash of the
 * source and the sorted labels, so the same alert from the same source dedups whatever order
 * its labels arrive in. The summary is hashed only when there are no labels: summaries often
 * carry changing values ("error rate 5.2%"), labels name the thing.
 */
export function fingerprintOf(input: { source: string; summary: string; labels: Record<string, string>; dedupKey?: string }): string {
  if (input.dedupKey !== undefined) return input.dedupKey;
  const labels = Object.keys(input.labels)
    .sort()
    .map((key) => [key, input.labels[key]]);
  const identity = labels.length > 0 ? { source: input.source, labels } : { source: input.source, summary: input.summary };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

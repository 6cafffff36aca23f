import { createHash } from 'node:crypto';
import { FingerprintOrigin } from '../domain/alert.decider';
import { NormalizedSignal } from '../domain/signal';

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

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
  return hash(labels.length > 0 ? { source: input.source, labels } : { source: input.source, summary: input.summary });
}

/** A field of a signal named as in an integration's `fingerprintFields`: `source`, `summary`, `severity`, `labels.x`, `annotations.x`, `details.x`. */
export function fieldOf(signal: NormalizedSignal, field: string): string | undefined {
  const [head, ...rest] = field.split('.');
  const key = rest.join('.');
  if (rest.length === 0) return head === 'source' || head === 'summary' || head === 'severity' ? signal[head] : undefined;
  if (head === 'labels') return signal.labels[key];
  if (head === 'annotations') return signal.annotations?.[key];
  if (head === 'details') {
    const value = signal.details?.[key];
    return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return undefined;
}

/**
 * Within an integration, the fields it names win over the sender's key; the identity is scoped
 * by the integration, so two senders never share an alert by accident. Without an integration
 * (the generic endpoint), the sender's key is used as it is.
 */
export function fingerprintFor(
  signal: NormalizedSignal,
  integration?: { integrationId: string; fingerprintFields?: string[] },
): { fingerprint: string; origin: FingerprintOrigin } {
  const fields = integration?.fingerprintFields;
  if (integration && fields && fields.length > 0) {
    return { fingerprint: hash([integration.integrationId, fields.map((f) => [f, fieldOf(signal, f) ?? null])]), origin: { from: 'fields', fields } };
  }
  if (signal.senderKey !== undefined) {
    return {
      fingerprint: integration ? hash([integration.integrationId, signal.senderKey]) : signal.senderKey,
      origin: { from: 'sender-key' },
    };
  }
  const generic = fingerprintOf({ source: signal.source, summary: signal.summary, labels: signal.labels });
  return { fingerprint: integration ? hash([integration.integrationId, generic]) : generic, origin: { from: 'generic' } };
}

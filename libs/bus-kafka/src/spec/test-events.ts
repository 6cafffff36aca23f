import { randomUUID } from 'node:crypto';
import type { OutgoingMessage, PublishedEvent } from '@linchpin/eventsourcing';

/** A recorded event as a relay would publish it; `key` is the incident id. */
export function recordedEvent(key: string, revision: number, extra: Partial<PublishedEvent['metadata']> = {}): PublishedEvent {
  return {
    id: randomUUID(),
    type: 'IncidentNoteAdded',
    schemaVersion: 1,
    data: { note: `note ${revision}` },
    metadata: {
      incidentId: key,
      correlationId: key,
      causationId: randomUUID(),
      actor: 'system:test',
      occurredAt: new Date().toISOString(),
      ...extra,
    },
    streamId: `response-${key}`,
    revision,
    position: revision,
    recordedAt: new Date().toISOString(),
  };
}

/** `perKey` events for each of `keys` keys, revisions in order per key, keys interleaved. */
export function messagesFor(keys: string[], perKey: number, firstRevision = 0): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (let r = firstRevision; r < firstRevision + perKey; r++) {
    for (const key of keys) out.push({ key, event: recordedEvent(key, r) });
  }
  return out;
}

export const uniqueName = (what: string) => `test.${what}.${process.pid}.${Date.now().toString(36)}.${randomUUID().slice(0, 6)}`;

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

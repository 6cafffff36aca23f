import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { RecordedEvent } from '@linchpin/eventsourcing';
import { PageTimes } from './alert-run';

/**
 * The path of one page, hop by hop, as the stores recorded it: each hop ends when the next service
 * stored the fact it made of the previous one, so a hop over Kafka holds the sender's relay, the
 * broker, the receiver's fetch and its handler; in the standalone process the same facts follow
 * each other over the in-process bus. recordedAt has millisecond resolution.
 */
export const HOPS = [
  { name: "202 → detection's IncidentDetected", from: '202', to: 'IncidentDetected' },
  { name: "detection's IncidentAssessed → triage's IncidentTriaged", from: 'IncidentAssessed', to: 'IncidentTriaged' },
  { name: "triage's IncidentTriaged → coordination's ResponderPaged", from: 'IncidentTriaged', to: 'ResponderPaged' },
  { name: "coordination's ResponderPaged → comms' DeliveryRequested", from: 'ResponderPaged', to: 'DeliveryRequested' },
  { name: "comms' DeliveryRequested → page received", from: 'DeliveryRequested', to: 'page' },
] as const;

const TYPES = new Set<string>(HOPS.flatMap((h) => [h.from, h.to]));

/** ms per hop (in HOPS order) for every page whose facts were all found. */
export async function hopTimes(storePaths: string[], pages: PageTimes[]): Promise<number[][]> {
  const wanted = new Set(pages.map((p) => p.incidentId));
  // incidentId → type → when it was first recorded (epoch ms).
  const at = new Map<string, Map<string, number>>();
  for (const path of storePaths) {
    const store = new SqliteEventStore({ path });
    try {
      for (let after: number | undefined, batch: RecordedEvent[]; (batch = await store.readAll({ after, limit: 5_000 })).length > 0; ) {
        after = batch[batch.length - 1].position;
        for (const event of batch) {
          if (!TYPES.has(event.type)) continue;
          const incidentId = event.metadata.incidentId ?? (event.data as { incidentId?: string }).incidentId;
          if (!incidentId || !wanted.has(incidentId)) continue;
          const times = at.get(incidentId) ?? new Map<string, number>();
          const recorded = Date.parse(event.recordedAt);
          if (!(times.get(event.type)! <= recorded)) times.set(event.type, recorded);
          at.set(incidentId, times);
        }
      }
    } finally {
      await store.close();
    }
  }
  const hops: number[][] = HOPS.map(() => []);
  for (const page of pages) {
    const times = new Map(at.get(page.incidentId));
    times.set('202', page.answeredAt);
    times.set('page', page.arrivedAt);
    HOPS.forEach((hop, i) => {
      const from = times.get(hop.from);
      const to = times.get(hop.to);
      if (from !== undefined && to !== undefined) hops[i].push(to - from);
    });
  }
  return hops;
}

import { eventually, ReceivedWebhook, WebhookReceiver } from '@linchpin/testing';
import { getJson } from './http';

/** A timeline entry as review answers it (`GET /review/incidents/{id}/timeline`): a summary line, not the event's data. */
export interface TimelineEntry {
  eventId: string;
  at: string;
  context: string;
  type: string;
  actor: string;
  summary: string;
}

export const MINUTE = 60_000;
export const plus = (at: string | Date, ms: number): Date => new Date(new Date(at).getTime() + ms);

/**
 * A Saturday 03:00Z at least 30 days ahead of the wall clock: every clock of a run is moved there
 * first, so the test's instants (a weekend night, outside a weekday schedule) do not depend on
 * when it runs, and no deadline is ever near real time.
 */
export function saturdayNight(): Date {
  const at = new Date(Date.now() + 30 * 24 * 60 * MINUTE);
  at.setUTCHours(3, 0, 0, 0);
  at.setUTCDate(at.getUTCDate() + ((6 - at.getUTCDay() + 7) % 7));
  return at;
}

/** The pages a person's webhook got for one incident, in the order they arrived. */
export const pagesAt = (receiver: WebhookReceiver, path: string, incidentId: string): ReceivedWebhook[] =>
  receiver.on(path).filter((w) => w.body?.type === 'page' && w.body.incidentId === incidentId);

/** Waits for the `n`-th page of the incident at `path`; answers it and its index among everything the receiver got. */
export async function nthPage(receiver: WebhookReceiver, path: string, incidentId: string, n: number): Promise<{ page: ReceivedWebhook; index: number }> {
  const page = await eventually(`page ${n} at ${path}`, async () => pagesAt(receiver, path, incidentId)[n - 1], 60_000);
  return { page, index: receiver.received.indexOf(page) };
}

/** Coordination's view of the incident once `ready` holds for it. */
export async function responseWhen(coordination: string, incidentId: string, what: string, ready: (view: any) => boolean): Promise<any> {
  return eventually(`coordination: ${what}`, async () => {
    const r = await getJson(`${coordination}/coordination/incidents/${incidentId}`);
    return r.status === 200 && ready(r.body) ? r.body : undefined;
  }, 60_000);
}

/** Review's timeline of the incident once `ready` holds for its entries. */
export async function timelineWhen(review: string, incidentId: string, what: string, ready: (entries: TimelineEntry[]) => boolean): Promise<TimelineEntry[]> {
  return eventually(`the review timeline: ${what}`, async () => {
    const r = await getJson(`${review}/review/incidents/${incidentId}/timeline`);
    const entries: TimelineEntry[] = r.status === 200 ? r.body.entries : [];
    return ready(entries) ? entries : undefined;
  }, 60_000);
}

export const ofType = (entries: readonly TimelineEntry[], type: string): TimelineEntry[] => entries.filter((e) => e.type === type);

/** The timeline's page lines, e.g. `Paged ann-1 of team payments-1 (level 1, by webhook)`, in order. */
export const pageLines = (entries: readonly TimelineEntry[]): string[] => ofType(entries, 'ResponderPaged').map((e) => e.summary);
export const pageLine = (name: string, team: string, level: number): string => `Paged ${name} of team ${team} (level ${level}, by webhook)`;

import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { PageClock } from './page-clock';
import { Topology } from './topology';
import { bearer } from '@linchpin/testing';

/** One page that arrived, in epoch ms (comparable with the stores' recordedAt). */
export interface PageTimes {
  incidentId: string;
  answeredAt: number;
  arrivedAt: number;
}

export interface AlertRunResult {
  /** ms from each alert's 202 to its page reaching the receiver, for the pages that arrived. */
  latencies: number[];
  pages: PageTimes[];
  /** Alerts whose page never arrived within the bounded wait. */
  missing: number;
  /** Alerts that did not get a 202 opening a new incident. */
  rejected: number;
}

/** One responder on its own team, so every alert labelled with the team pages the receiver. */
export async function createTeam(topology: Topology, receiverUrl: string): Promise<string> {
  const team = `bench-${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${topology.coordinationUrl}/coordination/teams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer() },
    body: JSON.stringify({ name: team, members: [{ name: 'oncall', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/oncall` } }] }),
  });
  if (response.status !== 201) throw new Error(`creating team ${team}: ${response.status} ${await response.text()}`);
  return team;
}

/**
 * Sends `count` alerts open-loop at `ratePerSecond` (a slow answer does not delay the next alert),
 * each with unique labels so each opens its own incident, then waits up to `waitMs` for every page.
 */
export async function runAlerts(
  topology: Topology,
  clock: PageClock,
  team: string,
  count: number,
  ratePerSecond: number,
  waitMs: number,
): Promise<AlertRunResult> {
  const run = randomUUID().slice(0, 8);
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  const sends: Promise<{ incidentId: string; answeredAt: number } | undefined>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const delay = due - performance.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    sends.push(sendAlert(topology, team, `${run}-${i}`));
  }
  const sent = await Promise.all(sends);
  const opened = sent.filter((s): s is { incidentId: string; answeredAt: number } => s !== undefined);
  await clock.waitFor(opened.map((s) => s.incidentId), waitMs);
  const latencies: number[] = [];
  const pages: PageTimes[] = [];
  const epoch = (at: number) => performance.timeOrigin + at;
  for (const s of opened) {
    const arrived = clock.arrivalOf(s.incidentId);
    if (arrived === undefined) continue;
    latencies.push(arrived - s.answeredAt);
    pages.push({ incidentId: s.incidentId, answeredAt: epoch(s.answeredAt), arrivedAt: epoch(arrived) });
  }
  return { latencies, pages, missing: opened.length - latencies.length, rejected: count - opened.length };
}

async function sendAlert(topology: Topology, team: string, id: string): Promise<{ incidentId: string; answeredAt: number } | undefined> {
  // A refused connection (an overloaded process resets some) counts as a rejected alert: the sends
  // run unawaited while later ones are paced, so a throw here would be an unhandled rejection.
  const response = await fetch(`${topology.detectionUrl}/detection/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer() },
    body: JSON.stringify({
      source: 'bench',
      summary: `Bench alert ${id}`,
      severity: 'critical',
      labels: { alertname: 'BenchAlertToPage', team, alert: id },
    }),
  }).catch(() => undefined);
  if (!response) return undefined;
  // The sender has its answer once the status line and headers are in: that is the 202.
  const answeredAt = performance.now();
  const body = (await response.json().catch(() => undefined)) as { incidentId?: string; deduplicated?: boolean } | undefined;
  if (response.status !== 202 || !body?.incidentId || body.deduplicated) return undefined;
  return { incidentId: body.incidentId, answeredAt };
}

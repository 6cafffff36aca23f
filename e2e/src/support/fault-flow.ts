import { eventually, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './http';

/** Where the flow's requests go: read again on every call, since a restarted service may sit on a new URL. */
export interface FlowUrls {
  detection(): string;
  triage(): string;
  coordination(): string;
  review(): string;
}

/** What a fault test prints on one line, and what the closing note quotes. */
export interface FaultCounts {
  faults: number;
  alerts: number;
  events: number;
  incidents: number;
  pages: number;
  duplicates: number;
  /** Anything else the test measured (refused alerts, seconds without service, drain seconds). */
  extra?: Record<string, number | string>;
}

export type SendOutcome = { kind: 'accepted'; incidentId: string; deduplicated: boolean } | { kind: 'refused'; status?: number; error?: string };

/** The incident's steps that each must be on its timeline exactly once: detected, triaged, paged. */
const ONCE_EACH = ['IncidentDetected', 'IncidentTriaged', 'ResponderPaged'] as const;

/**
 * One team with one on-call whose pager is the test's webhook receiver, and the alerts a test sends
 * to it: each distinct alert (its own labels) opens its own incident. `verify` waits until each
 * accepted alert's incident was paged, then checks what a user relies on: one incident per alert
 * answered 202, one page per incident at the pager and in coordination's view, and one detected,
 * triaged and paged event per incident on review's timeline (it reads every service's topic).
 */
export class AlertFlow {
  /** Alert number → the incident its 202 named (a resend of the same alert must name the same one). */
  readonly accepted = new Map<number, string>();
  refused = 0;
  /** Alert numbers sent at least once (a resend is counted in `refused`, not here). */
  private readonly sent = new Set<number>();

  private constructor(
    readonly team: string,
    private readonly urls: FlowUrls,
    private readonly receiver: WebhookReceiver,
  ) {}

  static async create(name: string, urls: FlowUrls, receiver: WebhookReceiver, receiverUrl: string): Promise<AlertFlow> {
    const team = `${name}-${randomUUID().slice(0, 8)}`;
    const created = await postJson(`${urls.coordination()}/coordination/teams`, {
      name: team,
      members: [{ name: 'oncall', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/${team}` } }],
    });
    if (created.status !== 201) throw new Error(`creating team ${team} answered ${created.status}: ${JSON.stringify(created.body)}`);
    return new AlertFlow(team, urls, receiver);
  }

  get pagerPath(): string {
    return `/pager/${this.team}`;
  }

  get incidents(): Set<string> {
    return new Set(this.accepted.values());
  }

  /** Sends alert `i` once; a refused connection or a non-202 is counted, not thrown. */
  async send(i: number): Promise<SendOutcome> {
    this.sent.add(i);
    let outcome: SendOutcome;
    try {
      const r = await postJson(`${this.urls.detection()}/detection/alerts`, {
        source: 'prometheus',
        summary: `Queue backlog on worker ${i} (${this.team})`,
        severity: 'critical',
        labels: { alertname: 'QueueBacklog', worker: `worker-${i}`, team: this.team },
      });
      outcome = r.status === 202 ? { kind: 'accepted', ...r.body } : { kind: 'refused', status: r.status };
    } catch (error) {
      outcome = { kind: 'refused', error: (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message };
    }
    if (outcome.kind === 'refused') {
      this.refused++;
      return outcome;
    }
    const known = this.accepted.get(i);
    if (known !== undefined && known !== outcome.incidentId) throw new Error(`alert ${i} opened a second incident: ${known}, then ${outcome.incidentId}`);
    this.accepted.set(i, outcome.incidentId);
    return outcome;
  }

  /** Sends alert `i` until it is answered 202, as a sender that retries does (Alertmanager does). */
  async sendUntilAccepted(i: number, pauseMs = 100): Promise<string> {
    for (;;) {
      const outcome = await this.send(i);
      if (outcome.kind === 'accepted') return outcome.incidentId;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }

  /** Sends alerts `from` .. `to - 1` together (a burst), each until accepted. */
  async burst(from: number, to: number): Promise<void> {
    await Promise.all(Array.from({ length: to - from }, (_, k) => this.sendUntilAccepted(from + k)));
  }

  /** The pages received for this flow's team. */
  pages(): string[] {
    return this.receiver.on(this.pagerPath).map((w) => String(w.body?.incidentId));
  }

  /**
   * Waits until every accepted alert's incident was paged and review shows its steps, prints the
   * test's counts, then asserts nothing was lost or doubled.
   */
  async verify(test: string, faults: number, extra?: FaultCounts['extra'], timeoutMs = 180_000): Promise<FaultCounts> {
    const incidents = this.incidents;
    expect(incidents.size).toBe(this.accepted.size); // one incident per distinct alert answered 202
    await eventually(
      'a page for every incident answered 202',
      async () => {
        const paged = new Set(this.pages());
        return [...incidents].every((id) => paged.has(id)) ? true : undefined;
      },
      timeoutMs,
    );
    let events = 0;
    let duplicates = 0;
    const pagesInCoordination: { id: string; pages: number }[] = [];
    for (const id of incidents) {
      const types = await eventually(
        `review's timeline of ${id} with its detected, triaged and paged steps`,
        async () => {
          const r = await getJson(`${this.urls.review()}/review/incidents/${id}/timeline`);
          const seen: string[] = r.status === 200 ? r.body.entries.map((e: { type: string }) => e.type) : [];
          return ONCE_EACH.every((t) => seen.includes(t)) ? seen : undefined;
        },
        timeoutMs,
      );
      for (const type of ONCE_EACH) {
        const n = types.filter((t) => t === type).length;
        events += n;
        duplicates += n - 1;
      }
      const response = await getJson(`${this.urls.coordination()}/coordination/incidents/${id}`);
      duplicates += Math.max(0, response.body.pages.length - 1);
      pagesInCoordination.push({ id, pages: response.body.pages.length });
    }
    const pages = this.pages();
    const strays = pages.filter((id) => !incidents.has(id));
    duplicates += pages.length - new Set(pages).size;
    const queue = await getJson(`${this.urls.triage()}/triage/queue?team=${this.team}&status=all&limit=200`);
    const queued: string[] = queue.body.items.map((i: { incidentId: string }) => i.incidentId);
    duplicates += queued.length - new Set(queued).size;

    const counts: FaultCounts = { faults, alerts: this.sent.size, events, incidents: incidents.size, pages: pages.length, duplicates, extra };
    printCounts(test, counts);
    expect(pagesInCoordination.filter((p) => p.pages !== 1)).toEqual([]);
    expect(strays).toEqual([]);
    expect(new Set(queued)).toEqual(incidents);
    expect(duplicates).toBe(0);
    expect(pages).toHaveLength(incidents.size);
    return counts;
  }
}

/** The one line each fault test prints (the closing note quotes it). */
export function printCounts(test: string, counts: FaultCounts): void {
  const extra = Object.entries(counts.extra ?? {}).map(([k, v]) => ` ${k}=${v}`).join('');
  console.log(
    `[fault] ${test}: faults injected=${counts.faults} alerts sent=${counts.alerts} events checked=${counts.events} incidents=${counts.incidents} pages=${counts.pages} duplicates found=${counts.duplicates}${extra}`,
  );
}

export const seconds = (ms: number): string => (ms / 1000).toFixed(1);

import { performance } from 'node:perf_hooks';
import { ReceivedWebhook, WebhookReceiver } from '@linchpin/testing';

/**
 * A WebhookReceiver that also notes when each page arrived, keyed by `body.incidentId`.
 * WebhookReceiver records what arrived but not when; it appends to `received` synchronously in the
 * request's `end` handler, so hooking that push timestamps the arrival without a polling delay.
 */
export class PageClock {
  readonly receiver = new WebhookReceiver();
  private readonly arrivals = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();

  async start(): Promise<string> {
    const received = this.receiver.received;
    const push = received.push.bind(received);
    received.push = (...items: ReceivedWebhook[]) => {
      const at = performance.now();
      for (const item of items) {
        const incidentId: unknown = item.body?.incidentId;
        if (item.body?.type !== 'page' || typeof incidentId !== 'string' || this.arrivals.has(incidentId)) continue;
        this.arrivals.set(incidentId, at);
        this.waiters.get(incidentId)?.();
      }
      return push(...items);
    };
    return this.receiver.start();
  }

  arrivalOf(incidentId: string): number | undefined {
    return this.arrivals.get(incidentId);
  }

  /** Resolves once every incident was paged, or at the deadline (callers count what is missing). */
  async waitFor(incidentIds: string[], timeoutMs: number): Promise<void> {
    const pending = incidentIds.filter((id) => !this.arrivals.has(id));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    const all = Promise.all(pending.map((id) => new Promise<void>((resolve) => this.waiters.set(id, resolve))));
    await Promise.race([all, deadline]);
    clearTimeout(timer);
    for (const id of pending) this.waiters.delete(id);
  }

  stop(): Promise<void> {
    return this.receiver.stop();
  }
}

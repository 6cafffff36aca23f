import autocannon from 'autocannon';
import { percentile } from '../stats';
import { bearer } from '@linchpin/testing';

export type AlertKind = 'new' | 'duplicate';

export interface LoadResult {
  /** 2xx answers over the run. */
  accepted: number;
  /**
   * Requests the server took: every request written, less those refused or failed. It exceeds
   * `accepted` by those still in flight when the run stopped (up to one per sender), which the
   * server still stores: the cost of a run is divided by this.
   */
  taken: number;
  /** 2xx answers per second over the run. */
  alertsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers plus connection errors: a run with any is not a valid measure. */
  failures: number;
}

let runCounter = 0;

/**
 * Body factory. NEW: a label unique to each request, so each has its own fingerprint and opens
 * an incident. DUPLICATE: one body per run, so all but the first are deduplicated; a fresh body
 * per run keeps one run's growing alert stream from slowing the next.
 */
export function alertBodies(kind: AlertKind): () => string {
  const run = `${process.pid}-${Date.now()}-${++runCounter}`;
  const duplicate = JSON.stringify({
    source: 'bench',
    summary: 'Checkout error rate above 5%',
    severity: 'error',
    labels: { service: 'checkout', team: 'payments', run },
  });
  let n = 0;
  return kind === 'duplicate'
    ? () => duplicate
    : () =>
        JSON.stringify({
          source: 'bench',
          summary: 'Checkout error rate above 5%',
          severity: 'error',
          labels: { service: 'checkout', team: 'payments', run, n: String(n++) },
        });
}

/**
 * `connections` senders, each with one request in flight, POSTing alerts for `seconds`.
 * Latencies come from each response's own timing (autocannon's histogram keeps whole ms only).
 */
export async function sendAlerts(url: string, kind: AlertKind, connections: number, seconds: number): Promise<LoadResult> {
  const body = alertBodies(kind);
  const latencies: number[] = [];
  let accepted = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/detection/alerts`,
        method: 'POST',
        // The services run with the test admin token (startService): POST /detection/alerts needs sender (or admin).
        headers: { 'content-type': 'application/json', ...bearer() },
        connections,
        pipelining: 1,
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        accepted += 1;
        latencies.push(responseTime);
      }
    });
  });
  return {
    accepted,
    taken: Math.max(accepted, result.requests.sent - result.non2xx - result.errors),
    alertsPerSecond: accepted / ((result.finish.getTime() - result.start.getTime()) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures: result.non2xx + result.errors,
  };
}

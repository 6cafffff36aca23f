import { Clock } from '@linchpin/eventsourcing';
import { describeOutboundError, OutboundGuard, OutboundRefusedError, traceHeaders } from '@linchpin/platform';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from '../application/webhook-signature';
import { SendOptions, SendResult } from './channel';

/** What an HTTP channel needs to post: the outbound guard, the clock that dates signatures, the per-attempt bound. */
export interface HttpChannelDeps {
  outbound: OutboundGuard;
  clock: Clock;
  timeoutMs: number;
}

/**
 * One signed JSON POST through the outbound guard: the transport of every HTTP channel (webhook,
 * Slack, Teams). Slack and Teams ignore the `Linchpin-*` headers; a relay in between can still check
 * them. Signed per attempt, so the timestamp is fresh on every retry. Redirects are not followed.
 */
export async function postSignedJson(deps: HttpChannelDeps, url: string, payload: unknown, options: SendOptions): Promise<SendResult> {
  const { signal: cancel } = options;
  cancel?.throwIfAborted();
  const body = JSON.stringify(payload);
  const started = performance.now();
  const latencyMs = (): number => Math.round(performance.now() - started);
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  try {
    const response = await deps.outbound.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Linchpin-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(options.secret, body, deps.clock.now()),
        [DELIVERY_HEADER]: options.deliveryId,
        [EVENT_HEADER]: options.event,
        // The delivery's span (the dispatcher's): a receiver that traces joins the alert's trace.
        ...traceHeaders(),
      },
      body,
      signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout,
    });
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, latencyMs: latencyMs() };
  } catch (error) {
    if (cancel?.aborted) throw cancel.reason;
    if (timeout.aborted) return { ok: false, latencyMs: latencyMs(), cause: `no answer within ${deps.timeoutMs} ms` };
    return { ok: false, latencyMs: latencyMs(), cause: describeOutboundError(error, url), ...(error instanceof OutboundRefusedError ? { final: true } : {}) };
  }
}

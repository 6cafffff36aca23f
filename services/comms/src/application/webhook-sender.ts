import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { describeOutboundError, OutboundGuard, OutboundRefusedError } from '@linchpin/platform';
import { Attempt, DeliveryKind, isRetryable, isSuccess } from '../domain/delivery';
import { COMMS_SETTINGS, CommsSettings } from '../comms.settings';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export interface Webhook {
  url: string;
  secret: string;
  deliveryId: string;
  kind: DeliveryKind;
  body: unknown;
}

/**
 * POSTs a signed webhook through the outbound guard, retrying transient failures with exponential
 * backoff; returns every attempt. A target the guard refuses is a final failure: no retry. Each
 * attempt is bounded by `timeoutMs`. `cancel` (the process stopping) aborts the attempt in flight
 * and rejects: nothing was decided, so no outcome may be recorded.
 */
@Injectable()
export class WebhookSender {
  constructor(
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbound: OutboundGuard,
  ) {}

  /** `onFailure` runs after each failed attempt, before the next (its rejection ends the delivery with that error: nothing decided). */
  async send(webhook: Webhook, cancel?: AbortSignal, onFailure?: (attempt: Attempt, n: number) => Promise<void>): Promise<Attempt[]> {
    const body = JSON.stringify(webhook.body);
    return this.retry((signal) => this.attempt(webhook, body, signal), cancel, onFailure);
  }

  /** The same attempts, backoff and `onFailure`, for any one-attempt step (a channel's send: src/channels). */
  async retry(once: (cancel?: AbortSignal) => Promise<Attempt>, cancel?: AbortSignal, onFailure?: (attempt: Attempt, n: number) => Promise<void>): Promise<Attempt[]> {
    const attempts: Attempt[] = [];
    for (let n = 1; n <= this.settings.attempts; n++) {
      const attempt = await once(cancel);
      attempts.push(attempt);
      if (isSuccess(attempt)) break;
      await onFailure?.(attempt, n);
      if (!isRetryable(attempt)) break;
      if (n < this.settings.attempts) await pause(this.settings.backoffMs * 2 ** (n - 1), cancel);
    }
    return attempts;
  }

  private async attempt(webhook: Webhook, body: string, cancel?: AbortSignal): Promise<Attempt> {
    cancel?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const response = await this.outbound.fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Linchpin-Webhooks/1',
          // Signed per attempt: the timestamp is fresh on every retry.
          [SIGNATURE_HEADER]: signatureHeader(webhook.secret, body, this.clock.now()),
          [DELIVERY_HEADER]: webhook.deliveryId,
          [EVENT_HEADER]: webhook.kind,
        },
        body,
        signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout,
      });
      await response.body?.cancel().catch(() => undefined);
      return { statusCode: response.status };
    } catch (error) {
      if (cancel?.aborted) throw cancel.reason;
      if (timeout.aborted) return { error: `no answer within ${this.settings.timeoutMs} ms` };
      return { error: describeOutboundError(error, webhook.url), ...(error instanceof OutboundRefusedError ? { refused: true } : {}) };
    }
  }
}

const pause = (ms: number, cancel?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    cancel?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', done);
      if (cancel?.aborted) reject(cancel.reason);
      else resolve();
    }
  });

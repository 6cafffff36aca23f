import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { describeOutboundError, OutboundGuard, OutboundRefusedError } from '@linchpin/platform';
import { Attempt, DeliveryKind } from '../domain/delivery';
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
 * POSTs a signed webhook through the outbound guard, one attempt (the dispatcher schedules retries on
 * durable timers). A target the guard refuses is a final failure. Each attempt is bounded by `timeoutMs`. `cancel` (the process stopping) aborts the attempt in flight
 * and rejects: nothing was decided, so no outcome may be recorded.
 */
@Injectable()
export class WebhookSender {
  constructor(
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbound: OutboundGuard,
  ) {}

  /** One attempt (retries are the dispatcher's, on durable timers). */
  async send(webhook: Webhook, cancel?: AbortSignal): Promise<Attempt> {
    return this.attempt(webhook, JSON.stringify(webhook.body), cancel);
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

import { Injectable } from '@nestjs/common';
import { Metrics } from '@linchpin/platform';
import { ChannelRegistry } from '../channels/channel-registry';
import { DeliveryRequestedEvent } from '../domain/delivery-request';

/** What became of one attempt at a page, as the dispatcher recorded it. */
type Recorded = 'delivered' | 'failed' | 'waiting' | 'stale';
const OUTCOMES = { delivered: 'delivered', waiting: 'retrying', failed: 'failed' } as const;
/** A request's channel no channel of this build delivers (one recorded by a newer comms). */
const UNKNOWN_CHANNEL = 'unknown';

/**
 * `linchpin_pages_total{channel,outcome}`: attempts at delivering a page, by channel (webhook, slack, teams,
 * email) and outcome: `delivered`; `retrying` (the attempt failed, another is scheduled); `failed` (the last
 * attempt failed, or no retry can mend it: nobody got this page). Counted where the dispatcher has just
 * recorded the attempt (the live path, one count per attempt recorded): an attempt the stream already held
 * (`stale`) counts nothing, and nothing is counted from the log at a restart.
 */
@Injectable()
export class PageMetrics {
  private readonly pages;

  constructor(
    metrics: Metrics,
    private readonly channels: ChannelRegistry,
  ) {
    this.pages = metrics.counter<'channel' | 'outcome'>({
      name: 'linchpin_pages_total',
      help: 'Attempts at delivering a page, by channel and outcome (delivered; retrying: failed, another attempt is scheduled; failed: failed for good)',
      labelNames: ['channel', 'outcome'],
    });
    // Every series from the start at 0, so an alert on increase() fires on the first failed page too.
    for (const channel of channels.kinds()) for (const outcome of Object.values(OUTCOMES)) this.pages.inc({ channel, outcome }, 0);
  }

  recorded(request: DeliveryRequestedEvent, outcome: Recorded): void {
    if (request.data.kind !== 'page' || outcome === 'stale') return;
    this.pages.inc({ channel: this.channelOf(request), outcome: OUTCOMES[outcome] });
  }

  /** Requests recorded before channels had none: they went out as webhooks. */
  private channelOf(request: DeliveryRequestedEvent): string {
    const kind = request.data.channel ?? 'webhook';
    return this.channels.channel(kind) ? kind : UNKNOWN_CHANNEL;
  }
}

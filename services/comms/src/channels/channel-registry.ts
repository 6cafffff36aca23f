import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { OutboundGuard, SignedLinks } from '@linchpin/platform';
import { COMMS_SETTINGS, CommsSettings } from '../comms.settings';
import { Attempt } from '../domain/delivery';
import { DeliveryRequestedEvent } from '../domain/delivery-request';
import { withAcknowledgeLink } from '../domain/page-channel';
import { Channel, MessageLinks, SendResult } from './channel';
import { CHANNELS } from './index';
import { messageOf } from './message';

/** How one attempt went, as the delivery decider records it. An HTTP answer keeps its status; anything else its cause. */
export const attemptOf = (result: SendResult): Attempt => {
  const latency = { latencyMs: result.latencyMs };
  if (result.ok) return { statusCode: result.status ?? 200, ...latency };
  const final = result.final ? { refused: true } : {};
  if (result.cause !== undefined) return { error: result.cause, ...final, ...latency };
  return { ...(result.status !== undefined ? { statusCode: result.status } : { error: 'unknown error' }), ...final, ...latency };
};

/**
 * The channels of this process (CHANNELS, built with its settings) and the one step the dispatcher
 * takes per attempt: find the delivery's channel, render its message with the links, send.
 */
@Injectable()
export class ChannelRegistry {
  private readonly channels: ReadonlyMap<string, Channel>;

  constructor(
    @Inject(COMMS_SETTINGS) settings: CommsSettings,
    @Inject(CLOCK) clock: Clock,
    outbound: OutboundGuard,
    private readonly links: SignedLinks,
  ) {
    const deps = { outbound, clock, timeoutMs: settings.timeoutMs, smtpUrl: settings.smtpUrl, smtpFrom: settings.smtpFrom };
    this.channels = new Map(CHANNELS.map((make) => make(deps)).map((channel) => [channel.kind, channel]));
  }

  /** The kinds this process delivers, e.g. `webhook`, `slack`. */
  kinds(): string[] {
    return [...this.channels.keys()];
  }

  channel(kind: string): Channel | undefined {
    return this.channels.get(kind);
  }

  /**
   * One attempt of a delivery. A request recorded before channels existed (no `channel`) holds its
   * rendered body: it goes out as it was stored, on the webhook transport, as it always did.
   */
  async attempt(request: DeliveryRequestedEvent, secret: string, signal?: AbortSignal): Promise<Attempt> {
    const { deliveryId, kind: event, url, channel: kind } = request.data;
    const options = { deliveryId, event, secret, signal };
    if (kind === undefined) return attemptOf(await this.channel('webhook')!.send(url, this.legacyBodyOf(request), options));
    const channel = this.channel(kind);
    if (!channel) return { error: `no channel delivers "${kind}"`, refused: true };
    const payload = channel.render(messageOf(request.data.body, this.linksOf(request)));
    return attemptOf(await channel.send(url, payload, options));
  }

  /** The links of a message, made from the request's time: every attempt, and a retry after a restart, sends the same ones. */
  private linksOf(request: DeliveryRequestedEvent): MessageLinks {
    const { incidentId, acknowledgeLink, subscriptionId } = request.data;
    const requestedAt = new Date(request.metadata.occurredAt);
    return {
      incident: this.links.incidentUrl(incidentId),
      ...(acknowledgeLink ? { acknowledge: this.links.acknowledgeUrl(incidentId, acknowledgeLink.personId, requestedAt) } : {}),
      ...(subscriptionId ? { unsubscribe: this.links.unsubscribeUrl(subscriptionId, requestedAt) } : {}),
    };
  }

  private legacyBodyOf(request: DeliveryRequestedEvent): Record<string, unknown> {
    const { body, acknowledgeLink } = request.data;
    if (!acknowledgeLink) return body;
    return withAcknowledgeLink(body, acknowledgeLink.channel ?? 'webhook', this.links.acknowledgeUrl(request.data.incidentId, acknowledgeLink.personId, new Date(request.metadata.occurredAt)));
  }
}

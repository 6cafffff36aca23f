import { assertNever } from '@linchpin/eventsourcing';
import { Channel, ChannelMessage } from './channel';
import { HttpChannelDeps, postSignedJson } from './signed-post';

/**
 * The signed JSON webhook, the wire format receivers already parse: a page is its fields plus
 * `links.acknowledge` and `links.incident`; a status update its fields with `links.incident` and, sent to a
 * subscription, `links.unsubscribe`; the resolved notice and the overdue reminder carry `links.incident`.
 */
export function renderWebhook(message: ChannelMessage): Record<string, unknown> {
  const { links, ...fields } = message;
  switch (message.type) {
    case 'page':
      return { ...fields, links: { ...(links.acknowledge ? { acknowledge: links.acknowledge } : {}), incident: links.incident } };
    case 'status-update':
      return { ...fields, links: { incident: links.incident, ...(links.unsubscribe ? { unsubscribe: links.unsubscribe } : {}) } };
    case 'incident-resolved':
    case 'update-overdue':
    case 'action-item-overdue':
      return { ...fields, links: { incident: links.incident } };
    default:
      return assertNever(message);
  }
}

export const webhookChannel = (deps: HttpChannelDeps): Channel<Record<string, unknown>> => ({
  kind: 'webhook',
  render: renderWebhook,
  send: (url, payload, options) => postSignedJson(deps, url, payload, options),
});

import { assertNever } from '@linchpin/eventsourcing';
import { KnownContact } from './contact.decider';

/** What a page says, whatever the channel: the signed webhook's JSON body. */
export interface PageBody {
  type: 'page';
  incidentId: string;
  pageId: string;
  title: string;
  priority: string;
  team: string;
  responder: { name: string };
  escalationLevel: number;
}

/** The form of a link in a body rendered before channels existed (requests recorded then are sent as stored). */
export type LinkChannel = 'webhook' | 'slack';

/**
 * That a page carries the paged person's acknowledge link. The link itself is a credential: it is
 * built when the page is sent (src/channels), never stored. `channel` is set only on requests
 * recorded before channels, whose stored body is already in that channel's form.
 */
export interface AcknowledgeLinkFor {
  personId: string;
  channel?: LinkChannel;
}

/** The contact method kinds a channel delivers (src/channels/index.ts lists the channels themselves). */
export const CONTACT_CHANNELS: readonly string[] = ['webhook', 'slack', 'teams', 'email'];

/** How a page goes out through one contact method: where, the message, the channel that renders and sends it, or why it cannot go at all. */
export interface PageSending {
  url: string;
  body: Record<string, unknown>;
  channel?: string;
  undeliverable?: string;
  acknowledgeLink?: AcknowledgeLinkFor;
}

/**
 * The page is stored as it was decided, with the contact's channel: the channel renders it when it
 * is sent (a webhook's signed JSON, a Slack or Teams message, an email), with the person's
 * acknowledge link. An email address is the `mailto:` URL. A kind no channel delivers fails at once.
 */
export function pageSending(contact: KnownContact, page: PageBody, personId: string): PageSending {
  const kind = String(contact.kind);
  if (!CONTACT_CHANNELS.includes(kind)) return { url: '', body: { ...page }, undeliverable: `contact method kind "${kind}" cannot be delivered` };
  const url = kind === 'email' ? `mailto:${contact.address}` : contact.address;
  return { url, body: { ...page }, channel: kind, acknowledgeLink: { personId } };
}

/**
 * A page recorded before channels, as sent: its stored body with the acknowledge link added, `links.acknowledge` in a
 * webhook's JSON, a line of the text (and a block) in Slack's. Following the link with GET only says
 * what it would do; a POST to it acknowledges, as the person paged.
 */
export function withAcknowledgeLink(body: Record<string, unknown>, channel: LinkChannel, url: string): Record<string, unknown> {
  switch (channel) {
    case 'webhook':
      return { ...body, links: { acknowledge: url } };
    case 'slack': {
      const line = `Acknowledge (POST): ${url}`;
      const blocks = Array.isArray(body.blocks) ? body.blocks : [];
      return {
        ...body,
        text: typeof body.text === 'string' ? `${body.text}\n${line}` : line,
        blocks: [...blocks, { type: 'section', text: { type: 'mrkdwn', text: `Acknowledge: POST <${url}|this link> (opening it only shows what it would do)` } }],
      };
    }
    default:
      return assertNever(channel);
  }
}

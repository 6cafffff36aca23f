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

/** Why a page to an email contact fails at once (SMTP is issue 15's). */
export const EMAIL_NOT_AVAILABLE = 'email delivery is not available yet';

/** The channels whose pages carry an acknowledge link, each in its own form. */
export type LinkChannel = 'webhook' | 'slack';

/**
 * That a page carries the paged person's acknowledge link, and in which form. The link itself is a
 * credential: it is built when the page is sent (the dispatcher, `withAcknowledgeLink`), never stored.
 */
export interface AcknowledgeLinkFor {
  personId: string;
  channel: LinkChannel;
}

/** How a page goes out through one contact method: the POST's URL and body, or why it cannot go at all. */
export interface PageSending {
  url: string;
  body: Record<string, unknown>;
  undeliverable?: string;
  acknowledgeLink?: AcknowledgeLinkFor;
}

/**
 * A webhook gets the signed JSON page as before; Slack an incoming-webhook message (`text` and
 * blocks; the signature headers are sent too and are harmless); email cannot be sent yet and fails
 * at once, loudly, like a dead webhook. Webhook and Slack pages carry `personId`'s acknowledge link.
 */
export function pageSending(contact: KnownContact, page: PageBody, personId: string): PageSending {
  switch (contact.kind) {
    case 'webhook':
      return { url: contact.address, body: { ...page }, acknowledgeLink: { personId, channel: 'webhook' } };
    case 'slack': {
      const text = `:rotating_light: [${page.priority}] ${page.title} — ${page.responder.name}, you are paged for team ${page.team} (level ${page.escalationLevel})`;
      return {
        url: contact.address,
        body: {
          text,
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text } },
            { type: 'context', elements: [{ type: 'mrkdwn', text: `incident ${page.incidentId} · page ${page.pageId}` }] },
          ],
        },
        acknowledgeLink: { personId, channel: 'slack' },
      };
    }
    case 'email':
      return { url: `mailto:${contact.address}`, body: { ...page }, undeliverable: EMAIL_NOT_AVAILABLE };
    default:
      return { url: '', body: { ...page }, undeliverable: `contact method kind "${String((contact as { kind: unknown }).kind)}" cannot be delivered` };
  }
}

/**
 * The page as sent: its stored body with the acknowledge link added, `links.acknowledge` in a
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

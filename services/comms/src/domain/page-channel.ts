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

/** How a page goes out through one contact method: the POST's URL and body, or why it cannot go at all. */
export interface PageSending {
  url: string;
  body: Record<string, unknown>;
  undeliverable?: string;
}

/**
 * A webhook gets the signed JSON page as before; Slack an incoming-webhook message (`text` and
 * blocks; the signature headers are sent too and are harmless); email cannot be sent yet and fails
 * at once, loudly, like a dead webhook.
 */
export function pageSending(contact: KnownContact, page: PageBody): PageSending {
  switch (contact.kind) {
    case 'webhook':
      return { url: contact.address, body: { ...page } };
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
      };
    }
    case 'email':
      return { url: `mailto:${contact.address}`, body: { ...page }, undeliverable: EMAIL_NOT_AVAILABLE };
    default:
      return { url: '', body: { ...page }, undeliverable: `contact method kind "${String((contact as { kind: unknown }).kind)}" cannot be delivered` };
  }
}

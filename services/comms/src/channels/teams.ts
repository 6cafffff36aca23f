import { assertNever } from '@linchpin/eventsourcing';
import { Channel, ChannelMessage } from './channel';
import { HttpChannelDeps, postSignedJson } from './signed-post';

type Element = Record<string, unknown>;
const text = (value: string, extra: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const facts = (pairs: [string, string][]): Element => ({ type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) });
const open = (title: string, url: string): Element => ({ type: 'Action.OpenUrl', title, url });

/** The envelope Teams incoming webhooks and Power Automate's "When a Teams webhook request is received" accept. */
export interface TeamsMessage {
  type: 'message';
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: Element }[];
}

const card = (body: Element[], actions: Element[]): TeamsMessage => ({
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
    },
  ],
});

/**
 * A Microsoft Teams message holding one Adaptive Card. Adaptive Card text is plain (a subset of
 * Markdown): no escaping beyond JSON. A page's card says that the acknowledge link acknowledges by
 * POST (opening it only previews), and opens the incident.
 */
export function renderTeams(message: ChannelMessage): TeamsMessage {
  switch (message.type) {
    case 'page': {
      const ack = message.links.acknowledge;
      return card(
        [
          text(`[${message.priority}] ${message.title}`, { size: 'Large', weight: 'Bolder', color: 'Attention' }),
          text(`${message.responder.name}, you are paged for team ${message.team} (level ${message.escalationLevel}).`),
          facts([['Incident', message.incidentId], ['Page', message.pageId]]),
          ...(ack ? [text(`Acknowledge: POST to ${ack} (opening it only shows what it would do).`, { isSubtle: true })] : []),
        ],
        [open('Open incident', message.links.incident), ...(ack ? [open('Acknowledge link', ack)] : [])],
      );
    }
    case 'status-update':
      return card(
        [
          text(`Incident update: ${message.status}`, { size: 'Medium', weight: 'Bolder' }),
          text(message.message),
          facts([['Incident', message.incidentId], ['Posted', message.postedAt]]),
          ...(message.links.unsubscribe ? [text(`Unsubscribe: POST to ${message.links.unsubscribe} (opening it only shows what it would do).`, { isSubtle: true })] : []),
        ],
        [open('Open incident', message.links.incident)],
      );
    case 'incident-resolved':
      return card(
        [text(`Resolved: ${message.title}`, { size: 'Medium', weight: 'Bolder', color: 'Good' }), facts([['Incident', message.incidentId], ['Resolved by', message.resolvedBy], ['Resolved at', message.resolvedAt]])],
        [open('Open incident', message.links.incident)],
      );
    case 'update-overdue':
      return card(
        [
          text(`[${message.priority}] A status update is overdue`, { size: 'Medium', weight: 'Bolder', color: 'Warning' }),
          text(`None for ${message.cadenceMinutes} minutes: please post one. You are the incident's ${message.role}.`),
          facts([['Incident', message.incidentId], ['Due', message.dueAt], ['Last update', message.lastUpdateAt ?? 'none']]),
        ],
        [open('Open incident', message.links.incident)],
      );
    case 'action-item-overdue':
      return card(
        [
          text('An action item you own is overdue', { size: 'Medium', weight: 'Bolder', color: 'Warning' }),
          text(message.title),
          facts([['Incident', message.incidentId], ['Due', message.dueDate], ['Action item', message.actionItemId]]),
        ],
        [open('Open incident', message.links.incident)],
      );
    default:
      return assertNever(message);
  }
}

export const teamsChannel = (deps: HttpChannelDeps): Channel<TeamsMessage> => ({
  kind: 'teams',
  render: renderTeams,
  send: (url, payload, options) => postSignedJson(deps, url, payload, options),
});

import { assertNever } from '@linchpin/eventsourcing';
import { Channel, ChannelMessage } from './channel';
import { HttpChannelDeps, postSignedJson } from './signed-post';

type Block = Record<string, unknown>;
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/**
 * A Slack incoming-webhook message: `text` (the notification and the fallback) and Block Kit
 * `blocks`. A page's wire format is the one Slack pages always had: the acknowledge link as a line of
 * the text and as the last block, with the warning that opening it only previews (POST acknowledges).
 */
export function renderSlack(message: ChannelMessage): { text: string; blocks: Block[] } {
  switch (message.type) {
    case 'page': {
      const headline = `:rotating_light: [${message.priority}] ${message.title} — ${message.responder.name}, you are paged for team ${message.team} (level ${message.escalationLevel})`;
      const blocks = [section(headline), context(`incident ${message.incidentId} · page ${message.pageId}`)];
      const ack = message.links.acknowledge;
      if (!ack) return { text: headline, blocks };
      return {
        text: `${headline}\nAcknowledge (POST): ${ack}`,
        blocks: [...blocks, section(`Acknowledge: POST <${ack}|this link> (opening it only shows what it would do)`)],
      };
    }
    case 'status-update': {
      const text = `:information_source: Incident update (${message.status}): ${message.message}`;
      const unsubscribe = message.links.unsubscribe;
      const footer = `incident <${message.links.incident}|${message.incidentId}> · ${message.postedAt}${unsubscribe ? ` · unsubscribe: POST <${unsubscribe}|this link>` : ''}`;
      return { text: `${text}\n${message.links.incident}`, blocks: [section(text), context(footer)] };
    }
    case 'incident-resolved': {
      const text = `:white_check_mark: Resolved: ${message.title} (by ${message.resolvedBy})`;
      return { text: `${text}\n${message.links.incident}`, blocks: [section(text), context(`incident <${message.links.incident}|${message.incidentId}> · ${message.resolvedAt}`)] };
    }
    case 'update-overdue': {
      const text = `:hourglass: [${message.priority}] A status update is overdue: none for ${message.cadenceMinutes} minutes (due ${message.dueAt}). Please post one.`;
      return { text: `${text}\n${message.links.incident}`, blocks: [section(text), context(`incident <${message.links.incident}|${message.incidentId}> · you are its ${message.role}`)] };
    }
    case 'action-item-overdue': {
      const text = `:memo: An action item you own is overdue: ${message.title} (due ${message.dueDate})`;
      return { text: `${text}\n${message.links.incident}`, blocks: [section(text), context(`incident <${message.links.incident}|${message.incidentId}> · action item ${message.actionItemId}`)] };
    }
    default:
      return assertNever(message);
  }
}

export const slackChannel = (deps: HttpChannelDeps): Channel<ReturnType<typeof renderSlack>> => ({
  kind: 'slack',
  render: renderSlack,
  send: (url, payload, options) => postSignedJson(deps, url, payload, options),
});

import { ChannelMessage, MessageLinks } from './channel';

/**
 * The message a delivery request holds (its stored body: a page, a status update or a resolved
 * notice, with no link: links are credentials, never stored) with the links added when it is sent.
 */
export function messageOf(body: Record<string, unknown>, links: MessageLinks): ChannelMessage {
  const type = body.type;
  if (type !== 'page' && type !== 'status-update' && type !== 'incident-resolved' && type !== 'update-overdue' && type !== 'action-item-overdue') {
    throw new Error(`a delivery request's body is not a message a channel renders (type ${JSON.stringify(type)})`);
  }
  return { ...(body as Omit<ChannelMessage, 'links'>), links } as ChannelMessage;
}

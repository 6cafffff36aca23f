import { Channel } from './channel';
import { emailChannel, EmailChannelDeps } from './email';
import { HttpChannelDeps } from './signed-post';
import { slackChannel } from './slack';
import { teamsChannel } from './teams';
import { webhookChannel } from './webhook';

export * from './channel';
export { verifyLinchpinSignature } from './verify-signature';

/** What a channel may need to send: the outbound guard and clock (HTTP channels), the SMTP settings (email). */
export type ChannelDeps = HttpChannelDeps & EmailChannelDeps;

/**
 * Every channel comms can deliver through, by kind. A new channel is one file (its `render` and
 * `send`), its test, and one line here; a delivery request names its channel by kind.
 */
export const CHANNELS: readonly ((deps: ChannelDeps) => Channel)[] = [webhookChannel, slackChannel, teamsChannel, emailChannel] as ((deps: ChannelDeps) => Channel)[];

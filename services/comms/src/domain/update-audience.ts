import { UpdateAudience } from './status-update.decider';

/**
 * Who sees an update of each audience. Webhook subscriptions are stakeholders: they get `internal` and `public`
 * updates; the status page only `public` ones (`status-page/public-updates.ts`). A `responders` update is for the
 * incident's responders: it is recorded and on the review timeline, and sent to no subscription.
 */
export const reachesSubscriptions = (audience: UpdateAudience): boolean => audience === 'internal' || audience === 'public';

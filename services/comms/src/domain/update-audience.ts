import { UpdateAudience } from './status-update.decider';

/**
 * Who sees an update of each audience. Webhook subscriptions are stakeholders: they get `internal` and `public`
 * updates; the status page only `public` ones (`status-page/public-updates.ts`). A `responders` update is for the
 * incident's responders: every person paged for the incident gets it on the contact method they were paged on
 * (and it is on the review timeline); it is sent to no subscription.
 */
export const reachesSubscriptions = (audience: UpdateAudience): boolean => audience === 'internal' || audience === 'public';

/** A `responders` update goes to the people paged for the incident; stakeholders' updates do not (they have subscriptions). */
export const reachesPagedResponders = (audience: UpdateAudience): boolean => audience === 'responders';

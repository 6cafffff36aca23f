import { newId } from '@linchpin/eventsourcing';
import { RequestContext } from '../application/commands';

/** The actor is the `X-Actor` header when present, else `api`; every request gets its own causation id. */
export const requestContext = (actorHeader: string | undefined): RequestContext => ({
  actor: actorHeader?.trim() ? actorHeader.trim() : 'api',
  requestId: newId(),
});

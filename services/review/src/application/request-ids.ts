import { nameBasedId, newId } from '@linchpin/eventsourcing';
import { RequestContext } from '@linchpin/platform';

/**
 * The id of what a person's request creates (a note, a correction, an action item). With an Idempotency-Key it derives
 * from the key, the caller and `purpose` (which names the incident, and the note for a correction), so a retry after a
 * restart, when the platform's replay cache has gone with the process, gets the same id and the stream, which holds an
 * id once, records nothing new. Without a key, a fresh id.
 */
export const idFor = (request: RequestContext, purpose: string): string =>
  request.idempotencyKey ? nameBasedId(`review.${purpose}:${request.actor}:${request.idempotencyKey}`) : newId();

import { NotFoundError } from '@linchpin/eventsourcing';
import { ACTOR_HEADER, IncomingRequest, RequestValidationException } from '@linchpin/platform';
import { SenderError } from './senders/parse-result';

/** Unknown, revoked, or another kind's key: the same 404 for each, so a key cannot be probed for what it was. */
export const unknownKey = (): NotFoundError => new NotFoundError('integration key', '(as given)');

/** A refused payload as problem+json naming each field; nothing of it was stored. */
export const refusedPayload = (errors: SenderError[]): RequestValidationException => new RequestValidationException(errors);

/** Who a sender's signals are recorded as: the integration its key belongs to, else the kind of sender. Passed to requestContext. */
export const senderActor = (sender: string, integrationId?: string): string => (integrationId ? `integration:${integrationId}` : `sender:${sender}`);

/**
 * A user report's actor for requestContext: none when the request names one in X-Actor (a portal or a
 * bot reporting for someone), else its reporter. The header wins here, unlike a route's own actor
 * elsewhere, so this fills in only where requestContext would otherwise say `api`.
 */
export const reporterActor = (request: IncomingRequest, reporter: string | undefined): string | undefined => {
  const given = request.headers[ACTOR_HEADER.toLowerCase()];
  return (Array.isArray(given) ? given[0] : given)?.trim() ? undefined : `user:${reporter ?? 'anonymous'}`;
};

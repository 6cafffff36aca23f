import { NotFoundError } from '@linchpin/eventsourcing';
import { RequestValidationException } from '@linchpin/platform';
import { SenderError } from './senders/parse-result';

/** Unknown, revoked, or another kind's key: the same 404 for each, so a key cannot be probed for what it was. */
export const unknownKey = (): NotFoundError => new NotFoundError('integration key', '(as given)');

/** A refused payload as problem+json naming each field; nothing of it was stored. */
export const refusedPayload = (errors: SenderError[]): RequestValidationException => new RequestValidationException(errors);

/** Who a sender's signals are recorded as: the integration its key belongs to, else the kind of sender. Passed to senderContext. */
export const senderActor = (sender: string, integrationId?: string): string => (integrationId ? `integration:${integrationId}` : `sender:${sender}`);


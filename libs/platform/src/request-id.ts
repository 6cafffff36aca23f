import { randomUUID } from 'crypto';
import type { IncomingMessage } from 'http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Long enough for a UUID, a W3C trace id or a gateway's own format; short enough to log on every line. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Visible ASCII only (no space, no control character): it goes into log lines and a response header as is. */
const SANE_REQUEST_ID = new RegExp(`^[\\x21-\\x7e]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/**
 * The request's id (Fastify's `genReqId`): the client's `X-Request-Id` when it is sane, so one id follows a request
 * through a gateway and Linchpin's log lines; else a new UUID. Echoed on every response and in every problem body.
 */
export function requestIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

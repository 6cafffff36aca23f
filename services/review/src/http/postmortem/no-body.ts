import { RequestValidationException } from '@linchpin/platform';

/**
 * For the postmortem routes that take nothing (open, ask for review, publish): a body is refused as the platform's
 * validation pipe refuses one for a route with a body class: anything but a JSON object is 400 `body`, and each property
 * a 400 naming it (nothing may be set there; a silently ignored `{"trigger":"policy"}` would look accepted). No body, or
 * `{}`, is fine. (class-validator refuses a body class without properties outright, hence this check.)
 */
export function refuseAnyBody(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body !== 'object' || Array.isArray(body)) throw new RequestValidationException([{ field: 'body', reason: 'the body must be a JSON object' }]);
  const unknown = Object.keys(body);
  if (unknown.length > 0) throw new RequestValidationException(unknown.map((field) => ({ field, reason: `property ${field} should not exist` })));
}

import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '@linchpin/eventsourcing';

/** One failing input: `field` is the dotted path into the body (`members.0.contact.webhookUrl`). */
export interface FieldError {
  field: string;
  reason: string;
}

/** RFC 9457 body, served as `application/problem+json`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Set for a DomainError: its machine-readable code. */
  code?: string;
  errors?: FieldError[];
  /** The request's id, as in its `X-Request-Id` answer header and its log lines: what to quote in a report. */
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Problem types are URNs: stable identifiers that need no web server to resolve.
 * A plain HTTP error with nothing more to say uses `about:blank`, as RFC 9457 suggests.
 */
export const ProblemTypes = {
  validation: 'urn:linchpin:problem:validation-error',
  malformedBody: 'urn:linchpin:problem:malformed-body',
  notFound: 'urn:linchpin:problem:not-found',
  concurrency: 'urn:linchpin:problem:concurrency-conflict',
  idempotencyKeyReused: 'urn:linchpin:problem:idempotency-key-reused',
  /** 401: no usable bearer token (missing, unknown, expired, revoked, failed verification). */
  unauthenticated: 'urn:linchpin:problem:unauthenticated',
  /** 403: the token's roles are too low (`insufficient_role`) or the incident is another team's (`team_scope`). */
  forbidden: 'urn:linchpin:problem:forbidden',
  /** 401 on a signed link's route: the link is malformed, not signed by this deployment, for another purpose, or expired. */
  invalidLink: 'urn:linchpin:problem:invalid-link',
  /** 503: the event store cannot be reached; nothing was stored, and the answer says when to try again (`Retry-After`). */
  storeUnavailable: 'urn:linchpin:problem:store-unavailable',
  domain: (code: string) => `urn:linchpin:problem:domain:${code}`,
  http: 'about:blank',
} as const;

/**
 * A well-formed request that names something the service does not have now: a person never
 * registered (or retired), a team or schedule that does not exist. It depends on the state, not on
 * the request, so it is a 409 (code `unknown_reference`, each field in `errors`), as every other
 * refusal by state; a 400 says the request itself is wrong whatever the state.
 */
export class UnknownReferenceError extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super('unknown_reference', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors[0]?.field);
  }
}

/** Thrown for a body that fails validation; the filter turns it into a 400 problem with `errors`. */
export class RequestValidationException extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} field(s) failed validation`, HttpStatus.BAD_REQUEST);
  }
}

/** A body that could not be parsed (not JSON, wrong charset, too large). */
export class MalformedBodyException extends HttpException {
  constructor(detail: string, status: number = HttpStatus.BAD_REQUEST) {
    super(detail, status);
  }
}

/** An Idempotency-Key used again with another body: a client bug (422, as Stripe and the IETF draft do). */
export class IdempotencyKeyReusedException extends HttpException {
  constructor(key: string) {
    super(`Idempotency-Key '${key}' was already used with a different request body`, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

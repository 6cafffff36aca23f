import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { MAX_PATH_PARAM_LENGTH, MAX_URL_LENGTH } from './framework-errors';
import { BODY_LIMIT_BYTES } from './http-adapter';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { senderErrorFormatOf } from './sender-error-formats';

export const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemDetailsDto';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
/** Methods whose requests Fastify reads a body of (and so can refuse as too large, malformed or of another type). */
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

interface Operation {
  method: string;
  operation: OperationObject;
}

/** An error every operation it applies to can answer, whatever its handler does: the platform's, before or around it. */
interface FrameworkError {
  status: string;
  description: string;
  appliesTo(op: Operation): boolean;
}

const FRAMEWORK_ERRORS: FrameworkError[] = [
  {
    status: '400',
    description: 'Invalid input (a parameter, or a body that is not valid JSON or fails validation): `errors` names each failing field',
    appliesTo: (op) => (op.operation.parameters ?? []).length > 0 || op.operation.requestBody !== undefined || BODY_METHODS.has(op.method),
  },
  {
    status: '413',
    description: `The body is larger than ${BODY_LIMIT_BYTES} bytes`,
    appliesTo: (op) => BODY_METHODS.has(op.method),
  },
  {
    status: '414',
    // Any operation: a query string can make any request target too long.
    description: `The request target is longer than ${MAX_URL_LENGTH} characters, or a path parameter longer than ${MAX_PATH_PARAM_LENGTH}`,
    appliesTo: () => true,
  },
  {
    status: '431',
    // Any operation: Node refuses a request whose request line and headers overflow its parser before any route is
    // chosen (a query string too long for 414 to be reached, or large headers): answered by answerClientError.
    description: 'The request line and headers together exceed 16 KiB',
    appliesTo: () => true,
  },
  {
    status: '415',
    description: "The body's `Content-Type` is not one this operation reads",
    appliesTo: (op) => BODY_METHODS.has(op.method),
  },
  {
    status: '422',
    description: 'The `Idempotency-Key` was used before with another body',
    appliesTo: (op) => op.method === 'post',
  },
];

const isError = (status: string): boolean => status === 'default' || Number(status) >= 400;

function operationsOf(document: OpenAPIObject): { path: string; op: Operation }[] {
  const out: { path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      if (operation) out.push({ path, op: { method, operation } });
    }
  }
  return out;
}

/** Documented with the ProblemDetails schema (or with nothing, as `@ApiResponse({ status })` leaves it): the platform's problem body. */
function isProblemOrBare(response: ResponseObject): boolean {
  const media = Object.values(response.content ?? {});
  return media.length === 0 || media.every((m) => (m.schema as { $ref?: string } | undefined)?.$ref === PROBLEM_SCHEMA_REF);
}

/**
 * Errors as they are served: `application/problem+json` with the ProblemDetails schema, for the
 * errors each operation documents and for those the platform gives on any operation it applies to
 * (400 for bad input, 413, 414, 415, 422 on a reused Idempotency-Key, 431). Operations that answer in
 * their sender's own format (`/v2/enqueue`, see sender-error-formats) keep what they document, and an
 * error documented with another schema (the readiness 503) is left as it is.
 */
export function documentErrors(document: OpenAPIObject): void {
  for (const { path, op } of operationsOf(document)) {
    if (senderErrorFormatOf(path)) continue;
    const responses = op.operation.responses as Record<string, ResponseObject>;
    for (const error of FRAMEWORK_ERRORS) {
      if (!responses[error.status] && error.appliesTo(op)) responses[error.status] = { description: error.description };
    }
    for (const [status, response] of Object.entries(responses)) {
      if (!isError(status) || !isProblemOrBare(response)) continue;
      response.content = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } };
    }
  }
}

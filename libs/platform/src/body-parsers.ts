import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, urlencoded } from 'express';
import { MalformedBodyException } from './problem-details';

export const BODY_LIMIT = '1mb';

interface BodyParserError {
  status?: number;
  type?: string;
  message?: string;
}

/**
 * Wraps a body parser so its failures reach the problem filter as a typed exception; Nest would
 * otherwise turn them into a generic 400 indistinguishable from any other.
 */
function withTypedErrors(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const e = error as BodyParserError;
      const detail =
        e.type === 'entity.parse.failed' ? `The body is not valid JSON: ${e.message}` : (e.message ?? 'The body could not be read');
      next(new MalformedBodyException(detail, e.status && e.status >= 400 && e.status < 500 ? e.status : 400));
    });
}

/**
 * JSON (also `application/*+json`, e.g. CloudEvents) and form bodies. Registered ahead of Nest's own
 * parsers, which then see a consumed request and step aside.
 */
export function bodyParsers(): RequestHandler[] {
  return [
    withTypedErrors(json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] })),
    withTypedErrors(urlencoded({ limit: BODY_LIMIT, extended: true })),
  ];
}

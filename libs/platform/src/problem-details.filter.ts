import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'http';
import { ConcurrencyError, DomainError, NotFoundError, StoreUnavailableError } from '@linchpin/eventsourcing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  MalformedBodyException,
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  ProblemTypes,
  RequestValidationException,
  UnknownReferenceError,
} from './problem-details';
import { redactUrl } from './redaction';
import { senderErrorFormatOf } from './sender-error-formats';
import { AccessDeniedException, UnauthenticatedException } from './access/access-errors';
import { LinkRefusedException } from './links/link-errors';

const reasonPhrase = (status: number): string => STATUS_CODES[status] ?? 'Error';

const STORE_RETRY_AFTER_SECONDS = 5;

/** Every error leaves as RFC 9457 problem+json; an unknown one is logged and says nothing of its cause. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // The path only: a query string may hold what should not be echoed (and can be long); a key or a link's token in it masked.
    const problem = { ...this.toProblem(exception, redactUrl(request.url.split('?')[0])), ...(request.id ? { requestId: String(request.id) } : {}) };
    if (reply.sent) return;
    if (exception instanceof UnauthenticatedException || exception instanceof LinkRefusedException) reply.header('www-authenticate', exception.challenge);
    // Nothing was written: a sender that retries (Alertmanager, Grafana, PagerDuty's clients) gets it stored later.
    if (exception instanceof StoreUnavailableError) reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
    const senderFormat = senderErrorFormatOf(request.url);
    if (senderFormat) {
      const { status, contentType, body } = senderFormat(problem);
      reply.status(status).header('content-type', contentType).send(JSON.stringify(body));
      return;
    }
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof RequestValidationException) {
      return {
        type: ProblemTypes.validation,
        title: 'Request validation failed',
        status: 400,
        detail: exception.errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        instance,
        errors: exception.errors,
      };
    }
    if (exception instanceof MalformedBodyException) {
      return { type: ProblemTypes.malformedBody, title: 'Malformed request body', status: exception.getStatus(), detail: exception.message, instance };
    }
    if (exception instanceof NotFoundError) {
      return { type: ProblemTypes.notFound, title: 'Not found', status: 404, detail: exception.message, instance };
    }
    if (exception instanceof StoreUnavailableError) {
      this.logger.error(exception.message);
      return {
        type: ProblemTypes.storeUnavailable,
        title: 'Service Unavailable',
        status: 503,
        detail: `the event store cannot be reached; nothing was stored: retry in ${STORE_RETRY_AFTER_SECONDS} s`,
        instance,
      };
    }
    if (exception instanceof ConcurrencyError) {
      return {
        type: ProblemTypes.concurrency,
        title: 'Concurrent modification',
        status: 409,
        detail: `${exception.message}; retry the request`,
        instance,
      };
    }
    if (exception instanceof DomainError) {
      return {
        type: ProblemTypes.domain(exception.code),
        title: 'Request not allowed in the current state',
        status: 409,
        detail: exception.message,
        instance,
        code: exception.code,
        ...(exception instanceof UnknownReferenceError
          ? { errors: exception.errors }
          : exception.field
            ? { errors: [{ field: exception.field, reason: exception.message }] }
            : {}),
      };
    }
    if (exception instanceof UnauthenticatedException) {
      return { type: ProblemTypes.unauthenticated, title: 'Unauthorized', status: 401, detail: exception.message, instance, code: exception.failure };
    }
    if (exception instanceof LinkRefusedException) {
      return { type: ProblemTypes.invalidLink, title: 'Unauthorized', status: 401, detail: exception.message, instance, code: exception.code };
    }
    if (exception instanceof AccessDeniedException) {
      return { type: ProblemTypes.forbidden, title: 'Forbidden', status: 403, detail: exception.message, instance, code: exception.code };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) this.logger.error(exception.message, exception.stack);
      return { type: ProblemTypes.http, title: reasonPhrase(status), status, detail: detailOf(exception), instance };
    }
    this.logger.error(
      exception instanceof Error ? exception.message : String(exception),
      exception instanceof Error ? exception.stack : undefined,
    );
    return { type: ProblemTypes.http, title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred', instance };
  }
}

function detailOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

import { INestApplication } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { answerClientError, answerFrameworkError, MAX_PATH_PARAM_LENGTH } from './framework-errors';
import { jsonDepthExceeds, jsonTooDeepMessage } from './json-depth';
import { MalformedBodyException } from './problem-details';
import { requestIdOf } from './request-id';
import { ACKNOWLEDGE_LINK_ROUTE, UNSUBSCRIBE_LINK_ROUTE } from './links/signed-links';

/** The routes of signed links: what a person follows from a message, with a browser or a mail client. */
const SIGNED_LINK_PATHS = [ACKNOWLEDGE_LINK_ROUTE, UNSUBSCRIBE_LINK_ROUTE].map((route) => `/${route}/`);

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Nest's Fastify adapter with Linchpin's body parsers in place of Nest's own: JSON for
 * `application/json` and `application/*+json` (e.g. CloudEvents) through Fastify's parser (which
 * refuses `__proto__` and `constructor` keys), its failures typed as a malformed body (Nest would
 * turn them into an untyped 400); text for `text/plain` (Fastify's) and NDJSON; anything else is a 415.
 * JSON and NDJSON nested deeper than MAX_JSON_DEPTH are refused (400) before they are parsed.
 */
class LinchpinFastifyAdapter extends FastifyAdapter {
  private parsersRegistered = false;

  override registerParserMiddleware(): void {
    if (this.parsersRegistered) return;
    this.parsersRegistered = true;
    const fastify = this.getInstance();
    const parseJson = fastify.getDefaultJsonParser('error', 'error');
    const typed: typeof parseJson = (request, body, done) => {
      if (typeof body === 'string' && jsonDepthExceeds(body)) return done(new MalformedBodyException(jsonTooDeepMessage(), 400), undefined);
      parseJson(request, body, (error, parsed) =>
        error ? done(new MalformedBodyException(`The body is not valid JSON: ${error.message}`, 400), undefined) : done(null, parsed),
      );
    };
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, typed);
    fastify.addContentTypeParser(/^application\/[\w.-]+\+json$/, { parseAs: 'string' }, typed);
    // Line-oriented bodies (log shippers) reach handlers as text, as text/plain does.
    fastify.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'application/jsonlines'], { parseAs: 'string' }, (_request, body, done) =>
      typeof body === 'string' && jsonDepthExceeds(body) ? done(new MalformedBodyException(jsonTooDeepMessage(), 400), undefined) : done(null, body),
    );
    // A signed link's POST comes from a mail's button (a browser form) or a mail client's one-click unsubscribe
    // (RFC 8058: `List-Unsubscribe=One-Click`): the link is all the route reads, so the form is read as nothing.
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, _body, done) =>
      SIGNED_LINK_PATHS.some((path) => request.url.startsWith(path))
        ? done(null, {})
        : done(new MalformedBodyException('Unsupported Media Type: application/x-www-form-urlencoded', 415), undefined),
    );
  }
}

/**
 * Every service runs Nest on Fastify: with the same validation pipe, a bare Nest route answered
 * about twice as many requests per second as on Express (README "Performance"). The request id is the
 * client's sane `X-Request-Id` or a new one; what Fastify and Node answer before any hook (a bad URL, a
 * parameter over MAX_PATH_PARAM_LENGTH, an unparsable request) is problem+json too. Node's own 400 for a missing
 * Host is left to a hook (framework-errors.ts), which answers it as problem+json.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new LinchpinFastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    http: { requireHostHeader: false },
  });
}

/**
 * `init()` and then Fastify's `ready()`: a test that sends requests to `getHttpServer()` without
 * `listen()` needs both, or Fastify has not registered its routes yet.
 */
export async function initApp<T extends INestApplication>(app: T): Promise<T> {
  await app.init();
  await (app as unknown as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

import { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { Class, DOCS_PATH, documentedClasses, nestRoutes, OPENAPI_JSON_PATH, OPENAPI_YAML_PATH, senderErrorFormatOf } from '@linchpin/platform';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/**
 * Routes that are not operations of the API, left out of the comparison on purpose: HEAD, which
 * Fastify adds beside every GET (`exposeHeadRoutes`) and which answers as the GET does; and the
 * document itself with its Swagger UI (`/docs`, its static assets, `/openapi.json`, `/openapi.yaml`),
 * which describe the API rather than belong to it.
 */
const isDocumentationRoute = (url: string): boolean =>
  url === `/${OPENAPI_JSON_PATH}` || url === `/${OPENAPI_YAML_PATH}` || url === `/${DOCS_PATH}` || url.startsWith(`/${DOCS_PATH}/`);

/** Fastify's `/a/:id` as OpenAPI writes it, `/a/{id}`. */
const asOpenApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

type Json = Record<string, unknown>;

/** Every schema object of the document, with where it is. */
function* schemasOf(node: unknown, at: string): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemasOf(item, `${at}/${i}`);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Json;
  if ('type' in record || 'properties' in record) yield [at, record];
  for (const [key, value] of Object.entries(record)) if (!['example', 'examples', 'default', 'enum'].includes(key)) yield* schemasOf(value, `${at}/${key}`);
}

describe('standalone: the OpenAPI document is the API the process serves', () => {
  let app: INestApplication;
  let embedded: EmbeddedApp;
  let document: OpenAPIObject;
  const registered: string[] = [];

  beforeAll(async () => {
    embedded = await startEmbedded('openapi-contract', {}, (created) => {
      (created as NestFastifyApplication)
        .getHttpAdapter()
        .getInstance()
        .addHook('onRoute', (route) => {
          for (const method of [route.method].flat()) registered.push(`${method.toLowerCase()} ${route.url}`);
        });
    });
    app = embedded.app;
    document = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body as OpenAPIObject;
  });

  afterAll(async () => {
    await embedded?.close();
  });

  const operations = (): string[] =>
    Object.entries(document.paths).flatMap(([path, item]) => HTTP_METHODS.filter((method) => method in item).map((method) => `${method} ${path}`));

  it('documents every route the server registers, and no route it does not (HEAD and the docs aside)', () => {
    const served = [
      ...new Set(
        registered
          .map((entry) => entry.split(' ') as [string, string])
          .filter(([method, url]) => method !== 'head' && !isDocumentationRoute(url))
          .map(([method, url]) => `${method} ${asOpenApiPath(url)}`),
      ),
    ].sort();
    expect(served.length).toBeGreaterThan(100);
    expect(operations().sort()).toEqual(served);
  });

  it('documents every error as application/problem+json with the ProblemDetails schema (the senders’ own formats and the readiness report aside)', () => {
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (senderErrorFormatOf(path)) continue;
      for (const method of HTTP_METHODS) {
        const responses = ((item as Json)[method] as { responses?: Record<string, { content?: Json }> } | undefined)?.responses ?? {};
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) < 400 || (path === '/health/ready' && status === '503')) continue;
          const media = Object.keys(response.content ?? {});
          const ref = (response.content?.['application/problem+json'] as { schema?: { $ref?: string } } | undefined)?.schema?.$ref;
          if (media.join() !== 'application/problem+json' || ref !== '#/components/schemas/ProblemDetailsDto') wrong.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('types every field: an object says what it holds, a string with a format is a string', () => {
    const untyped = [...schemasOf(document, '#')]
      .filter(
        ([, schema]) =>
          (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined && !schema.allOf && !schema.oneOf && !schema.anyOf) ||
          (schema.type === 'object' && schema.format !== undefined),
      )
      .map(([at]) => at);
    expect(untyped).toEqual([]);
  });

  it('gives every documented class its own schema name: two classes of one name would share (and garble) one schema', () => {
    const roots = nestRoutes(app).flatMap((route): Class[] => {
      const handler = (route.controller.prototype as Record<string, unknown>)[route.handler] as object;
      const responses = Object.values({ ...Reflect.getMetadata('swagger/apiResponse', route.controller), ...Reflect.getMetadata('swagger/apiResponse', handler) }) as {
        type?: unknown;
      }[];
      return [...(route.bodyClass ? [route.bodyClass] : []), ...responses.flatMap((r) => (typeof r.type === 'function' ? [r.type as Class] : []))];
    });
    const byName = new Map<string, Set<Class>>();
    for (const target of documentedClasses(roots)) byName.set(target.name, new Set([...(byName.get(target.name) ?? []), target]));
    expect([...byName].filter(([, classes]) => classes.size > 1).map(([name]) => name)).toEqual([]);
  });
});

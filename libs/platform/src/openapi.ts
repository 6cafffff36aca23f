import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, ParameterObject, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { MAX_PATH_PARAM_LENGTH } from './framework-errors';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency.interceptor';
import { documentBodyContent } from './openapi-body-content.decorator';
import { NestRoute, nestRoutes } from './nest-routes';
import { everyFieldOptional } from './validation';
import { documentErrors } from './openapi-errors';
import { documentParameters } from './openapi-parameters';
import { documentValidationRules, portablePattern } from './openapi-validation';
import { FieldErrorDto, ProblemDetailsDto } from './problem-details.dto';
import { ServiceDefinition } from './service-definition';
import { BEARER_SCHEME, BEARER_SCHEME_DESCRIPTION, documentAccess } from './access/openapi-access';
import { RouteAccess } from './access/route-access';

export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'openapi.json';
export const OPENAPI_YAML_PATH = 'openapi.yaml';

const parametersOf = (operation: { parameters?: unknown[] }): ParameterObject[] => (operation.parameters ?? []) as ParameterObject[];

/** Every POST honours Idempotency-Key (see IdempotencyInterceptor), so the document says so once for all. */
function documentIdempotencyKey(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post) continue;
    post.parameters = [
      // A controller that declares the header too would otherwise list it twice.
      ...parametersOf(post).filter((p) => !(p.in === 'header' && p.name.toLowerCase() === IDEMPOTENCY_KEY_HEADER.toLowerCase())),
      {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: false,
        description:
          'Replays the first successful answer to a POST with the same key, method and path (for 24 h, per process); ' +
          'the same key with another body is a 422.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ];
  }
}

/** Fastify refuses a longer path parameter (414) before any handler runs: a free-form one says so. */
function documentPathParamLength(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { parameters?: unknown[] }[]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      for (const parameter of parametersOf(operation)) {
        const schema = parameter.schema as SchemaObject | undefined;
        if (parameter.in !== 'path' || !schema || schema.type !== 'string' || schema.enum || schema.format) continue;
        schema.maxLength = Math.min(schema.maxLength ?? MAX_PATH_PARAM_LENGTH, MAX_PATH_PARAM_LENGTH);
      }
    }
  }
}

/** Every `pattern` as every JSON Schema tool reads it: the document's patterns are JavaScript's (see portablePattern). */
function portablePatterns(node: unknown): void {
  if (Array.isArray(node)) node.forEach(portablePatterns);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (typeof record.pattern === 'string') record.pattern = portablePattern(record.pattern);
    // Examples and defaults are data, not schemas: a `pattern` there is a value.
    for (const [key, value] of Object.entries(record)) if (!['example', 'examples', 'default', 'enum'].includes(key)) portablePatterns(value);
  }
}

/** OpenAPI 3.0 reads `enum` before `nullable` (a null must be one of the values): a nullable enum lists null. */
function nullableEnums(node: unknown): void {
  if (Array.isArray(node)) node.forEach(nullableEnums);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (record.nullable === true && Array.isArray(record.enum) && !record.enum.includes(null)) record.enum = [...record.enum, null];
    for (const [key, value] of Object.entries(record)) if (!['example', 'examples', 'default', 'enum'].includes(key)) nullableEnums(value);
  }
}

/** A body whose every field is optional may be left out (the validation pipe reads it as `{}`). */
function documentOptionalBodies(document: OpenAPIObject, routes: readonly NestRoute[]): void {
  for (const route of routes) {
    const body = document.paths[route.path]?.[route.method as 'post']?.requestBody;
    if (route.bodyClass && body && !('$ref' in body) && everyFieldOptional(route.bodyClass)) body.required = false;
  }
}

/** The document Swagger builds from the controllers, completed with what the platform does for every route. */
export function createOpenApiDocument(
  app: INestApplication,
  service: ServiceDefinition,
  access: readonly RouteAccess[] = [],
  metricsTokenSet = false,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(service.title)
    .setDescription(
      (service.description ?? '') +
        (service.description ? '\n\n' : '') +
        'Errors are RFC 9457 `application/problem+json` bodies: `type`, `title`, `status`, `detail`, `instance`, ' +
        'and `errors: [{ field, reason }]` for invalid fields. A 400 says the request is wrong whatever the state; a 409 ' +
        'that the state refuses it (`code` says which rule, e.g. `unknown_reference` for a person or team that is not there). ' +
        'A JSON body with a `__proto__` or `constructor` key anywhere is refused (400). List routes page alike: `limit` ' +
        '1–200 (default 50, a 400 naming `limit` beyond) and the opaque `nextCursor` of the previous page as `cursor`.\n\n' +
        'Access: send `Authorization: Bearer <token>`. Each operation names the role it needs (`x-linchpin-access`, and a line of its ' +
        'description); public ones (`security: []`) need none. `/docs`, `/openapi.json` and `/openapi.yaml` are public.',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: BEARER_SCHEME_DESCRIPTION }, BEARER_SCHEME)
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] });
  documentIdempotencyKey(document);
  const routes = nestRoutes(app);
  documentParameters(document, routes);
  documentBodyContent(document, routes);
  documentOptionalBodies(document, routes);
  documentValidationRules(document, routes.flatMap((route) => (route.bodyClass ? [route.bodyClass] : [])));
  documentPathParamLength(document);
  documentErrors(document);
  portablePatterns(document);
  nullableEnums(document);
  documentAccess(document, access, metricsTokenSet);
  return document;
}

/**
 * Swagger UI at `/docs`, the document at `/openapi.json` (and `/openapi.yaml`): public, served by
 * Fastify beside Nest's routes (the document tells no secret, and a client needs it before it has a
 * token). Each operation says who may call it (documentAccess) when `access` is given.
 */
export function setupOpenApi(app: INestApplication, service: ServiceDefinition, access: readonly RouteAccess[] = [], metricsTokenSet = false): OpenAPIObject {
  const document = createOpenApiDocument(app, service, access, metricsTokenSet);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, yamlDocumentUrl: OPENAPI_YAML_PATH });
  return document;
}

import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency.interceptor';
import { FieldErrorDto, ProblemDetailsDto } from './problem-details.dto';
import { ServiceDefinition } from './service-definition';
import { BEARER_SCHEME, BEARER_SCHEME_DESCRIPTION, documentAccess } from './access/openapi-access';
import { RouteAccess } from './access/route-access';

export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'openapi.json';

/** Every POST honours Idempotency-Key (see IdempotencyInterceptor), so the document says so once for all. */
function documentIdempotencyKey(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: false,
        description:
          'Replays the first successful answer to a POST with the same key, method and path (for 24 h, per process); ' +
          'the same key with another body is a 422.',
        schema: { type: 'string', maxLength: 255 },
      },
    ];
  }
}

/**
 * Swagger UI at `/docs`, the document at `/openapi.json` (and `/openapi.yaml`): public, served by
 * Fastify beside Nest's routes (the document tells no secret, and a client needs it before it has a
 * token). Each operation says who may call it (documentAccess) when `routes` are given.
 */
export function setupOpenApi(app: INestApplication, service: ServiceDefinition, routes: readonly RouteAccess[] = [], metricsTokenSet = false): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(service.title)
    .setDescription(
      (service.description ?? '') +
        (service.description ? '\n\n' : '') +
        'Errors are RFC 9457 `application/problem+json` bodies: `type`, `title`, `status`, `detail`, `instance`, ' +
        'and `errors: [{ field, reason }]` for invalid fields.\n\n' +
        'Access: send `Authorization: Bearer <token>`. Each operation names the role it needs (`x-linchpin-access`, and a line of its ' +
        'description); public ones (`security: []`) need none. `/docs`, `/openapi.json` and `/openapi.yaml` are public.',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: BEARER_SCHEME_DESCRIPTION }, BEARER_SCHEME)
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] });
  documentIdempotencyKey(document);
  documentAccess(document, routes, metricsTokenSet);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, yamlDocumentUrl: 'openapi.yaml' });
  return document;
}

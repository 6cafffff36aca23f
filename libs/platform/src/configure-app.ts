import { INestApplication } from '@nestjs/common';
import { bodyParsers } from './body-parsers';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { setupOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ServiceDefinition } from './service-definition';
import { createValidationPipe } from './validation';

/**
 * The HTTP conventions of every service: typed body parsing, validation, problem+json errors,
 * Idempotency-Key on POSTs and OpenAPI. Call before `app.init()`/`listen()` (tests call it on
 * an app from Test.createTestingModule).
 */
export function configureApp(app: INestApplication, service: ServiceDefinition): INestApplication {
  for (const parser of bodyParsers()) app.use(parser);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new IdempotencyInterceptor());
  setupOpenApi(app, service);
  return app;
}

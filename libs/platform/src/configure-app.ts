import { INestApplication } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { setupOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ServiceDefinition } from './service-definition';
import { createValidationPipe } from './validation';

/**
 * The HTTP conventions of every service (on the adapter of createHttpAdapter): validation, problem+json errors,
 * Idempotency-Key on POSTs and OpenAPI. Call before `listen()` or initApp (tests call it on
 * an app from Test.createTestingModule).
 */
export function configureApp(app: INestApplication, service: ServiceDefinition): INestApplication {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new IdempotencyInterceptor());
  setupOpenApi(app, service);
  return app;
}

import { INestApplication } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { OutboundGuard } from './outbound';
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
  app.useGlobalPipes(createValidationPipe(outboundGuardOf(app)));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new IdempotencyInterceptor());
  setupOpenApi(app, service);
  return app;
}

/** The app's guard (InfrastructureModule provides it from OUTBOUND_ALLOW_CIDRS); the strictest one in an app without it. */
function outboundGuardOf(app: INestApplication): OutboundGuard {
  try {
    return app.get(OutboundGuard, { strict: false });
  } catch {
    return new OutboundGuard();
  }
}

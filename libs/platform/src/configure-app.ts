import { INestApplication } from '@nestjs/common';
import { applyHttpHardening } from './http-hardening';
import { HTTP_SETTINGS } from './http-settings';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { LinchpinConfig } from './linchpin-config';
import { loadSettings } from './load-config';
import { OutboundGuard } from './outbound';
import { setupOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ServiceDefinition } from './service-definition';
import { createValidationPipe } from './validation';

/**
 * The HTTP conventions of every service (on the adapter of createHttpAdapter): the front door (applyHttpHardening:
 * request ids, security headers, Host, CORS, 404/405, rate limits), validation, problem+json errors,
 * Idempotency-Key on POSTs and OpenAPI. Call before `listen()` or initApp (tests call it on
 * an app from Test.createTestingModule).
 */
export function configureApp(app: INestApplication, service: ServiceDefinition): INestApplication {
  applyHttpHardening(app, httpSettingsOf(app));
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

/** CORS, Host and rate-limit settings, validated with the rest of the config (from the environment in an app without it). */
function httpSettingsOf(app: INestApplication) {
  try {
    return app.get(LinchpinConfig, { strict: false }).settingsOf(HTTP_SETTINGS);
  } catch {
    return loadSettings(HTTP_SETTINGS);
  }
}

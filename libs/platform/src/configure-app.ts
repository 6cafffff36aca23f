import { INestApplication } from '@nestjs/common';
import { installAccess } from './access/install-access';
import { applyHttpHardening } from './http-hardening';
import { HTTP_SETTINGS } from './http-settings';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { LinchpinConfig } from './linchpin-config';
import { loadConfig, loadSettings } from './load-config';
import { OutboundGuard } from './outbound';
import { setupOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ServiceDefinition } from './service-definition';
import { traceHttpRequests } from './tracing/http-server-spans';
import { createValidationPipe } from './validation';

/**
 * The HTTP conventions of every service (on the adapter of createHttpAdapter): the front door (applyHttpHardening:
 * request ids, security headers, Host, CORS, 404/405, rate limits), access (every route declares who may call it;
 * the AccessGuard checks the bearer token), validation, problem+json errors, Idempotency-Key on POSTs and OpenAPI.
 * Call before `listen()` or initApp (tests call it on an app from Test.createTestingModule). Throws, so the app
 * does not start, when a route declares no access.
 */
export function configureApp(app: INestApplication, service: ServiceDefinition): INestApplication {
  // First: the request's span covers the hooks below, and the handler runs in its context.
  traceHttpRequests(app);
  applyHttpHardening(app, httpSettingsOf(app));
  const config = configOf(app, service);
  const routes = installAccess(app, config);
  app.useGlobalPipes(createValidationPipe(outboundGuardOf(app)));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new IdempotencyInterceptor());
  setupOpenApi(app, service, routes, config.access.metricsToken !== undefined);
  return app;
}

/** The app's validated config (InfrastructureModule provides it); read from the environment in an app without it. */
function configOf(app: INestApplication, service: ServiceDefinition): LinchpinConfig {
  try {
    return app.get(LinchpinConfig, { strict: false });
  } catch {
    return loadConfig(service);
  }
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

import { INestApplication } from '@nestjs/common';
import { CLOCK, Clock, systemClock } from '@linchpin/eventsourcing';
import { LinchpinConfig } from '../linchpin-config';
import { AccessGuard } from './access.guard';
import { resolveAdminToken } from './admin-token';
import { API_TOKEN_DIRECTORY, ApiTokenDirectory, NO_API_TOKENS } from './api-token-directory';
import { Authenticator } from './authenticator';
import { OidcVerifier } from './oidc-verifier';
import { assertEveryRouteDeclared, RouteAccess, routeAccessOf } from './route-access';

/** A provider of the app, or undefined when no module provides it (an app without the token projection, say). */
function optional<T>(app: INestApplication, token: string | symbol | (abstract new (...args: never[]) => T)): T | undefined {
  try {
    return app.get<T>(token as never, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Refuses to start with a route that declares no access, resolves the admin token (creating it on
 * a first start), and registers the AccessGuard for every route. The token directory is the app's
 * API_TOKEN_DIRECTORY provider (the api-token projection), else none: admin and OIDC only.
 */
export function installAccess(app: INestApplication, config: LinchpinConfig): RouteAccess[] {
  const routes = routeAccessOf(app);
  assertEveryRouteDeclared(routes);
  const { access } = config;
  const admin = resolveAdminToken(access);
  const directory = optional<ApiTokenDirectory>(app, API_TOKEN_DIRECTORY) ?? NO_API_TOKENS;
  const clock = optional<Clock>(app, CLOCK) ?? systemClock;
  const authenticator = new Authenticator({
    adminToken: admin.token,
    directory,
    ...(access.oidc ? { oidc: new OidcVerifier(access.oidc) } : {}),
    ...(access.metricsToken ? { metricsToken: access.metricsToken } : {}),
    now: () => clock.now(),
  });
  app.useGlobalGuards(new AccessGuard(authenticator, access.metricsToken !== undefined));
  return routes;
}

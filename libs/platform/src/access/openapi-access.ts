import type { OpenAPIObject } from '@nestjs/swagger';
import { AccessDeclaration, describeDeclaration } from './access.decorator';
import { RouteAccess } from './route-access';

export const BEARER_SCHEME = 'bearer';
export const ACCESS_EXTENSION = 'x-linchpin-access';

export const BEARER_SCHEME_DESCRIPTION =
  'An API token (`lp_…`, issued by `POST /coordination/api-tokens`), the admin token (LINCHPIN_ADMIN_TOKEN or `<LINCHPIN_DATA_DIR>/admin.token`), ' +
  'or, when OIDC is configured, a JWT from OIDC_ISSUER for OIDC_AUDIENCE. Roles: viewer < responder < incident-manager < admin, and sender ' +
  '(systems posting signals). 401 (with `WWW-Authenticate: Bearer`) without a usable token; 403 when its roles are too low.';

const PROBLEM = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
});

/** What `x-linchpin-access` holds: the role, or `public` with why. */
function extensionOf(declaration: AccessDeclaration, metricsTokenSet: boolean): Record<string, string> {
  if (declaration.kind === 'role') return { role: declaration.role };
  if (declaration.kind === 'metrics' && metricsTokenSet) return { role: 'metrics-token' };
  return { role: 'public', reason: declaration.kind === 'public' ? declaration.reason : 'Prometheus scrapes it; METRICS_TOKEN is not set' };
}

/**
 * Each operation says who may call it: `security` (the bearer scheme, or `[]` for a public one),
 * `x-linchpin-access` (`{ role }` or `{ role: 'public', reason }`), a line of its description, and its 401/403 answers.
 */
export function documentAccess(document: OpenAPIObject, routes: readonly RouteAccess[], metricsTokenSet: boolean): void {
  for (const route of routes) {
    const operation = (document.paths[route.path] as Record<string, Record<string, unknown>> | undefined)?.[route.method.toLowerCase()];
    if (!operation || !route.declaration) continue;
    const extension = extensionOf(route.declaration, metricsTokenSet);
    const line = `**Access:** ${describeDeclaration(route.declaration, metricsTokenSet)}.`;
    operation[ACCESS_EXTENSION] = extension;
    operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
    if (extension.role === 'public') {
      operation.security = [];
      continue;
    }
    operation.security = [{ [BEARER_SCHEME]: [] }];
    const responses = (operation.responses ?? {}) as Record<string, unknown>;
    responses['401'] ??= PROBLEM('No bearer token, or one that is unknown, expired or revoked (`WWW-Authenticate: Bearer`)');
    responses['403'] ??= PROBLEM(`The token's roles are below ${extension.role}${route.declaration.kind === 'role' && route.declaration.role === 'responder' ? ", or the incident is not the token's team's (`team_scope`)" : ''}`);
    operation.responses = responses;
  }
}

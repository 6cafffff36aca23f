import type { ConfigurationProblem } from '../load-config';

/** OIDC/JWT bearer tokens: verified against the issuer's keys (OIDC_JWKS_URL) for OIDC_ISSUER and OIDC_AUDIENCE. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Dotted path of the claim holding the role names (`roles`, `realm_access.roles`). */
  rolesClaim: string;
  /** Dotted path of the claim holding the principal's team id, when teams come from the provider. */
  teamClaim?: string;
}

/** Who may get in: the admin token, where it lives, OIDC, and the metrics scrape token. */
export interface AccessSettings {
  /** LINCHPIN_ADMIN_TOKEN; unset: read from (or created in) `<dataDir>/admin.token` at start. */
  adminToken?: string;
  /** LINCHPIN_DATA_DIR (default `./data`). */
  dataDir: string;
  oidc?: OidcSettings;
  /** METRICS_TOKEN: `/metrics` then needs it as a bearer token. */
  metricsToken?: string;
}

export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_OIDC_ROLES_CLAIM = 'roles';
export const ADMIN_TOKEN_MIN_LENGTH = 32;
export const OIDC_VARIABLES = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const;

type Environment = Readonly<Record<string, string | undefined>>;
const set = (env: Environment, name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);

/** OIDC is all three of issuer, audience and JWKS URL, or none: one missing names the others given. */
export function oidcProblem(env: Environment): ConfigurationProblem | undefined {
  const given = OIDC_VARIABLES.filter((name) => set(env, name));
  if (given.length === 0 || given.length === OIDC_VARIABLES.length) return undefined;
  const missing = OIDC_VARIABLES.filter((name) => !set(env, name));
  return {
    variable: missing.join(', '),
    reason: `must be set with ${given.join(' and ')}: OIDC needs all of ${OIDC_VARIABLES.join(', ')}, or none`,
    value: '',
  };
}

/** The settings from validated variables (loadConfig checked each and the OIDC triple). */
export function accessSettingsOf(env: Environment): AccessSettings {
  const issuer = set(env, 'OIDC_ISSUER');
  const audience = set(env, 'OIDC_AUDIENCE');
  const jwksUrl = set(env, 'OIDC_JWKS_URL');
  const teamClaim = set(env, 'OIDC_TEAM_CLAIM');
  const adminToken = set(env, 'LINCHPIN_ADMIN_TOKEN');
  const metricsToken = set(env, 'METRICS_TOKEN');
  return {
    ...(adminToken ? { adminToken } : {}),
    dataDir: set(env, 'LINCHPIN_DATA_DIR') ?? DEFAULT_DATA_DIR,
    ...(issuer && audience && jwksUrl
      ? { oidc: { issuer, audience, jwksUrl, rolesClaim: set(env, 'OIDC_ROLES_CLAIM') ?? DEFAULT_OIDC_ROLES_CLAIM, ...(teamClaim ? { teamClaim } : {}) } }
      : {}),
    ...(metricsToken ? { metricsToken } : {}),
  };
}

import { IsOptional, ValidateBy, ValidationOptions } from 'class-validator';
import { IsIntegerBetween, splitList } from './config-validators';
import { ServiceSettings } from './service-settings';

/**
 * 100 a second per token (or per address without one): a console polling a war room, a script
 * walking every incident and a test suite's polling never meet it, and one runaway client still
 * cannot starve the process. A bench or a gateway in front sets more; many clients sharing one
 * address set less.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
/** A sender posts bursts (Alertmanager groups, log shippers): twice a token's. */
export const DEFAULT_RATE_LIMIT_PER_KEY_PER_MINUTE = 12000;
const MAX_RATE_LIMIT = 100_000_000;

/** The HTTP front door of every process: CORS, Host and rate limits (docs/architecture.md#http-conventions). */
export interface HttpSettings {
  /** Exact origins (`https://ops.example.com`) a browser may call from; empty: none (no CORS header at all). */
  corsOrigins: string[];
  /** Host names (optionally `:port`) the process answers for; empty: every Host. */
  allowedHosts: string[];
  /** Requests a minute per bearer token, or per client address without one. */
  rateLimitPerMinute: number;
  /** Requests a minute per integration key on the sender paths that carry one. */
  rateLimitPerKeyPerMinute: number;
}

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`: no path, no trailing slash, no userinfo. */
export function isOrigin(value: string): boolean {
  if (value === '*' || value === 'null') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.toLowerCase();
  } catch {
    return false;
  }
}

/** A DNS name or an IP literal (IPv6 in brackets), optionally with `:port`; no wildcard. */
export function isHostEntry(value: string): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?$/i.exec(value);
  return match !== null && (match[6] === undefined || (+match[6] >= 1 && +match[6] <= 65535));
}

function IsListOf(check: (item: string) => boolean, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isListOf', validator: { validate: (value: unknown) => typeof value === 'string' && splitList(value).length > 0 && splitList(value).every(check) } },
    options,
  );
}

class HttpVariables {
  @IsOptional()
  @IsListOf(isOrigin, {
    message: ({ value }) =>
      typeof value === 'string' && splitList(value).includes('*')
        ? "must list exact origins, not '*': any web page could then call the API with whatever token its script holds and read what answers without one"
        : 'must be a comma-separated list of exact origins such as https://ops.example.com (scheme, host, optional port; no path)',
  })
  CORS_ORIGINS?: string;
  @IsOptional()
  @IsListOf(isHostEntry, { message: 'must be a comma-separated list of host names or IP addresses, each with an optional :port (no wildcard; unset to answer every Host)' })
  ALLOWED_HOSTS?: string;
  @IsOptional()
  @IsIntegerBetween(1, MAX_RATE_LIMIT, { message: `must be a whole number of requests a minute between 1 and ${MAX_RATE_LIMIT} (a limit is always in force)` })
  RATE_LIMIT_PER_MINUTE?: string;
  @IsOptional()
  @IsIntegerBetween(1, MAX_RATE_LIMIT, { message: `must be a whole number of requests a minute between 1 and ${MAX_RATE_LIMIT} (a limit is always in force)` })
  RATE_LIMIT_PER_KEY_PER_MINUTE?: string;
}

/** Read and validated with the platform's variables by every process (`loadConfig`); `config.settingsOf(HTTP_SETTINGS)`. */
export const HTTP_SETTINGS: ServiceSettings<HttpSettings> = {
  token: 'linchpin:HttpSettings',
  variables: HttpVariables,
  build: (variables) => ({
    corsOrigins: variables.CORS_ORIGINS ? splitList(variables.CORS_ORIGINS).map((origin) => origin.toLowerCase()) : [],
    allowedHosts: variables.ALLOWED_HOSTS ? splitList(variables.ALLOWED_HOSTS).map((host) => host.toLowerCase()) : [],
    rateLimitPerMinute: variables.RATE_LIMIT_PER_MINUTE ? Number(variables.RATE_LIMIT_PER_MINUTE) : DEFAULT_RATE_LIMIT_PER_MINUTE,
    rateLimitPerKeyPerMinute: variables.RATE_LIMIT_PER_KEY_PER_MINUTE ? Number(variables.RATE_LIMIT_PER_KEY_PER_MINUTE) : DEFAULT_RATE_LIMIT_PER_KEY_PER_MINUTE,
  }),
};

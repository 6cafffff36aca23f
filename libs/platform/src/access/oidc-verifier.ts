import { ServiceUnavailableException } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { OidcSettings } from './access-settings';
import { UnauthenticatedException } from './access-errors';
import { Principal } from './principal';
import { isRole, Role } from './roles';

/** The value at a dotted path of the claims (`realm_access.roles`), or undefined. */
export function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Role names from a claim: an array of strings, or one string of names split by spaces or commas. Unknown names are ignored. */
export function rolesFromClaim(value: unknown): Role[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return [...new Set(names.filter(isRole))];
}

function teamFromClaim(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' && value[0].trim()) return value[0].trim();
  return null;
}

/** What the provider's keys are fetched with: jose's default is 5 s; the guard must not hang on a slow issuer. */
const JWKS_TIMEOUT_MS = 5_000;

/**
 * Verifies OIDC/JWT bearer tokens with `jose` against the issuer's JSON Web Key Set (fetched and
 * cached by createRemoteJWKSet), the issuer and the audience, and reads the roles (and team) from
 * the configured claims.
 */
export class OidcVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        currentDate: this.now(),
        clockTolerance: 30,
      }));
    } catch (error) {
      throw failureOf(error);
    }
    if (typeof payload.sub !== 'string' || !payload.sub) throw new UnauthenticatedException('invalid', 'the token has no subject (sub)');
    const name = [payload.name, payload.preferred_username, payload.client_id, payload.sub].find((v): v is string => typeof v === 'string' && v.length > 0)!;
    return {
      actor: `oidc:${payload.sub}`,
      kind: 'oidc',
      name,
      roles: rolesFromClaim(claimAt(payload, this.settings.rolesClaim)),
      team: this.settings.teamClaim ? teamFromClaim(claimAt(payload, this.settings.teamClaim)) : null,
      personId: null,
    };
  }
}

function failureOf(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedException('expired');
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    // The issuer's keys could not be fetched: the token may be fine, the server cannot tell now.
    return new ServiceUnavailableException(`The OIDC issuer's keys could not be fetched to verify the token; retry later`);
  }
  return new UnauthenticatedException('invalid', error.message);
}

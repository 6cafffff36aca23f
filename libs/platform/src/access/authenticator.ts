import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedException } from './access-errors';
import { ApiTokenDirectory, ApiTokenRecord, hashToken } from './api-token-directory';
import { OidcVerifier } from './oidc-verifier';
import { ADMIN_PRINCIPAL, METRICS_PRINCIPAL, Principal } from './principal';

/** Equal strings in a time that does not depend on where they differ (both are hashed first, so lengths leak nothing either). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A JWS in compact form: three base64url parts. Opaque tokens never contain a dot. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface AuthenticatorOptions {
  adminToken: string;
  directory: ApiTokenDirectory;
  /** Set when OIDC is configured. */
  oidc?: OidcVerifier;
  metricsToken?: string;
  /** The service's clock (API token expiry is judged on it, as the token's issuer set it). */
  now: () => Date;
}

/** The principal of a record found in the directory; refused when revoked or expired. */
export function principalOfRecord(record: ApiTokenRecord, now: Date): Principal {
  if (record.revokedAt !== null) throw new UnauthenticatedException('revoked');
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) throw new UnauthenticatedException('expired');
  return {
    actor: record.personId ? `person:${record.personId}` : `token:${record.tokenId}`,
    kind: 'api-token',
    name: record.name,
    roles: [...record.roles],
    team: record.team,
    personId: record.personId,
  };
}

/**
 * Who a bearer token is: the admin token (compared in constant time), an API token found by its
 * hash in the directory (refused when expired or revoked), or, when OIDC is configured, a JWT the
 * issuer signed. Anything else is a 401 that says which, without echoing the token.
 */
export class Authenticator {
  constructor(private readonly options: AuthenticatorOptions) {}

  /** The token of an `Authorization: Bearer <token>` header; 401 for a missing or malformed one. */
  static bearerOf(header: string | string[] | undefined): string {
    if (header === undefined || header === '') throw new UnauthenticatedException('missing');
    if (Array.isArray(header)) throw new UnauthenticatedException('malformed', 'give one Authorization header');
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) throw new UnauthenticatedException('malformed');
    return match[1];
  }

  async authenticate(token: string): Promise<Principal> {
    const { adminToken, directory, oidc, metricsToken, now } = this.options;
    if (constantTimeEqual(token, adminToken)) return ADMIN_PRINCIPAL;
    const record = directory.find(hashToken(token));
    if (record) return principalOfRecord(record, now());
    if (oidc && JWT_SHAPE.test(token)) return oidc.verify(token);
    if (metricsToken && constantTimeEqual(token, metricsToken)) return METRICS_PRINCIPAL;
    throw new UnauthenticatedException('unknown');
  }
}

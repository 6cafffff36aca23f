import { createHash, randomBytes } from 'node:crypto';
import { Role } from './roles';

/**
 * An API token as the service's projection of `ApiTokenIssued` / `ApiTokenRevoked` knows it.
 * The token itself is never stored: it is found by the sha256 of the whole token string.
 */
export interface ApiTokenRecord {
  tokenId: string;
  name: string;
  roles: Role[];
  team: string | null;
  personId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** The port the guard looks tokens up through; sync: the projection keeps an in-memory index. */
export interface ApiTokenDirectory {
  find(tokenHash: string): ApiTokenRecord | undefined;
}

export const API_TOKEN_DIRECTORY = Symbol('ApiTokenDirectory');

/** The directory of an app that projects no tokens: only the admin token (and OIDC) authenticate. */
export const NO_API_TOKENS: ApiTokenDirectory = Object.freeze({ find: () => undefined });

/** How a token is stored and published: the sha256 hex of the whole token string. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** `lp_` and 43 base64url characters (32 random bytes). */
export const API_TOKEN_PATTERN = /^lp_[A-Za-z0-9_-]{43}$/;

export const generateApiToken = (): string => `lp_${randomBytes(32).toString('base64url')}`;

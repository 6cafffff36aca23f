import { createHash } from 'crypto';

export type Role = 'viewer' | 'responder' | 'incident-manager' | 'admin' | 'sender';

export interface ApiTokenRecord {
  tokenId: string;
  name: string;
  roles: Role[];
  team: string | null;
  personId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** The API tokens a process knows, by the hash of the token (sync: an in-memory index). */
export interface ApiTokenDirectory {
  find(tokenHash: string): ApiTokenRecord | undefined;
}

export const API_TOKEN_DIRECTORY = Symbol('ApiTokenDirectory');

/** How a token is stored and published: sha256 of the whole token string, lower-case hex. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

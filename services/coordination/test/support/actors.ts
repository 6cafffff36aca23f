import { generateApiToken } from '@linchpin/platform';
import { TestApiToken } from '@linchpin/service-testing';
import { bearer } from '@linchpin/testing';

/*
 * Named people acting through tokens of their own (issue 14: who acts is the bearer token's
 * principal, never X-Actor): `as('alice')` sends alice's token, and what she does is recorded as
 * `token:alice`. Each holds admin, so a test about who acted is not also a test about roles.
 */
const NAMES = ['alice', 'bob', 'ic', 'olga', 'lead', 'ops'] as const;
export type ActorName = (typeof NAMES)[number];

const TOKENS = Object.fromEntries(NAMES.map((name) => [name, generateApiToken()])) as Record<ActorName, string>;

/** For startServiceApp's `apiTokens`. */
export const ACTOR_TOKENS: Record<string, TestApiToken> = Object.fromEntries(NAMES.map((name) => [TOKENS[name], { tokenId: name, name, roles: ['admin'] }]));

/** The Authorization header of the named actor's token. */
export const as = (name: ActorName): { Authorization: string } => bearer(TOKENS[name]);

/** What the actor's events record: `token:<name>`. */
export const actor = (name: ActorName): string => `token:${name}`;

import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * What a token lets its holder do (issue 14): `viewer` < `responder` < `incident-manager` < `admin`
 * are ranked; `sender` (systems posting signals) is not.
 */
export const ApiTokenRoles = ['viewer', 'responder', 'incident-manager', 'admin', 'sender'] as const;
export const ApiTokenRole = Type.Union(ApiTokenRoles.map((role) => Type.Literal(role)));

/** sha256 of the whole token string, lower-case hex: what every service compares a presented token with. */
export const ApiTokenHash = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * An admin issued an API token; stream `apiToken-<tokenId>`. Published by coordination. The token
 * itself is never stored nor published: only its hash (what every service's projection matches a
 * presented token against) and a hint (`lp_…` and its last 4 characters) to recognise it in a list.
 */
export const ApiTokenIssuedV1 = defineEvent(
  'ApiTokenIssued',
  1,
  Type.Object({
    tokenId: Uuid,
    name: Type.String({ minLength: 1 }),
    tokenHash: ApiTokenHash,
    hint: Type.String({ pattern: '^lp_…[A-Za-z0-9_-]{4}$' }),
    roles: Type.Array(ApiTokenRole, { minItems: 1 }),
    /** The team a holder below `incident-manager` may act for; null: no team scope. */
    team: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** The person the token belongs to (their actor is `person:<personId>`); null: a system's token. */
    personId: Type.Union([Uuid, Type.Null()]),
    /** After this instant the token is refused; null: until revoked. */
    expiresAt: Type.Union([IsoTime, Type.Null()]),
    /** The actor who issued it. */
    issuedBy: Type.String({ minLength: 1 }),
  }),
);

export const ApiTokenIssued = ApiTokenIssuedV1;
export type ApiTokenIssuedEvent = EventOf<typeof ApiTokenIssuedV1>;

import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * An admin revoked an API token (stream `apiToken-<tokenId>`): every service refuses it once its
 * projection has this event, within the bus's lag. Final. Published by coordination.
 */
export const ApiTokenRevokedV1 = defineEvent(
  'ApiTokenRevoked',
  1,
  Type.Object({
    tokenId: Uuid,
    reason: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** The actor who revoked it. */
    revokedBy: Type.String({ minLength: 1 }),
  }),
);

export const ApiTokenRevoked = ApiTokenRevokedV1;
export type ApiTokenRevokedEvent = EventOf<typeof ApiTokenRevokedV1>;

import { Type } from '@sinclair/typebox';
import { ApiTokenIssuedV1, defineEvent, EventOf, upcast } from '@linchpin/contracts';
import { CommandContext, commandHandler, configurationMetadata, Decider } from '@linchpin/eventsourcing';

/*
 * Each process's own copy of coordination's API tokens (private streams `knownApiToken-<tokenId>`,
 * never relayed), as triage keeps coordination's teams (`knownTeam-`): a consumer group does not
 * read consumed messages again, so after a restart only the process's store can tell it which
 * tokens exist. The copy holds the hash, never the token.
 */

export const KNOWN_API_TOKEN_STREAM_PREFIX = 'knownApiToken-';

/** Coordination issued the token (ApiTokenIssued): its data as published. */
export const ApiTokenKnown = defineEvent('ApiTokenKnown', 1, ApiTokenIssuedV1.schema);
export type ApiTokenKnownEvent = EventOf<typeof ApiTokenKnown>;

/** Coordination revoked the token (ApiTokenRevoked) at `revokedAt`, the time coordination decided it. */
export const ApiTokenRevocationKnown = defineEvent(
  'ApiTokenRevocationKnown',
  1,
  Type.Object({ tokenId: Type.String({ minLength: 1 }), revokedAt: Type.String({ format: 'date-time' }) }),
);
export type ApiTokenRevocationKnownEvent = EventOf<typeof ApiTokenRevocationKnown>;

export interface RecordIssuedToken {
  type: 'RecordIssuedToken';
  eventId: string;
  tokenId: string;
  issued: ApiTokenKnownEvent['data'];
  context: CommandContext;
}

export interface RecordRevokedToken {
  type: 'RecordRevokedToken';
  eventId: string;
  tokenId: string;
  revokedAt: string;
  context: CommandContext;
}

export type ApiTokenCopyCommand = RecordIssuedToken | RecordRevokedToken;
export type ApiTokenCopyEvent = ApiTokenKnownEvent | ApiTokenRevocationKnownEvent;
export type ApiTokenCopyState = { status: 'unknown' | 'known' | 'revoked' };

/**
 * Once per fact: a redelivered ApiTokenIssued or ApiTokenRevoked records nothing. A revocation is
 * final; one that arrives for a token never heard of (its issue fell out of the topic's retention)
 * is still recorded, so no later copy of the issue could bring the token back.
 */
export const apiTokenCopyDecider: Decider<ApiTokenCopyCommand, ApiTokenCopyState, ApiTokenCopyEvent> = {
  initialState: { status: 'unknown' },
  evolve: (state, event) => (ApiTokenRevocationKnown.is(event) ? { status: 'revoked' } : ApiTokenKnown.is(event) ? { status: 'known' } : state),
  decide: (command, state) => {
    if (command.type === 'RecordIssuedToken') {
      return state.status === 'unknown' ? [ApiTokenKnown.create(command.eventId, command.issued, configurationMetadata(command.context))] : [];
    }
    if (state.status === 'revoked') return [];
    return [ApiTokenRevocationKnown.create(command.eventId, { tokenId: command.tokenId, revokedAt: command.revokedAt }, configurationMetadata(command.context))];
  },
};

/** One private stream per token, in the process's own store. */
export const apiTokenCopies = commandHandler(apiTokenCopyDecider, ({ tokenId }: { tokenId: string }) => `${KNOWN_API_TOKEN_STREAM_PREFIX}${tokenId}`, { upcast });

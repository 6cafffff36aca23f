import { CommandContext, Decider, DomainError, NotFoundError, assertNever, configurationMetadata } from '@linchpin/eventsourcing';
import { ApiTokenIssued, ApiTokenIssuedEvent, ApiTokenRevoked, ApiTokenRevokedEvent, ApiTokenRoles } from '@linchpin/contracts';

/*
 * API tokens (issue 14): an admin issues one for a person or a system, with roles, an optional team
 * and an optional expiry; it is revocable, once. The decider never sees the token: the handler makes
 * it, shows it once in its answer, and hands over only its hash and hint, which are all that is
 * stored and published.
 */

export type ApiTokenRole = (typeof ApiTokenRoles)[number];

export interface ApiToken {
  tokenId: string;
  name: string;
  tokenHash: string;
  /** `lp_…` and the token's last 4 characters: enough to tell tokens apart in a list, not to use one. */
  hint: string;
  roles: ApiTokenRole[];
  team: string | null;
  personId: string | null;
  expiresAt: string | null;
  issuedAt: string;
  issuedBy: string;
}

export interface IssueApiToken {
  type: 'IssueApiToken';
  tokenId: string;
  eventId: string;
  name: string;
  tokenHash: string;
  hint: string;
  roles: ApiTokenRole[];
  team: string | null;
  personId: string | null;
  expiresAt: string | null;
  by: string;
  context: CommandContext;
}

export interface RevokeApiToken {
  type: 'RevokeApiToken';
  tokenId: string;
  eventId: string;
  reason: string | null;
  by: string;
  context: CommandContext;
}

export type ApiTokenCommand = IssueApiToken | RevokeApiToken;
export type ApiTokenEvent = ApiTokenIssuedEvent | ApiTokenRevokedEvent;
export type ApiTokenState =
  | { status: 'none' }
  | ({ status: 'active' } & ApiToken)
  | ({ status: 'revoked'; revokedAt: string; revokedBy: string; revokeReason: string | null } & ApiToken);

/** Why an expiry cannot be given to a token issued at `issuedAt` (not after it), or undefined. The handler answers it as a 400 first. */
export const expiryProblem = (expiresAt: string | null, issuedAt: string): string | undefined =>
  expiresAt !== null && Date.parse(expiresAt) <= Date.parse(issuedAt) ? `expiresAt ${expiresAt} must be in the future (it is ${issuedAt})` : undefined;

export const apiTokenDecider: Decider<ApiTokenCommand, ApiTokenState, ApiTokenEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'ApiTokenIssued': {
        const { issuedBy, ...token } = event.data;
        return { status: 'active', ...token, roles: [...token.roles], issuedAt: event.metadata.occurredAt, issuedBy };
      }
      case 'ApiTokenRevoked':
        if (state.status !== 'active') return state;
        return { ...state, status: 'revoked', revokedAt: event.metadata.occurredAt, revokedBy: event.data.revokedBy, revokeReason: event.data.reason };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'IssueApiToken':
        return decideIssue(command, state);
      case 'RevokeApiToken':
        return decideRevoke(command, state);
      default:
        return assertNever(command);
    }
  },
};

function decideIssue(command: IssueApiToken, state: ApiTokenState): ApiTokenEvent[] {
  // Token ids are new for every request: a second issue on one stream is a caller's bug, never a retry to absorb.
  if (state.status !== 'none') throw new DomainError('token_exists', `API token ${command.tokenId} already exists`);
  // A token without a role could do nothing: refused rather than stored useless.
  if (command.roles.length === 0) throw new DomainError('token_without_roles', 'an API token needs at least one role', 'roles');
  const expiry = expiryProblem(command.expiresAt, command.context.occurredAt);
  if (expiry) throw new DomainError('token_expired_at_issue', expiry, 'expiresAt');
  const { tokenId, name, tokenHash, hint, team, personId, expiresAt } = command;
  const roles = [...new Set(command.roles)];
  return [ApiTokenIssued.create(command.eventId, { tokenId, name, tokenHash, hint, roles, team, personId, expiresAt, issuedBy: command.by }, configurationMetadata(command.context))];
}

function decideRevoke(command: RevokeApiToken, state: ApiTokenState): ApiTokenEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('api token', command.tokenId);
    case 'active':
      return [ApiTokenRevoked.create(command.eventId, { tokenId: command.tokenId, reason: command.reason, revokedBy: command.by }, configurationMetadata(command.context))];
    // Refused rather than ignored: the caller learns who revoked it and when.
    case 'revoked':
      throw new DomainError('already_revoked', `API token "${state.name}" was revoked at ${state.revokedAt} by ${state.revokedBy}`);
    default:
      return assertNever(state);
  }
}

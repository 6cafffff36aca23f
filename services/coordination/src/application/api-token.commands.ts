import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { ApiTokenRole, ApiTokenState, IssueApiToken, RevokeApiToken } from '../domain/api-token.decider';

/**
 * A token as the routes answer it: never the token, never its hash. `expired` once its expiry has
 * passed (every service refuses it from then on), at the time of the read.
 */
export interface ApiTokenView {
  tokenId: string;
  name: string;
  hint: string;
  roles: ApiTokenRole[];
  team: string | null;
  personId: string | null;
  status: 'active' | 'expired' | 'revoked';
  expiresAt: string | null;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export const apiTokenView = (state: Exclude<ApiTokenState, { status: 'none' }>, now: Date): ApiTokenView => {
  const expired = state.expiresAt !== null && Date.parse(state.expiresAt) <= now.getTime();
  return {
    tokenId: state.tokenId,
    name: state.name,
    hint: state.hint,
    roles: state.roles,
    team: state.team,
    personId: state.personId,
    status: state.status === 'revoked' ? 'revoked' : expired ? 'expired' : 'active',
    expiresAt: state.expiresAt,
    issuedAt: state.issuedAt,
    issuedBy: state.issuedBy,
    revokedAt: state.status === 'revoked' ? state.revokedAt : null,
    revokedBy: state.status === 'revoked' ? state.revokedBy : null,
    revokeReason: state.status === 'revoked' ? state.revokeReason : null,
  };
};

/** The one answer that carries the token: shown once, stored nowhere. */
export interface IssuedApiToken {
  tokenId: string;
  token: string;
  hint: string;
  name: string;
  roles: ApiTokenRole[];
  team: string | null;
  personId: string | null;
  expiresAt: string | null;
  issuedAt: string;
}

export interface ApiTokenPage {
  items: ApiTokenView[];
  nextCursor: string | null;
}

/** `team` by name and `personId` are checked by the handler (a known team, a registered person not retired). */
export class IssueApiTokenCommand extends commandWith<
  Pick<IssueApiToken, 'name' | 'roles' | 'team' | 'personId' | 'expiresAt'> & { request: RequestContext },
  IssuedApiToken
>() {}

export class RevokeApiTokenCommand extends commandWith<Pick<RevokeApiToken, 'tokenId' | 'reason'> & { request: RequestContext }, { eventId: string }>() {}

export class GetApiTokenQuery extends Query<ApiTokenView> {
  constructor(readonly tokenId: string) {
    super();
  }
}

export class ListApiTokensQuery extends Query<ApiTokenPage> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

import { HttpException, HttpStatus } from '@nestjs/common';
import { Role } from './roles';

/** Why a presented (or missing) credential was refused: said in the 401's detail, never echoing the token. */
export type AuthenticationFailure = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked' | 'invalid';

const DETAILS: Record<AuthenticationFailure, string> = {
  missing: 'This route needs a bearer token: send Authorization: Bearer <token>',
  malformed: 'The Authorization header is not of the form Bearer <token>',
  unknown: 'The bearer token is not known here',
  expired: 'The bearer token has expired',
  revoked: 'The bearer token was revoked',
  invalid: 'The bearer token failed verification',
};

/** 401: no usable credential. The filter adds `WWW-Authenticate: Bearer` (RFC 6750). */
export class UnauthenticatedException extends HttpException {
  constructor(
    readonly failure: AuthenticationFailure,
    /** Extra words for the detail (e.g. which OIDC check failed), never the token. */
    detail?: string,
  ) {
    super(detail ? `${DETAILS[failure]}: ${detail}` : DETAILS[failure], HttpStatus.UNAUTHORIZED);
  }

  /** The challenge: `invalid_token` when a token was presented and refused, bare when none was sent. */
  get challenge(): string {
    return this.failure === 'missing' ? 'Bearer realm="linchpin"' : 'Bearer realm="linchpin", error="invalid_token"';
  }
}

/** 403 with a machine-readable code: `insufficient_role` or `team_scope`. */
export class AccessDeniedException extends HttpException {
  constructor(
    readonly code: 'insufficient_role' | 'team_scope',
    detail: string,
  ) {
    super(detail, HttpStatus.FORBIDDEN);
  }

  static role(required: Role, held: readonly Role[]): AccessDeniedException {
    return new AccessDeniedException(
      'insufficient_role',
      `This route needs the role ${required}${required === 'sender' || required === 'admin' ? '' : ' or higher'}; the token holds ${held.length ? held.join(', ') : 'no role'}`,
    );
  }

  static team(principalTeam: string, resourceTeam: string | null): AccessDeniedException {
    return new AccessDeniedException(
      'team_scope',
      `The token acts for team ${principalTeam} only; this incident belongs to ${resourceTeam === null ? 'no team' : `team ${resourceTeam}`}`,
    );
  }
}

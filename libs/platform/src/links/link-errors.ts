import { HttpException, HttpStatus } from '@nestjs/common';
import { LinkRefusal } from './signed-link';

/** The problem `code` of each refusal: what the caller learns, and nothing that helps make a valid link. */
export const LINK_REFUSAL_CODES: Record<LinkRefusal, string> = {
  malformed: 'link_malformed',
  signature: 'link_signature_invalid',
  purpose: 'link_wrong_purpose',
  expired: 'link_expired',
};

const DETAILS: Record<LinkRefusal, string> = {
  malformed: 'The link is not a Linchpin signed link (it was cut short or altered)',
  signature: 'The link’s signature does not verify: it was altered, or signed with a key this deployment no longer uses',
  purpose: 'The link is valid, but for another purpose than this route’s',
  expired: 'The link has expired: ask for a new one (every new page or update carries a new link)',
};

/**
 * 401 for a signed link that is not good: the link is the credential of its route, and it is not
 * accepted. The filter answers problem+json with `code` and a `WWW-Authenticate: SignedLink` challenge
 * (a 401 needs one; a bearer token would not help here).
 */
export class LinkRefusedException extends HttpException {
  constructor(readonly refusal: LinkRefusal) {
    super(DETAILS[refusal], HttpStatus.UNAUTHORIZED);
  }

  get code(): string {
    return LINK_REFUSAL_CODES[this.refusal];
  }

  readonly challenge = 'SignedLink realm="linchpin"';
}

import { CREDENTIAL_QUERY_PARAMETERS } from './outbound/outbound-url';

/**
 * Secrets kept out of log lines and views: integration keys in sender paths, signed links' tokens, bearer and Linchpin tokens, a
 * URL's credentials (`https://user:pass@host`) and secret-looking query values (`?token=`, `key=`, `sig=`…).
 * What is stored is left as it is; what is written out or shown is masked.
 */
export const REDACTED = '***';

/** Query parameters whose value is a credential: the outbound guard's list (names compared without `-`, `_` and case), and integration keys. */
const SECRET_QUERY_NAMES = new Set([...CREDENTIAL_QUERY_PARAMETERS, 'routingkey', 'integrationkey', 'code']);
const QUERY_PARAMETER = /([?&;])([^=&#;\s"'<>]+)=([^&#;\s"'<>]*)/g;
const maskQuery = (text: string): string =>
  text.replace(QUERY_PARAMETER, (whole, separator: string, name: string) =>
    SECRET_QUERY_NAMES.has(name.toLowerCase().replace(/[-_]/g, '')) ? `${separator}${name}=${REDACTED}` : whole,
  );
/** Userinfo of an absolute URL: a user name may be the token itself (`https://<token>@host`). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>]+@/gi;
/**
 * `/detection/integrations/<kind>/<key>`: a sender's key is its path's last segment (the kind is a word; the
 * configuration routes have a UUID there: `/detection/integrations/<id>/revoke`).
 */
const KEY_SEGMENT = /(\/detection\/integrations\/[a-z][a-z-]*\/)[^/?#\s"'<>]+/gi;
/** `/<service>/links/<purpose>/<token>`: a signed link's token is its credential (links/signed-link.ts). */
const LINK_SEGMENT = /(\/links\/[a-z][a-z-]*\/)[^/?#\s"'<>]+/gi;
const BEARER = /\b(Bearer\s+)[^\s,"']+/gi;
/** An API token (`lp_` + 43 base64url characters) wherever it appears. */
const API_TOKEN = /\blp_[A-Za-z0-9_-]{20,}/g;

/** A URL or request target (`/path?query`) with its credentials, key segment, link token and secret query values masked. */
export function redactUrl(url: string): string {
  return maskQuery(url.replace(USERINFO, `$1${REDACTED}@`).replace(KEY_SEGMENT, `$1${REDACTED}`).replace(LINK_SEGMENT, `$1${REDACTED}`));
}

/** Free text (a log message, an error's message or stack): every URL in it, bearer tokens and API tokens masked. */
export function redactSecrets(text: string): string {
  return redactUrl(text).replace(BEARER, `$1${REDACTED}`).replace(API_TOKEN, `lp_${REDACTED}`);
}


/**
 * Secrets kept out of log lines and views: integration keys in sender paths, bearer and Linchpin tokens, a
 * URL's credentials (`https://user:pass@host`) and secret-looking query values (`?token=`, `key=`, `sig=`…).
 * What is stored is left as it is; what is written out or shown is masked.
 */
export const REDACTED = '***';

/** Query parameters whose value is a credential in the APIs webhooks and senders use. */
const SECRET_QUERY_NAMES =
  'token|access_token|id_token|refresh_token|api_key|apikey|api-key|key|sig|signature|secret|client_secret|password|passwd|pwd|auth|code|routing_key|integration_key';
const SECRET_QUERY = new RegExp(`([?&;](?:${SECRET_QUERY_NAMES})=)[^&#;\\s"'<>]*`, 'gi');
/** Userinfo of an absolute URL: a user name may be the token itself (`https://<token>@host`). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>]+@/gi;
/**
 * `/detection/integrations/<kind>/<key>`: a sender's key is its path's last segment (the kind is a word; the
 * configuration routes have a UUID there: `/detection/integrations/<id>/revoke`).
 */
const KEY_SEGMENT = /(\/detection\/integrations\/[a-z][a-z-]*\/)[^/?#\s"'<>]+/gi;
const BEARER = /\b(Bearer\s+)[^\s,"']+/gi;
/** An API token (`lp_` + 43 base64url characters) wherever it appears. */
const API_TOKEN = /\blp_[A-Za-z0-9_-]{20,}/g;

/** A URL or request target (`/path?query`) with its credentials, key segment and secret query values masked. */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, `$1${REDACTED}@`).replace(KEY_SEGMENT, `$1${REDACTED}`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** Free text (a log message, an error's message or stack): every URL in it, bearer tokens and API tokens masked. */
export function redactSecrets(text: string): string {
  return redactUrl(text).replace(BEARER, `$1${REDACTED}`).replace(API_TOKEN, `lp_${REDACTED}`);
}

/** For views: a stored URL shown without its credentials; anything not a string is left as it is. */
export function maskUrlCredentials<T>(value: T): T {
  return (typeof value === 'string' ? redactUrl(value) : value) as T;
}

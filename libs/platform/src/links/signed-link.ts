import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/*
 * Signed one-purpose links (issue 14): a URL that lets whoever holds it do one thing without a
 * token, e.g. a paged person acknowledging from the page. The token in the URL is
 *
 *   base64url( payload || HMAC-SHA256(key, payload) )
 *   payload = version (1 byte) | purpose (1 byte) | subject ids (16 bytes each) | expiry (unix seconds, 6 bytes)
 *
 * Compact (an acknowledge link's token is 96 characters: a path parameter may have 100), made
 * by nobody but the processes holding the key, and checked in constant time. The payload is
 * signed, not encrypted: it names ids, never anything secret. Nothing about a link is stored: its
 * validity is its signature and expiry, so rotating the key voids every outstanding link.
 */

const VERSION = 1;
const MAC_BYTES = 32;
const ID_BYTES = 16;
const EXPIRY_BYTES = 6;
const HEADER_BYTES = 2;

/** What a link may do, each with its code in the payload and how many ids name its subject. */
export const LINK_PURPOSES = {
  /** Acknowledge an incident as a paged person: ids [incidentId, personId]. */
  ack: { code: 1, ids: 2 },
  /** Cancel a status-update subscription, as whoever received its message: ids [subscriptionId]. */
  unsubscribe: { code: 2, ids: 1 },
} as const;
export type LinkPurpose = keyof typeof LINK_PURPOSES;

/** Why a link was refused. Said in the 401, with nothing that would help forge one. */
export type LinkRefusal = 'malformed' | 'signature' | 'purpose' | 'expired';

export class LinkRefusedError extends Error {
  constructor(readonly refusal: LinkRefusal) {
    super(`signed link refused: ${refusal}`);
    this.name = 'LinkRefusedError';
  }
}

export interface LinkClaims {
  purpose: LinkPurpose;
  /** The ids the purpose names (lowercase UUIDs), in its order. */
  ids: string[];
  /** Whole seconds: the payload keeps unix seconds. */
  expiresAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_CHARACTERS = /^[A-Za-z0-9_-]+$/;

/** How long a link of `purpose` is, in base64url characters (no padding). */
export const linkTokenLength = (purpose: LinkPurpose): number => Math.ceil(((HEADER_BYTES + LINK_PURPOSES[purpose].ids * ID_BYTES + EXPIRY_BYTES + MAC_BYTES) * 4) / 3);

/** What the OpenAPI document says of a link's token parameter (a pipe's `openApiSchema`, see openapi-parameters.ts). */
export const linkTokenSchema = (purpose: LinkPurpose) => {
  const length = linkTokenLength(purpose);
  return { type: 'string', pattern: `^[A-Za-z0-9_-]{${length}}$`, minLength: length, maxLength: length } as const;
};

const uuidBytes = (id: string): Buffer => {
  if (!UUID.test(id)) throw new Error(`a signed link names ids by UUID; got '${id}'`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
};
const uuidOf = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const mac = (key: Buffer, payload: Buffer): Buffer => createHmac('sha256', key).update(payload).digest();

/** The signed token of a link (URL-safe, no padding). */
export function signLink(key: Buffer, claims: LinkClaims): string {
  const { code, ids } = LINK_PURPOSES[claims.purpose];
  if (claims.ids.length !== ids) throw new Error(`a ${claims.purpose} link names ${ids} ids; got ${claims.ids.length}`);
  const expiry = Buffer.alloc(EXPIRY_BYTES);
  expiry.writeUIntBE(Math.floor(claims.expiresAt.getTime() / 1000), 0, EXPIRY_BYTES);
  const payload = Buffer.concat([Buffer.from([VERSION, code]), ...claims.ids.map(uuidBytes), expiry]);
  return Buffer.concat([payload, mac(key, payload)]).toString('base64url');
}

/**
 * The claims of a token signed with `key` for `purpose`, valid at `now`; else a LinkRefusedError
 * saying why: malformed (not a token of this format), signature (not signed with this key, or
 * altered), purpose (a valid link for something else), expired. The signature is checked before
 * anything the payload says is believed, and compared in constant time.
 */
export function verifyLink(key: Buffer, token: string, purpose: LinkPurpose, now: Date): LinkClaims {
  if (token.length > 512 || !TOKEN_CHARACTERS.test(token)) throw new LinkRefusedError('malformed');
  const bytes = Buffer.from(token, 'base64url');
  // One spelling per token: trailing bits that decode to the same bytes are not another valid token.
  if (bytes.toString('base64url') !== token || bytes.length < HEADER_BYTES + EXPIRY_BYTES + MAC_BYTES) throw new LinkRefusedError('malformed');
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  const given = bytes.subarray(bytes.length - MAC_BYTES);
  if (!timingSafeEqual(given, mac(key, payload))) throw new LinkRefusedError('signature');
  // Signed by us: the layout is ours, so a version or a purpose we do not know is a link for something else.
  const [version, code] = payload;
  const expected = LINK_PURPOSES[purpose];
  if (version !== VERSION || code !== expected.code || payload.length !== HEADER_BYTES + expected.ids * ID_BYTES + EXPIRY_BYTES) {
    throw new LinkRefusedError('purpose');
  }
  const ids = Array.from({ length: expected.ids }, (_, i) => uuidOf(payload.subarray(HEADER_BYTES + i * ID_BYTES, HEADER_BYTES + (i + 1) * ID_BYTES)));
  const expiresAt = new Date(payload.readUIntBE(payload.length - EXPIRY_BYTES, EXPIRY_BYTES) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new LinkRefusedError('expired');
  return { purpose, ids, expiresAt };
}

/** HKDF's `info`: keys derived for links are good for nothing else. */
const LINK_KEY_INFO = 'linchpin signed links v1';

/**
 * The key links are signed with: LINCHPIN_LINK_SECRET when set, else one derived (HKDF-SHA256) from
 * the admin token, so one standalone, or processes sharing LINCHPIN_ADMIN_TOKEN (or a data
 * directory), agree without another secret, and the admin token itself never signs anything.
 */
export function linkKeyOf(source: { linkSecret?: string; adminToken: string }): Buffer {
  if (source.linkSecret) return Buffer.from(source.linkSecret, 'utf8');
  return Buffer.from(hkdfSync('sha256', source.adminToken, Buffer.alloc(0), LINK_KEY_INFO, 32));
}

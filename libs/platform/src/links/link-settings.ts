/** Signed links live a week unless LINCHPIN_LINK_TTL_HOURS says otherwise: a page acknowledged days later still works, a leaked one dies. */
export const DEFAULT_LINK_TTL_HOURS = 168;
/** A year: longer-lived links are credentials nobody remembers handing out. */
export const MAX_LINK_TTL_HOURS = 8760;
/** As long as an admin token: it is a key anyone holding it can mint links with. */
export const LINK_SECRET_MIN_LENGTH = 32;

/** How signed links are made: their key and lifetime (where they point is LinchpinConfig.publicUrl). */
export interface LinkSettings {
  /** LINCHPIN_LINK_SECRET; unset: the key is derived from the admin token (signed-link.ts, linkKeyOf). */
  secret?: string;
  /** LINCHPIN_LINK_TTL_HOURS: how long a link is valid after it was made. */
  ttlHours: number;
}

/**
 * LINCHPIN_PUBLIC_URL's shape: an absolute http(s) URL, optionally with a path (a gateway's prefix),
 * without credentials, query or fragment, since links are built by appending a path to it.
 */
export function isPublicBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && !value.includes('?') && !value.includes('#');
  } catch {
    return false;
  }
}

/** The base every link starts with, without a trailing slash: LINCHPIN_PUBLIC_URL, else this process on localhost. */
export function publicUrlOf(value: string | undefined, port: number): string {
  return value === undefined ? `http://localhost:${port}` : value.replace(/\/+$/, '');
}

/**
 * What start-up warns of when LINCHPIN_PUBLIC_URL is unset (not under NODE_ENV=test, where
 * localhost is the point): the links Linchpin sends would reach nobody but this machine.
 */
export function publicUrlWarning(env: Readonly<Record<string, string | undefined>>, publicUrl: string): string | undefined {
  if (env.LINCHPIN_PUBLIC_URL?.trim() || env.NODE_ENV === 'test') return undefined;
  return `LINCHPIN_PUBLIC_URL is not set: the links Linchpin sends (a page's acknowledge link) point at ${publicUrl}, which only this machine reaches; set it to the address people reach Linchpin at`;
}

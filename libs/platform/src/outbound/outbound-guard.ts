import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { AllowedRanges, parseAddress, refusalOfAddress } from './address-policy';
import { OutboundResolver, systemResolver } from './outbound-resolver';
import { inspectOutboundUrl, OutboundUrlRefusal } from './outbound-url';

/** The guard refused the target: final, never retried; the message says why, for the timeline. */
export class OutboundRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`refused by the outbound guard: ${reason}`);
    this.name = 'OutboundRefusedError';
  }
}

export interface OutboundGuardOptions {
  /** CIDR ranges reachable besides public addresses (OUTBOUND_ALLOW_CIDRS). */
  allowCidrs?: readonly string[];
  /** How names are resolved at send time; the system resolver by default. */
  resolve?: OutboundResolver;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The one way Linchpin calls out over HTTP. It refuses non-http(s) URLs, credentials in URLs, and
 * loopback, link-local (cloud metadata), private, unique-local, unspecified, multicast and
 * reserved addresses in every spelling, unless OUTBOUND_ALLOW_CIDRS allows their range. Names are
 * resolved before the call; when any address they resolve to is refused, the call is refused (a
 * name that mixes public and internal answers is not trusted), and the connection is pinned to the
 * checked address, so a second, different DNS answer cannot redirect it. Redirects are not followed.
 */
export class OutboundGuard {
  readonly allowed: AllowedRanges;
  private readonly resolve: OutboundResolver;

  constructor(options: OutboundGuardOptions = {}) {
    this.allowed = new AllowedRanges(options.allowCidrs ?? []);
    this.resolve = options.resolve ?? systemResolver;
  }

  /** Write time: why this URL is refused by its literal form (no DNS), or undefined. */
  refusalOf(url: string): string | undefined {
    const target = inspectOutboundUrl(url, this.allowed);
    if (target instanceof OutboundUrlRefusal) return `refused by the outbound guard: ${target.reason}`;
    // As RFC 3986 (and the document's `format: uri`) writes a URL: what a person reads is what is called.
    if (/[^\x21-\x7e]/.test(url)) return 'refused by the outbound guard: a URL is printable ASCII (an internationalised host in its punycode xn-- form, the rest percent-encoded)';
    return undefined;
  }

  /**
   * Send time: checks, resolves and pins, then fetches with `redirect: 'manual'` (a 3xx comes back
   * as it is). Throws OutboundRefusedError for a refused target, before any connection is opened.
   */
  async fetch(url: string, init: Omit<RequestInit, 'redirect' | 'dispatcher'> = {}): Promise<Response> {
    const target = inspectOutboundUrl(url, this.allowed);
    if (target instanceof OutboundUrlRefusal) throw new OutboundRefusedError(target.reason);
    const address = target.address ? target.address.toString() : await this.checkedAddressOf(target.host, init.signal ?? undefined);
    const family = address.includes(':') ? 6 : 4;
    // Only the socket's address is pinned: the URL keeps the name, so Host and TLS SNI stay the name.
    const lookup = (_hostname: string, options: LookupOptions, callback: LookupCallback) =>
      options.all ? callback(null, [{ address, family }]) : callback(null, address, family);
    const dispatcher = new Agent({ connect: { lookup } });
    try {
      const response = await fetch(target.url, { ...init, redirect: 'manual', dispatcher });
      // Closes once the caller has read or cancelled the body.
      void dispatcher.close().catch(() => undefined);
      return response;
    } catch (error) {
      void dispatcher.destroy().catch(() => undefined);
      throw error;
    }
  }

  private async checkedAddressOf(host: string, signal?: AbortSignal): Promise<string> {
    const resolving = this.resolve(host);
    const addresses = signal ? await abortable(resolving, signal) : await resolving;
    if (addresses.length === 0) throw new Error(`${host} resolves to no address`);
    for (const text of addresses) {
      const address = parseAddress(text);
      if (!address) throw new OutboundRefusedError(`${host} resolves to ${text}, which is not an IP address`);
      const refusal = refusalOfAddress(address, this.allowed);
      if (refusal) throw new OutboundRefusedError(`${host} resolves to ${address.toString()}, ${refusal}`);
    }
    return parseAddress(addresses[0])!.toString();
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * What failed, for an operator reading the page or the timeline: the guard's reason for a refusal,
 * "no answer … within the timeout", or the real cause of a failed connection in words with its
 * code and where it went (`connection refused (ECONNREFUSED) to 127.0.0.1:9999`, a DNS or TLS
 * failure, a closed connection): never fetch's own `TypeError: fetch failed`, which hides them.
 */
export function describeOutboundError(error: unknown, url: string): string {
  if (error instanceof OutboundRefusedError) return error.message;
  // Duck-typed, not instanceof: an error made in another realm (a vm context, a worker) is an Error too.
  if (!isErrorLike(error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer from ${hostOf(url)} within the timeout`;
  const cause = rootCauseOf(error);
  const host = hostOf(url);
  // fetch refuses well-known non-HTTP ports (9, 25, 6000, …) by itself, before connecting.
  if (cause.message === 'bad port') return `${host} uses a port fetch never calls (a well-known non-HTTP port)`;
  if (!cause.code) return `${cause.name}: ${cause.message}`;
  return describeCode(cause.code, cause.message, host);
}

function describeCode(code: string, message: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (ECONNREFUSED) to ${host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return `DNS lookup failed (${code}) for ${hostnameOf(host)}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `connection closed by ${host} before it answered (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connection to ${host} timed out (${code})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `no answer from ${host} within the timeout (${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${host} (${code})`;
    default:
      if (isTlsCode(code)) return `TLS handshake with ${host} failed: ${message} (${code})`;
      return `could not reach ${host}: ${message} (${code})`;
  }
}

/** OpenSSL's and Node's TLS codes (ERR_SSL_…, ERR_TLS_…, certificate checks). */
const isTlsCode = (code: string): boolean =>
  /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_)/.test(code) || /SELF_SIGNED|CERT/.test(code);

interface Cause {
  name: string;
  message: string;
  code?: string;
}

/**
 * The innermost error that says what happened: fetch wraps the socket's error in `cause`, and a
 * connection tried on several addresses in turn fails with an AggregateError of each attempt.
 */
const isErrorLike = (e: unknown): e is Error => typeof e === 'object' && e !== null && typeof (e as Error).message === 'string';

function rootCauseOf(error: Error): Cause {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const e = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.code === 'string' && e.code !== 'UND_ERR') return asCause(current);
    if (isErrorLike(e.cause)) current = e.cause;
    else if (Array.isArray(e.errors) && isErrorLike(e.errors[0])) current = e.errors[0];
    else break;
  }
  return asCause(current);
}

const asCause = (e: unknown): Cause => {
  const error = e as { name?: string; message?: string; code?: unknown; reason?: unknown };
  // OpenSSL's message is a dump of its internals; its `reason` is the readable part ("wrong version number").
  const message = typeof error.reason === 'string' && error.reason ? error.reason : (error.message ?? String(e)).split('\n')[0].trim();
  return { name: error.name ?? 'Error', message, ...(typeof error.code === 'string' ? { code: error.code } : {}) };
};

const hostnameOf = (host: string): string => host.replace(/:\d+$/, '');

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

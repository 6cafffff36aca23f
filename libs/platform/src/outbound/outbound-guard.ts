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
 * What failed, for an operator reading the timeline: the guard's reason for a refusal, "no answer
 * within …" for a timeout, the socket error's code for a connection that failed.
 */
export function describeOutboundError(error: unknown, url: string): string {
  if (error instanceof OutboundRefusedError) return error.message;
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer from ${hostOf(url)} within the timeout`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `could not resolve ${hostOf(url)} (${code})`;
  if (code) return `could not reach ${hostOf(url)} (${code})`;
  // fetch refuses well-known non-HTTP ports (9, 25, 6000, …) by itself, before connecting.
  if (error.message === 'bad port' || cause?.message === 'bad port') return `${hostOf(url)} uses a port fetch never calls (a well-known non-HTTP port)`;
  return `${error.name}: ${cause?.message ?? error.message}`;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Why an IPv4 range is not a place to send webhooks; only ipaddr.js's 'unicast' (public) is allowed. */
const IPV4_RANGES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  reserved: 'a reserved address',
  as112: 'a reserved (AS112) address',
  amt: 'a reserved (AMT) address',
};

const IPV6_RANGES: Record<string, string> = {
  unspecified: 'an unspecified address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address',
  uniqueLocal: 'a unique-local address',
  deprecatedSiteLocal: 'a site-local address',
  teredo: 'a Teredo tunnel address',
};

/** Global unicast IPv6 is 2000::/3; everything outside it is unassigned or special. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * IPv6 forms that carry an IPv4 address which is what the packets reach in the end: IPv4-mapped
 * and translated (::ffff:a.b.c.d, ::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96), IPv4-compatible
 * (::a.b.c.d) and 6to4 (2002:AABB:CCDD::/16).
 */
export function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const range = address.range();
  const fromLast32 = () => new ipaddr.IPv4([parts[6] >> 8, parts[6] & 0xff, parts[7] >> 8, parts[7] & 0xff]);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromLast32();
  if (range === 'rfc6052' && parts[2] === 0) return fromLast32();
  if (range === '6to4') return new ipaddr.IPv4([parts[1] >> 8, parts[1] & 0xff, parts[2] >> 8, parts[2] & 0xff]);
  // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 are classified as themselves.
  if (parts.slice(0, 6).every((p) => p === 0) && range !== 'unspecified' && range !== 'loopback') return fromLast32();
  return undefined;
}

/** Parses an IP literal as written in a URL host or returned by a resolver; undefined when it is not one. */
export function parseAddress(literal: string): Address | undefined {
  const bare = literal.startsWith('[') && literal.endsWith(']') ? literal.slice(1, -1) : literal;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  // A zone (fe80::1%eth0) is not something a webhook URL should carry; treat it as not an address.
  if (!bare.includes('%') && ipaddr.IPv6.isValid(bare)) return ipaddr.IPv6.parse(bare);
  return undefined;
}

/**
 * The address ranges outbound calls may reach besides the public internet (OUTBOUND_ALLOW_CIDRS).
 * Empty by default: no loopback, private, link-local or metadata address is reachable.
 */
export class AllowedRanges {
  private readonly ranges: [Address, number][];

  constructor(readonly cidrs: readonly string[] = []) {
    this.ranges = cidrs.map((cidr) => parseCidr(cidr));
  }

  contains(address: Address): boolean {
    const candidates: Address[] = [address];
    if (address.kind() === 'ipv6') {
      const v4 = embeddedIPv4(address as ipaddr.IPv6);
      if (v4) candidates.push(v4);
    }
    return this.ranges.some(([network, bits]) => candidates.some((a) => a.kind() === network.kind() && a.match(network, bits)));
  }
}

/** A CIDR such as 10.20.0.0/16 or fd00::/8; throws with a readable message otherwise. */
export function parseCidr(cidr: string): [Address, number] {
  const trimmed = cidr.trim();
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(trimmed)) throw new Error(`'${cidr}' is not a CIDR range such as 10.20.0.0/16 or fd00::/8`);
  const [network, bits] = trimmed.split('/');
  const address = parseAddress(network);
  if (!address) throw new Error(`'${cidr}' is not a CIDR range such as 10.20.0.0/16 or fd00::/8`);
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (Number(bits) > max) throw new Error(`'${cidr}' has a prefix longer than ${max} bits`);
  return [address, Number(bits)];
}

/**
 * Why an address is refused, as a noun phrase to follow it ("a loopback address"), or undefined when
 * outbound calls may reach it: a public unicast address, or one inside an allowed range.
 */
export function refusalOfAddress(address: Address, allowed: AllowedRanges): string | undefined {
  if (allowed.contains(address)) return undefined;
  if (address.kind() === 'ipv4') return IPV4_RANGES[address.range()];
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inner = refusalOfAddress(embedded, allowed);
    return inner ? `an address embedding ${embedded.toString()}, ${inner}` : undefined;
  }
  const why = IPV6_RANGES[v6.range()];
  if (why) return why;
  if (v6.range() !== 'unicast' || !v6.match(GLOBAL_UNICAST_V6)) return 'a reserved address';
  return undefined;
}

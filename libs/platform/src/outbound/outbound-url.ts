import { AllowedRanges, parseAddress, refusalOfAddress } from './address-policy';

/**
 * Query parameters whose value is a credential, compared case-insensitively with `-` and `_`
 * removed (so `api_key`, `API-Key` and `apikey` are one name). A webhook URL is recorded in events,
 * published on the bus and shown in the timeline, so a secret in it would leak to every reader.
 */
export const CREDENTIAL_QUERY_PARAMETERS: readonly string[] = [
  'token',
  'accesstoken',
  'authtoken',
  'idtoken',
  'refreshtoken',
  'sessiontoken',
  'auth',
  'authorization',
  'apikey',
  'key',
  'secret',
  'clientsecret',
  'password',
  'passwd',
  'pwd',
  'sig',
  'signature',
  'xamzsignature',
  'xamzcredential',
  'xamzsecuritytoken',
  'xgoogsignature',
  'xgoogcredential',
];

const normaliseParameter = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');
const CREDENTIALS = new Set(CREDENTIAL_QUERY_PARAMETERS);

/**
 * Names refused as what they denote, whatever DNS would say: loopback names and the cloud metadata
 * service. A name is allowed again only when OUTBOUND_ALLOW_CIDRS covers the address it denotes.
 */
const LOOPBACK = { what: 'a loopback name', addresses: ['127.0.0.1', '::1'] };
const METADATA = { what: 'the cloud metadata service', addresses: ['169.254.169.254'] };
const REFUSED_NAMES: Record<string, { what: string; addresses: string[] }> = {
  localhost: LOOPBACK,
  'localhost.localdomain': LOOPBACK,
  'ip6-localhost': LOOPBACK,
  'ip6-loopback': LOOPBACK,
  metadata: METADATA,
  'metadata.google.internal': METADATA,
  'metadata.goog': METADATA,
  'instance-data': METADATA,
  'instance-data.ec2.internal': METADATA,
};

/** A URL the guard has looked at: the host is either an IP address or a (lower-case, dot-less) name. */
export interface OutboundTarget {
  url: URL;
  /** The IP address when the host is a literal (in any spelling WHATWG URL normalises), else undefined. */
  address?: ReturnType<typeof parseAddress>;
  /** The host name without a trailing dot, lower-case; for an IP literal, the address as URL prints it. */
  host: string;
}

export class OutboundUrlRefusal {
  constructor(readonly reason: string) {}
}

/**
 * Checks what can be checked without DNS: the scheme, credentials, an IP literal in any spelling
 * (hex, octal, decimal, short, IPv4-mapped IPv6) and the names that denote loopback or the metadata
 * service. Returns the parsed target, or the refusal with its reason.
 */
export function inspectOutboundUrl(raw: string, allowed: AllowedRanges): OutboundTarget | OutboundUrlRefusal {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return new OutboundUrlRefusal('it is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return new OutboundUrlRefusal(`it uses ${url.protocol.slice(0, -1)}, not http or https`);
  if (url.username || url.password) {
    return new OutboundUrlRefusal('it carries credentials (user:password@), which would be recorded in events and shown in the timeline');
  }
  for (const name of url.searchParams.keys()) {
    if (CREDENTIALS.has(normaliseParameter(name))) {
      return new OutboundUrlRefusal(`it carries a credential in the query (${name}), which would be recorded in events and shown in the timeline`);
    }
  }
  const address = parseAddress(url.hostname);
  if (address) {
    const refusal = refusalOfAddress(address, allowed);
    return refusal ? new OutboundUrlRefusal(`${address.toString()} is ${refusal}`) : { url, address, host: address.toString() };
  }
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  const named = REFUSED_NAMES[host] ?? (host.endsWith('.localhost') ? LOOPBACK : undefined);
  if (named && !named.addresses.some((a) => allowed.contains(parseAddress(a)!))) {
    const [first] = named.addresses;
    return new OutboundUrlRefusal(`${host} is ${named.what} (${first}, ${refusalOfAddress(parseAddress(first)!, allowed)})`);
  }
  return { url, host };
}

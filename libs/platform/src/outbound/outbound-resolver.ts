import { promises as dns } from 'node:dns';

/** Every address a host name resolves to (IPv4 and IPv6), as text; rejects when it resolves to none. */
export type OutboundResolver = (hostname: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as every other program on the host sees it. */
export const systemResolver: OutboundResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, order: 'verbatim' })).map((entry) => entry.address);

/**
 * Asks the given DNS servers directly (A and AAAA), bypassing /etc/hosts: `['127.0.0.1:5353']`.
 * Tests point it at a DNS server on loopback.
 */
export function resolverUsing(servers: string[]): OutboundResolver {
  const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers(servers);
  return async (hostname) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (addresses.length === 0) throw v4.status === 'rejected' ? v4.reason : new Error(`${hostname} has no address`);
    return addresses;
  };
}

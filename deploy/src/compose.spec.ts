import { parse } from 'yaml';
import { SERVICES, read } from './rendered';
import { servicePaths } from './service-paths';

/*
 * Compose's gateway (deploy/compose/Caddyfile) is where LINCHPIN_PUBLIC_URL points: every public path a service
 * serves must reach that service through it, or a link in a page or a message answers 404.
 */

interface Route {
  paths: string[];
  upstream: string;
}

/** The gateway's routes: each `@name path …` matcher and the `reverse_proxy` of its `handle @name` block. */
function gatewayRoutes(): Route[] {
  const caddyfile = read('deploy/compose/Caddyfile');
  const matchers = new Map([...caddyfile.matchAll(/^\s*@(\w+) path (.+)$/gm)].map((m) => [m[1], m[2].trim().split(/\s+/)]));
  return [...caddyfile.matchAll(/handle @(\w+) \{\s*reverse_proxy (\S+)\s*\}/g)].map((m) => ({ paths: matchers.get(m[1]) ?? [], upstream: m[2] }));
}

/** Caddy's path matcher: exact, or a prefix when it ends in `*`. */
const matches = (pattern: string, path: string) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern);

describe("compose's gateway", () => {
  const compose = parse(read('docker-compose.yml'));

  it('routes every public path of each service to that service, on the port compose gives it', () => {
    const routes = gatewayRoutes();
    const wrong = servicePaths()
      .map(({ service, path }) => ({ path, want: `${service}:${compose.services[service].environment.PORT}`, got: routes.find((r) => r.paths.some((p) => matches(p, path)))?.upstream }))
      .filter(({ want, got }) => want !== got);
    expect(wrong).toEqual([]);
    expect(routes.map((r) => r.upstream.split(':')[0]).sort()).toEqual([...SERVICES].sort());
  });

  it('is the address the services put in their links by default', () => {
    const published = compose.services.gateway.ports[0].split(':').slice(-2);
    expect(compose['x-linchpin-env'].LINCHPIN_PUBLIC_URL).toBe(`\${LINCHPIN_PUBLIC_URL:-http://localhost:${published[0]}}`);
    expect(read('deploy/compose/Caddyfile')).toMatch(new RegExp(`^:${published[1]} \\{`, 'm'));
  });
});

import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, repoRoot } from './kafka-broker';

/** A real OpenID provider process (oidc-provider-server.mjs) on loopback. */
export interface OidcProviderProcess {
  issuer: string;
  jwksUrl: string;
  /** The resource indicator its access tokens are issued for (their `aud`). */
  audience: string;
  /** Where its clients' roles are: `linchpin.roles` (a dotted path); the team at `linchpin.team`. */
  rolesClaim: string;
  teamClaim: string;
  /** A JWT access token for the client (`ops-responder`, `ops-viewer`, `ops-admin`) by the client_credentials grant. */
  token(clientId: 'ops-responder' | 'ops-viewer' | 'ops-admin'): Promise<string>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

export async function startOidcProvider(): Promise<OidcProviderProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'libs', 'testing', 'src', 'oidc-provider-server.mjs'), String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start within ${STARTUP_TIMEOUT_MS} ms: ${output}`)), STARTUP_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited with ${code}: ${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  const audience = 'urn:linchpin';
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience,
    rolesClaim: 'linchpin.roles',
    teamClaim: 'linchpin.team',
    token: async (clientId) => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${clientId}-secret`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: audience }).toString(),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!response.ok || !body.access_token) throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    stop,
  };
}

// A real OpenID provider (the certified `oidc-provider` package) on loopback, for the access tests:
// `node oidc-provider-server.mjs <port>`. Its clients get JWT access tokens by client_credentials
// for the resource (audience) `urn:linchpin`, with the roles (and team) of their client below.
import Provider from 'oidc-provider';
import { generateKeyPairSync } from 'node:crypto';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
export const AUDIENCE = 'urn:linchpin';

/** The roles claim is nested (`linchpin.roles`) to exercise OIDC_ROLES_CLAIM's dotted path. */
const CLIENTS = {
  'ops-responder': { roles: ['responder'], team: 'team-a' },
  'ops-viewer': { roles: ['viewer'], team: null },
  'ops-admin': { roles: ['admin', 'offline_access'], team: null },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: Object.keys(CLIENTS).map((clientId) => ({
    client_id: clientId,
    client_secret: `${clientId}-secret`,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  })),
  jwks: { keys: [jwk] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== AUDIENCE) throw new Error(`unknown resource ${resource}`);
        return { scope: '', audience: AUDIENCE, accessTokenTTL: 300, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  extraTokenClaims: async (_ctx, token) => {
    const client = CLIENTS[token.clientId];
    return client ? { linchpin: { roles: client.roles, ...(client.team ? { team: client.team } : {}) } } : {};
  },
});

provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
process.on('SIGTERM', () => process.exit(0));

import { ServiceUnavailableException } from '@nestjs/common';
import { exportJWK, generateKeyPair, JWTPayload, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { UnauthenticatedException } from './access-errors';
import { claimAt, OidcVerifier, rolesFromClaim } from './oidc-verifier';

/** A JSON Web Key Set served over real HTTP on loopback, as an issuer serves its keys. */
async function serveJwks(jwks: unknown): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_request, response) => {
    hits += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/jwks`, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const ISSUER = 'https://id.example.test/realms/ops';
const AUDIENCE = 'linchpin';

describe('OidcVerifier: JWT bearer tokens verified with jose against the issuer’s keys', () => {
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let stranger: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    stranger = await generateKeyPair('RS256');
    jwks = await serveJwks({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  });
  afterAll(async () => jwks.close());

  const sign = (claims: JWTPayload, options: { key?: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; issuer?: string; audience?: string; expires?: string | number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.key ?? keys.privateKey);

  const verifier = (rolesClaim = 'roles', teamClaim?: string) =>
    new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url, rolesClaim, ...(teamClaim ? { teamClaim } : {}) });

  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedException);
    return error as UnauthenticatedException;
  };

  it('accepts a token of the issuer for the audience: principal oidc:<sub> with the roles of the claim', async () => {
    const token = await sign({ sub: 'u-42', name: 'Ada Lovelace', roles: ['responder', 'sender'] });
    expect(await verifier().verify(token)).toEqual({ actor: 'oidc:u-42', kind: 'oidc', name: 'Ada Lovelace', roles: ['responder', 'sender'], team: null, personId: null });
  });

  it('reads roles (and the team) at a dotted path, and ignores role names it does not know', async () => {
    const token = await sign({ sub: 'u-7', realm_access: { roles: ['offline_access', 'incident-manager', 'uma_authorization'] }, org: { team: 'team-a' } });
    expect(await verifier('realm_access.roles', 'org.team').verify(token)).toMatchObject({ roles: ['incident-manager'], team: 'team-a', name: 'u-7' });
    expect(await verifier('roles').verify(token)).toMatchObject({ roles: [] });
  });

  it('refuses another audience, another issuer, a foreign key and an expired token', async () => {
    expect((await failure(verifier().verify(await sign({ sub: 'u' }, { audience: 'someone-else' })))).message).toMatch(/aud/);
    expect((await failure(verifier().verify(await sign({ sub: 'u' }, { issuer: 'https://evil.example.test' })))).message).toMatch(/iss/);
    expect((await failure(verifier().verify(await sign({ sub: 'u' }, { key: stranger.privateKey })))).failure).toBe('invalid');
    const expired = await sign({ sub: 'u' }, { expires: Math.floor(Date.now() / 1000) - 120 });
    expect((await failure(verifier().verify(expired))).failure).toBe('expired');
  });

  it('refuses a token without a subject, and an unsigned one', async () => {
    expect((await failure(verifier().verify(await sign({ roles: ['viewer'] })))).message).toMatch(/sub/);
    const [header, payload] = (await sign({ sub: 'u', roles: ['admin'] })).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect((await failure(verifier().verify(none))).failure).toBe('invalid');
    expect(header).toBeTruthy();
  });

  it('fetches the keys once and keeps them for the next tokens', async () => {
    const v = verifier();
    const before = jwks.hits();
    for (let i = 0; i < 3; i += 1) await v.verify(await sign({ sub: `u-${i}`, roles: 'viewer' }));
    expect(jwks.hits() - before).toBe(1);
  });

  it('answers 503, not 401, when the issuer’s keys cannot be fetched', async () => {
    const down = new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:1/jwks', rolesClaim: 'roles' });
    await expect(down.verify(await sign({ sub: 'u' }))).rejects.toBeInstanceOf(ServiceUnavailableException);
  });

  it('reads claims at dotted paths and role lists in either form', () => {
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({ a: 1 }, 'a.b')).toBeUndefined();
    expect(claimAt({}, 'constructor')).toBeUndefined();
    expect(rolesFromClaim('viewer responder,bogus')).toEqual(['viewer', 'responder']);
    expect(rolesFromClaim(['admin', 'admin', 7])).toEqual(['admin']);
    expect(rolesFromClaim({ admin: true })).toEqual([]);
  });
});

import { OidcProviderProcess, startOidcProvider, bearer } from '@linchpin/testing';
import request from 'supertest';
import { ProbeController, start, Started } from './spec/access-test-app';

/** Item 1 of issue 14: OIDC bearer tokens from a real OpenID provider process (the certified oidc-provider), by client_credentials. */
describe('access with a real OpenID provider (oidc-provider on loopback)', () => {
  let provider: OidcProviderProcess;
  let started: Started;
  const http = () => request(started.app.getHttpServer());

  beforeAll(async () => {
    provider = await startOidcProvider();
    started = await start([ProbeController], {
      OIDC_ISSUER: provider.issuer,
      OIDC_AUDIENCE: provider.audience,
      OIDC_JWKS_URL: provider.jwksUrl,
      OIDC_ROLES_CLAIM: provider.rolesClaim,
      OIDC_TEAM_CLAIM: provider.teamClaim,
    });
  }, 60_000);
  afterAll(async () => {
    await started?.close();
    await provider?.stop();
  });

  it('lets a client whose token carries responder act, as oidc:<sub>', async () => {
    const token = await provider.token('ops-responder');
    const response = await http().post('/probe/act').set(bearer(token)).send({ by: 'pager rotation' }).expect(201);
    expect(response.body).toEqual({ actor: 'oidc:ops-responder', onBehalfOf: 'pager rotation' });
    await http().get('/probe/read').set(bearer(token)).expect(200);
  });

  it('refuses a viewer’s token on a responder route (403), and lets it read', async () => {
    const token = await provider.token('ops-viewer');
    expect((await http().post('/probe/act').set(bearer(token)).send({}).expect(403)).body.detail).toBe('This route needs the role responder or higher; the token holds viewer');
    await http().get('/probe/read').set(bearer(token)).expect(200);
  });

  it('takes admin from the claim (ignoring the provider’s own role names)', async () => {
    await http().post('/probe/configure').set(bearer(await provider.token('ops-admin'))).expect(201);
  });

  it('refuses a token whose signature was tampered with', async () => {
    const [header, payload, signature] = (await provider.token('ops-viewer')).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), linchpin: { roles: ['admin'] } })).toString('base64url');
    const response = await http().post('/probe/configure').set(bearer(`${header}.${forged}.${signature}`)).expect(401);
    expect(response.body.code).toBe('invalid');
    expect(response.headers['www-authenticate']).toContain('invalid_token');
  });
});

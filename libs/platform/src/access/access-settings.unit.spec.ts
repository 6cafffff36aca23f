import { ConfigurationError, loadConfig } from '../load-config';

describe('access settings in the configuration', () => {
  it('default to the ./data directory, no OIDC and a public /metrics', () => {
    expect(loadConfig('detection', 3001, {}).access).toEqual({ dataDir: './data' });
  });

  it('read the admin token, the data directory, OIDC (roles claim `roles` by default) and the metrics token', () => {
    const access = loadConfig('detection', 3001, {
      LINCHPIN_ADMIN_TOKEN: 'a'.repeat(32),
      LINCHPIN_DATA_DIR: '/var/lib/linchpin',
      OIDC_ISSUER: 'https://id.example.com/realms/ops',
      OIDC_AUDIENCE: 'linchpin',
      OIDC_JWKS_URL: 'https://id.example.com/realms/ops/certs',
      OIDC_TEAM_CLAIM: 'linchpin.team',
      METRICS_TOKEN: 'm'.repeat(20),
    }).access;
    expect(access).toEqual({
      adminToken: 'a'.repeat(32),
      dataDir: '/var/lib/linchpin',
      oidc: { issuer: 'https://id.example.com/realms/ops', audience: 'linchpin', jwksUrl: 'https://id.example.com/realms/ops/certs', rolesClaim: 'roles', teamClaim: 'linchpin.team' },
      metricsToken: 'm'.repeat(20),
    });
    expect(loadConfig('detection', 3001, { OIDC_ISSUER: 'http://127.0.0.1:1', OIDC_AUDIENCE: 'a', OIDC_JWKS_URL: 'http://127.0.0.1:1/jwks', OIDC_ROLES_CLAIM: 'realm_access.roles' }).access.oidc?.rolesClaim).toBe(
      'realm_access.roles',
    );
  });

  it('refuse an admin token with spaces without echoing it (a short one starts, with a warning: see admin-token)', () => {
    const error = (() => {
      try {
        loadConfig('detection', 3001, { LINCHPIN_ADMIN_TOKEN: 'hunter2 secret' });
      } catch (e) {
        return e as ConfigurationError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toContain('LINCHPIN_ADMIN_TOKEN must be one word without spaces');
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).toContain('<secret of 14 characters>');
    expect(loadConfig('detection', 3001, { LINCHPIN_ADMIN_TOKEN: 'hunter2-secret' }).access.adminToken).toBe('hunter2-secret');
  });

  it('refuse part of OIDC: all of issuer, audience and JWKS URL, or none', () => {
    expect(() => loadConfig('detection', 3001, { OIDC_ISSUER: 'https://id.example.com' })).toThrow(
      /OIDC_AUDIENCE, OIDC_JWKS_URL must be set with OIDC_ISSUER: OIDC needs all of OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL, or none/,
    );
  });

  it.each([
    ['OIDC_ISSUER', 'id.example.com'],
    ['OIDC_JWKS_URL', 'file:///etc/keys'],
    ['OIDC_ROLES_CLAIM', 'realm_access..roles'],
    ['METRICS_TOKEN', 'short'],
  ])('refuse %s=%j, naming it', (name, value) => {
    expect(() => loadConfig('detection', 3001, { OIDC_ISSUER: 'https://i.example', OIDC_AUDIENCE: 'a', OIDC_JWKS_URL: 'https://i.example/jwks', [name]: value })).toThrow(
      new RegExp(`${name} must`),
    );
  });
});

import { UnauthenticatedException } from './access-errors';
import { ApiTokenRecord, generateApiToken, hashToken, API_TOKEN_PATTERN } from './api-token-directory';
import { Authenticator, constantTimeEqual } from './authenticator';
import { ADMIN_PRINCIPAL } from './principal';

const ADMIN = 'lp_adminadminadminadminadminadminadminadminad';
const now = new Date('2026-03-08T07:30:00Z');

function directoryOf(records: Record<string, Partial<ApiTokenRecord>>) {
  const byHash = new Map(
    Object.entries(records).map(([token, record]) => [
      hashToken(token),
      { tokenId: 't-1', name: 'ci', roles: ['viewer'], team: null, personId: null, expiresAt: null, revokedAt: null, ...record } as ApiTokenRecord,
    ]),
  );
  return { find: (hash: string) => byHash.get(hash) };
}

const failureOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UnauthenticatedException);
  return (error as UnauthenticatedException).failure;
};

describe('Authenticator: who a bearer token is', () => {
  const person = generateApiToken();
  const machine = generateApiToken();
  const expired = generateApiToken();
  const revoked = generateApiToken();
  const authenticator = new Authenticator({
    adminToken: ADMIN,
    directory: directoryOf({
      [person]: { tokenId: 'tok-p', name: 'alice laptop', roles: ['responder'], team: 'team-a', personId: 'p-1', expiresAt: '2026-03-09T00:00:00Z' },
      [machine]: { tokenId: 'tok-m', name: 'alerting', roles: ['sender'] },
      [expired]: { expiresAt: '2026-03-08T07:30:00Z' },
      [revoked]: { revokedAt: '2026-03-01T00:00:00Z' },
    }),
    now: () => now,
  });

  it('knows the admin token', async () => {
    expect(await authenticator.authenticate(ADMIN)).toBe(ADMIN_PRINCIPAL);
  });

  it('finds an API token by its hash: a person’s token acts as the person, another as the token', async () => {
    expect(await authenticator.authenticate(person)).toEqual({
      actor: 'person:p-1',
      kind: 'api-token',
      name: 'alice laptop',
      roles: ['responder'],
      team: 'team-a',
      personId: 'p-1',
    });
    expect(await authenticator.authenticate(machine)).toMatchObject({ actor: 'token:tok-m', roles: ['sender'], personId: null });
  });

  it('refuses an expired (at its instant) or revoked record, and an unknown token', async () => {
    expect(await failureOf(authenticator.authenticate(expired))).toBe('expired');
    expect(await failureOf(authenticator.authenticate(revoked))).toBe('revoked');
    expect(await failureOf(authenticator.authenticate(generateApiToken()))).toBe('unknown');
    expect(await failureOf(authenticator.authenticate(`${ADMIN}x`))).toBe('unknown');
    expect(await failureOf(authenticator.authenticate('a.b.c'))).toBe('unknown'); // a JWT, with OIDC off
  });

  it('reads Authorization: Bearer <token> and nothing else', () => {
    expect(Authenticator.bearerOf('Bearer abc')).toBe('abc');
    expect(Authenticator.bearerOf('bearer  abc ')).toBe('abc');
    const failure = (header: string | string[] | undefined) => {
      try {
        Authenticator.bearerOf(header);
      } catch (error) {
        return (error as UnauthenticatedException).failure;
      }
      return 'accepted';
    };
    expect(failure(undefined)).toBe('missing');
    expect(failure('Basic YWRtaW46YWRtaW4=')).toBe('malformed');
    expect(failure('Bearer a b')).toBe('malformed');
    expect(failure(['Bearer a', 'Bearer b'])).toBe('malformed');
  });

  it('says why without echoing the token', async () => {
    const error = await authenticator.authenticate(revoked).catch((e: Error) => e);
    expect((error as Error).message).toBe('The bearer token was revoked');
    expect((error as Error).message).not.toContain(revoked);
  });

  it('makes tokens of the published format, stored as the sha256 hex of the whole string', () => {
    const token = generateApiToken();
    expect(token).toMatch(API_TOKEN_PATTERN);
    expect(hashToken('lp_x')).toBe('09d7e8fd131613e08ece5cbb3d8d1eb4dfc8b8c3beeb0271eaf0eff80c6ec65a');
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});

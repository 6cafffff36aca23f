import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { IssueApiToken, RevokeApiToken, apiTokenDecider, expiryProblem } from './api-token.decider';

const TOKEN_ID = '00000000-0000-4000-8000-0000000000f1';
const ALICE = '00000000-0000-4000-8000-0000000000a1';
const HASH = 'a'.repeat(64);
const context = { actor: 'admin', causationId: 'r', occurredAt: '2026-03-01T10:00:00.000Z' };

const issue = (over: Partial<IssueApiToken> = {}): IssueApiToken => ({
  type: 'IssueApiToken',
  tokenId: TOKEN_ID,
  eventId: '00000000-0000-4000-8000-000000000001',
  name: 'ci deploys',
  tokenHash: HASH,
  hint: 'lp_…wxyz',
  roles: ['responder'],
  team: 'Payments',
  personId: ALICE,
  expiresAt: '2026-06-01T00:00:00.000Z',
  by: 'admin',
  context,
  ...over,
});

const revoke = (over: Partial<RevokeApiToken> = {}): RevokeApiToken => ({
  type: 'RevokeApiToken',
  tokenId: TOKEN_ID,
  eventId: '00000000-0000-4000-8000-000000000002',
  reason: 'leaked in a log',
  by: 'admin',
  context: { ...context, occurredAt: '2026-03-02T10:00:00.000Z' },
  ...over,
});

const issued = () => given(apiTokenDecider).when(issue()).events;

describe('API token decider', () => {
  it('given no token, when issued, then ApiTokenIssued with its hash and hint, as configuration (no incident)', () => {
    given(apiTokenDecider)
      .when(issue())
      .then([
        expect.objectContaining({
          type: 'ApiTokenIssued',
          schemaVersion: 1,
          data: {
            tokenId: TOKEN_ID,
            name: 'ci deploys',
            tokenHash: HASH,
            hint: 'lp_…wxyz',
            roles: ['responder'],
            team: 'Payments',
            personId: ALICE,
            expiresAt: '2026-06-01T00:00:00.000Z',
            issuedBy: 'admin',
          },
          metadata: { correlationId: 'r', causationId: 'r', actor: 'admin', occurredAt: '2026-03-01T10:00:00.000Z' },
        }),
      ]);
  });

  it('names each role once, however often the caller listed it', () => {
    const [event] = given(apiTokenDecider).when(issue({ roles: ['viewer', 'admin', 'viewer'] })).events;
    expect(event.data).toMatchObject({ roles: ['viewer', 'admin'] });
  });

  it('given no token, when issued without a role, then token_without_roles naming roles', () => {
    const error = given(apiTokenDecider).when(issue({ roles: [] })).thenThrows(DomainError, 'token_without_roles');
    expect(error.field).toBe('roles');
  });

  it('given no token, when issued with an expiry not after the time of issue, then token_expired_at_issue naming expiresAt', () => {
    const error = given(apiTokenDecider).when(issue({ expiresAt: context.occurredAt })).thenThrows(DomainError, 'token_expired_at_issue');
    expect(error.field).toBe('expiresAt');
    given(apiTokenDecider).when(issue({ expiresAt: null })).then([expect.objectContaining({ type: 'ApiTokenIssued' })]);
  });

  it('compares expiries as instants, whatever their spelling', () => {
    expect(expiryProblem('2026-03-01T11:00:00+02:00', '2026-03-01T10:00:00.000Z')).toMatch(/must be in the future/);
    expect(expiryProblem('2026-03-01T10:00:01Z', '2026-03-01T10:00:00.000Z')).toBeUndefined();
  });

  it('given an issued token, when issued again, then token_exists', () => {
    given(apiTokenDecider, issued()).when(issue()).thenThrows(DomainError, 'token_exists');
  });

  it('given an issued token, when revoked, then ApiTokenRevoked with the reason and who', () => {
    given(apiTokenDecider, issued())
      .when(revoke())
      .then([expect.objectContaining({ type: 'ApiTokenRevoked', data: { tokenId: TOKEN_ID, reason: 'leaked in a log', revokedBy: 'admin' } })]);
  });

  it('given a revoked token, when revoked again, then already_revoked saying when and by whom', () => {
    const history = [...issued(), ...given(apiTokenDecider, issued()).when(revoke()).events];
    const error = given(apiTokenDecider, history).when(revoke({ by: 'bob' })).thenThrows(DomainError, 'already_revoked');
    expect(error.message).toContain('2026-03-02T10:00:00.000Z by admin');
  });

  it('given no token, when revoked, then not found', () => {
    given(apiTokenDecider).when(revoke()).thenThrows(NotFoundError);
  });

  it('folds a revoked token with when, by whom and why, keeping what it was issued with', () => {
    const history = [...issued(), ...given(apiTokenDecider, issued()).when(revoke()).events];
    const state = history.reduce(apiTokenDecider.evolve, apiTokenDecider.initialState);
    expect(state).toMatchObject({
      status: 'revoked',
      name: 'ci deploys',
      issuedAt: '2026-03-01T10:00:00.000Z',
      revokedAt: '2026-03-02T10:00:00.000Z',
      revokedBy: 'admin',
      revokeReason: 'leaked in a log',
    });
  });
});

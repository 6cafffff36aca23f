import type { FastifyRequest } from 'fastify';
import { rateLimitKeyOf } from './rate-limits';
import { redactSecrets, redactUrl } from './redaction';

describe('secrets out of log lines and views', () => {
  it("masks a URL's credentials and secret-looking query values, keeping the rest readable", () => {
    expect(redactUrl('https://alice:s3cret@hooks.example.com/a/b?token=t0k&page=2&sig=abc#frag')).toBe('https://***@hooks.example.com/a/b?token=***&page=2&sig=***#frag');
    expect(redactUrl('https://ghp_0123456789@hooks.example.com/x')).toBe('https://***@hooks.example.com/x');
    expect(redactUrl('https://hooks.slack.com/services/T000/B000?key=k&signature=s&api_key=a&access_token=z')).toBe(
      'https://hooks.slack.com/services/T000/B000?key=***&signature=***&api_key=***&access_token=***',
    );
    expect(redactUrl('https://hooks.example.com/x?monkey=1&keyboard=2')).toBe('https://hooks.example.com/x?monkey=1&keyboard=2');
  });

  it("masks a sender's integration key in its path, not a configuration route's id", () => {
    expect(redactUrl('/detection/integrations/alertmanager/AbC-123_key?x=1')).toBe('/detection/integrations/alertmanager/***?x=1');
    expect(redactUrl('/detection/integrations/logs/k3y')).toBe('/detection/integrations/logs/***');
    expect(redactUrl('/detection/integrations/0b0e3c52-1111-4222-8333-944445555666/revoke')).toBe('/detection/integrations/0b0e3c52-1111-4222-8333-944445555666/revoke');
  });

  it("masks a signed link's token in its path and in a whole link, wherever the link points", () => {
    const token = 'A'.repeat(40) + '_-' + 'b'.repeat(54);
    expect(redactUrl(`/coordination/links/acknowledge/${token}`)).toBe('/coordination/links/acknowledge/***');
    expect(redactSecrets(`page sent with https://ops.example.com/linchpin/coordination/links/acknowledge/${token} for alice`)).toBe(
      'page sent with https://ops.example.com/linchpin/coordination/links/acknowledge/*** for alice',
    );
    expect(redactUrl('/coordination/links')).toBe('/coordination/links');
  });

  it('masks bearer tokens and API tokens in free text', () => {
    expect(redactSecrets('sent Authorization: Bearer eyJhbGciOi.x.y to https://u:p@h/x')).toBe('sent Authorization: Bearer *** to https://***@h/x');
    expect(redactSecrets('token lp_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG issued')).toBe('token lp_*** issued');
  });

  it('counts a request against the SHA-256 of its key or token, never the credential itself', () => {
    const requestOf = (parts: Partial<{ url: string; routeUrl: string; params: object; body: object; authorization: string; ip: string }>) =>
      ({
        url: parts.url ?? '/x',
        routeOptions: { url: parts.routeUrl ?? '/x' },
        params: parts.params ?? {},
        body: parts.body,
        headers: parts.authorization ? { authorization: parts.authorization } : {},
        ip: parts.ip ?? '203.0.113.9',
      }) as unknown as FastifyRequest;
    const byToken = rateLimitKeyOf(requestOf({ authorization: 'Bearer lp_secret-token' }));
    expect(byToken).toMatch(/^token:[0-9a-f]{64}$/);
    expect(byToken).not.toContain('secret');
    const byKey = rateLimitKeyOf(requestOf({ url: '/detection/integrations/logs/k3y', routeUrl: '/detection/integrations/logs/:key', params: { key: 'k3y' } }));
    expect(byKey).toMatch(/^key:[0-9a-f]{64}$/);
    expect(rateLimitKeyOf(requestOf({ url: '/v2/enqueue', body: { routing_key: 'r0uting' } }))).toMatch(/^key:[0-9a-f]{64}$/);
    // A routing_key in the body of any other route does not escape the token's or the address's budget.
    expect(rateLimitKeyOf(requestOf({ url: '/coordination/teams', body: { routing_key: 'r0uting' }, authorization: 'Bearer t' }))).toMatch(/^token:/);
    expect(rateLimitKeyOf(requestOf({}))).toBe('ip:203.0.113.9');
    // A signed link's token is not an integration key: its requests count against the client's address.
    expect(rateLimitKeyOf(requestOf({ url: '/coordination/links/acknowledge/t0k3n', routeUrl: '/coordination/links/acknowledge/:token', params: { token: 't0k3n' } }))).toBe(
      'ip:203.0.113.9',
    );
  });
});

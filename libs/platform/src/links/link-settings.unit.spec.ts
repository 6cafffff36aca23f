import { ConfigurationError, loadConfig } from '../load-config';
import { publicUrlWarning } from './link-settings';

const errorOf = (env: Record<string, string>): ConfigurationError | undefined => {
  try {
    loadConfig('comms', 3004, env);
    return undefined;
  } catch (error) {
    return error as ConfigurationError;
  }
};

describe('link settings', () => {
  it('points links at this process on localhost, valid a week, when nothing is set', () => {
    const config = loadConfig('comms', 3004, {});
    expect(config.publicUrl).toBe('http://localhost:3004');
    expect(config.links).toEqual({ ttlHours: 168 });
    expect(loadConfig('comms', 3004, { PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it('reads LINCHPIN_PUBLIC_URL (a path allowed, trailing slashes dropped), LINCHPIN_LINK_SECRET and LINCHPIN_LINK_TTL_HOURS', () => {
    const config = loadConfig('comms', 3004, {
      LINCHPIN_PUBLIC_URL: 'https://ops.example.com/linchpin/',
      LINCHPIN_LINK_SECRET: 'a-link-secret-of-at-least-32-characters',
      LINCHPIN_LINK_TTL_HOURS: '24',
    });
    expect(config.publicUrl).toBe('https://ops.example.com/linchpin');
    expect(config.links).toEqual({ secret: 'a-link-secret-of-at-least-32-characters', ttlHours: 24 });
  });

  it.each([
    ['not a URL', 'ops.example.com'],
    ['another scheme', 'ftp://ops.example.com'],
    ['a query', 'https://ops.example.com/?x=1'],
    ['a fragment', 'https://ops.example.com/#top'],
    ['credentials', 'https://user:pass@ops.example.com'],
  ])('refuses a LINCHPIN_PUBLIC_URL with %s, naming it', (_what, value) => {
    expect(errorOf({ LINCHPIN_PUBLIC_URL: value })?.message).toContain('LINCHPIN_PUBLIC_URL must be an absolute http(s) URL without credentials, query or fragment');
  });

  it('refuses a short link secret without showing it, and a TTL out of range', () => {
    const short = errorOf({ LINCHPIN_LINK_SECRET: 'hunter2hunter2' });
    expect(short?.message).toContain('LINCHPIN_LINK_SECRET must be at least 32 characters without spaces');
    expect(short?.message).toContain('<secret of 14 characters>');
    expect(short?.message).not.toContain('hunter2');
    expect(errorOf({ LINCHPIN_LINK_TTL_HOURS: '0' })?.message).toContain('LINCHPIN_LINK_TTL_HOURS must be a whole number of hours between 1 and 8760');
    expect(errorOf({ LINCHPIN_LINK_TTL_HOURS: '9000' })?.message).toContain('LINCHPIN_LINK_TTL_HOURS');
  });

  it('warns at start that links point at localhost when LINCHPIN_PUBLIC_URL is unset, except under NODE_ENV=test', () => {
    expect(publicUrlWarning({}, 'http://localhost:3004')).toContain('LINCHPIN_PUBLIC_URL is not set: the links Linchpin sends');
    expect(publicUrlWarning({}, 'http://localhost:3004')).toContain('http://localhost:3004');
    expect(publicUrlWarning({ NODE_ENV: 'production' }, 'http://localhost:3004')).toBeDefined();
    expect(publicUrlWarning({ NODE_ENV: 'test' }, 'http://localhost:3004')).toBeUndefined();
    expect(publicUrlWarning({ LINCHPIN_PUBLIC_URL: 'https://ops.example.com' }, 'https://ops.example.com')).toBeUndefined();
  });
});

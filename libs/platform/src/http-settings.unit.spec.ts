import { hostAllowed } from './http-hardening';
import { DEFAULT_RATE_LIMIT_PER_KEY_PER_MINUTE, DEFAULT_RATE_LIMIT_PER_MINUTE } from './http-settings';
import { ConfigurationError, loadConfig } from './load-config';
import { HTTP_SETTINGS } from './http-settings';

const load = (env: Record<string, string>) => loadConfig('test', 3999, env).settingsOf(HTTP_SETTINGS);
const problemsOf = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
};

describe('HTTP settings (CORS_ORIGINS, ALLOWED_HOSTS, RATE_LIMIT_*)', () => {
  it('defaults to no CORS origin, every Host, and the documented limits', () => {
    expect(load({})).toEqual({
      corsOrigins: [],
      allowedHosts: [],
      rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
      rateLimitPerKeyPerMinute: DEFAULT_RATE_LIMIT_PER_KEY_PER_MINUTE,
    });
    expect([DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_RATE_LIMIT_PER_KEY_PER_MINUTE]).toEqual([6000, 12000]);
  });

  it('reads comma-separated lists and whole numbers', () => {
    expect(
      load({
        CORS_ORIGINS: 'https://ops.example.com, http://localhost:5173',
        ALLOWED_HOSTS: 'Linchpin.example.com,10.0.0.5:3000,[::1]:3000',
        RATE_LIMIT_PER_MINUTE: '100000',
        RATE_LIMIT_PER_KEY_PER_MINUTE: '5',
      }),
    ).toEqual({
      corsOrigins: ['https://ops.example.com', 'http://localhost:5173'],
      allowedHosts: ['linchpin.example.com', '10.0.0.5:3000', '[::1]:3000'],
      rateLimitPerMinute: 100000,
      rateLimitPerKeyPerMinute: 5,
    });
  });

  it("refuses '*' in CORS_ORIGINS with its own reason, and anything that is not an exact origin", () => {
    expect(problemsOf({ CORS_ORIGINS: '*' })).toEqual([
      { variable: 'CORS_ORIGINS', value: '*', reason: expect.stringContaining("not '*'") },
    ]);
    for (const value of ['https://ops.example.com/', 'https://ops.example.com/console', 'ops.example.com', 'ftp://ops.example.com', 'https://u:p@ops.example.com', 'null']) {
      expect(problemsOf({ CORS_ORIGINS: value })).toEqual([{ variable: 'CORS_ORIGINS', value, reason: expect.stringContaining('exact origins') }]);
    }
  });

  it('refuses a wildcard, a URL or a bad port in ALLOWED_HOSTS, and a limit that is not a whole number from 1', () => {
    for (const value of ['*', '.example.com', 'https://linchpin.example.com', 'linchpin.example.com:0', 'linchpin.example.com:99999', 'a b']) {
      expect(problemsOf({ ALLOWED_HOSTS: value }).map((p) => p.variable)).toEqual(['ALLOWED_HOSTS']);
    }
    for (const value of ['0', '-1', '1.5', 'lots', '1000000000']) {
      expect(problemsOf({ RATE_LIMIT_PER_MINUTE: value, RATE_LIMIT_PER_KEY_PER_MINUTE: value }).map((p) => p.variable)).toEqual([
        'RATE_LIMIT_PER_MINUTE',
        'RATE_LIMIT_PER_KEY_PER_MINUTE',
      ]);
    }
  });

  it('matches a Host against ALLOWED_HOSTS: case-insensitive, a name without port at any port, a name with port only there', () => {
    const allowed = ['linchpin.example.com', 'api.example.com:8443', '[::1]'];
    expect(hostAllowed('LinchPin.Example.com', allowed)).toBe(true);
    expect(hostAllowed('linchpin.example.com:3000', allowed)).toBe(true);
    expect(hostAllowed('api.example.com:8443', allowed)).toBe(true);
    expect(hostAllowed('api.example.com', allowed)).toBe(false);
    expect(hostAllowed('[::1]:3000', allowed)).toBe(true);
    expect(hostAllowed('linchpin.example.com.evil.net', allowed)).toBe(false);
    expect(hostAllowed(undefined, allowed)).toBe(false);
  });
});

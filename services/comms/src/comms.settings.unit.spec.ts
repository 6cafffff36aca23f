import { ConfigurationError, loadConfig, loadSettings } from '@linchpin/platform';
import { commsSettings } from './comms.settings';
import { COMMS_SERVICE } from './service';

const commsOptionsFromEnv = (env: Record<string, string>) => loadSettings(commsSettings, env);

const SECRET = { COMMS_SIGNING_SECRET: 'a-signing-secret-for-tests' };

describe('comms settings', () => {
  it('defaults: pages 5 attempts from 5 s (×3), updates and action item reminders 6 from 60 s (×2), 5000 ms per attempt, 32 page slots, 8 update slots, 120 s of waiting for a contact', () => {
    expect(commsOptionsFromEnv(SECRET)).toEqual({
      signingSecret: SECRET.COMMS_SIGNING_SECRET,
      retry: {
        page: { attempts: 5, baseMs: 5000, factor: 3 },
        'status-update': { attempts: 6, baseMs: 60000, factor: 2 },
        'action-item-reminder': { attempts: 6, baseMs: 60000, factor: 2 },
      },
      timeoutMs: 5000,
      pageConcurrency: 32,
      updateConcurrency: 8,
      contactWaitSeconds: 120,
      smtpFrom: 'Linchpin <linchpin@localhost>',
    });
  });

  it('SMTP_URL and SMTP_FROM: email on, with its sender', () => {
    expect(commsOptionsFromEnv({ ...SECRET, SMTP_URL: 'smtps://user:pa55@mail.example.com:465', SMTP_FROM: 'Ops <ops@example.com>' })).toMatchObject({
      smtpUrl: 'smtps://user:pa55@mail.example.com:465',
      smtpFrom: 'Ops <ops@example.com>',
    });
  });

  it('a SMTP_URL that is no smtp(s) URL stops the start, naming it by its length only (it holds a password)', () => {
    const bad = () => commsOptionsFromEnv({ ...SECRET, SMTP_URL: 'https://user:pa55@mail.example.com' });
    expect(bad).toThrow(ConfigurationError);
    expect(bad).toThrow("SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587 (got '<secret of 34 characters>')");
    expect(bad).not.toThrow(/pa55/);
  });

  it('reads each variable', () => {
    const options = commsOptionsFromEnv({
      ...SECRET,
      COMMS_PAGE_RETRY_ATTEMPTS: '4',
      COMMS_PAGE_RETRY_BASE_SECONDS: '2',
      COMMS_UPDATE_RETRY_ATTEMPTS: '8',
      COMMS_UPDATE_RETRY_BASE_SECONDS: '30',
      COMMS_DELIVERY_TIMEOUT_MS: '10000',
      COMMS_PAGE_CONCURRENCY: '4',
      COMMS_UPDATE_CONCURRENCY: '2',
    });
    expect(options).toMatchObject({
      // An action item reminder retries on the status updates' schedule, read from their variables.
      retry: {
        page: { attempts: 4, baseMs: 2000, factor: 3 },
        'status-update': { attempts: 8, baseMs: 30000, factor: 2 },
        'action-item-reminder': { attempts: 8, baseMs: 30000, factor: 2 },
      },
      timeoutMs: 10000,
      pageConcurrency: 4,
      updateConcurrency: 2,
    });
  });

  it('maps the old shared COMMS_DELIVERY_ATTEMPTS / COMMS_DELIVERY_BACKOFF_MS onto both kinds, unless a kind names its own', () => {
    expect(commsOptionsFromEnv({ ...SECRET, COMMS_DELIVERY_ATTEMPTS: '3', COMMS_DELIVERY_BACKOFF_MS: '20', COMMS_UPDATE_RETRY_ATTEMPTS: '2' })).toMatchObject({
      retry: { page: { attempts: 3, baseMs: 20 }, 'status-update': { attempts: 2, baseMs: 20 } },
    });
  });

  it('refuses to start on a bad number, naming each variable and its value', () => {
    let error: unknown;
    try {
      commsOptionsFromEnv({ ...SECRET, COMMS_DELIVERY_TIMEOUT_MS: '10s', COMMS_PAGE_CONCURRENCY: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      { variable: 'COMMS_DELIVERY_TIMEOUT_MS', reason: 'must be a positive integer', value: '10s' },
      { variable: 'COMMS_PAGE_CONCURRENCY', reason: 'must be a positive integer', value: '0' },
    ]);
  });

  it('in production on a shared store, refuses a start without COMMS_SIGNING_SECRET, naming it (each replica would sign with its own key)', () => {
    const production = {
      NODE_ENV: 'production',
      POSTGRES_URL: 'postgres://linchpin:s3cret@db:5432/linchpin',
      LINCHPIN_ADMIN_TOKEN: 'lp_token',
      LINCHPIN_LINK_SECRET: 'k'.repeat(32),
    };
    const load = (env: Record<string, string>) => () => loadConfig(COMMS_SERVICE, env);
    expect(load({ ...production, COMMS_SIGNING_SECRET: ' ' })).toThrow(/COMMS_SIGNING_SECRET is required in production on a shared event store/);
    expect(load({ ...production, COMMS_SIGNING_SECRET: 'a-signing-secret' })).not.toThrow();
    // Outside production, or on SQLite (one process), the warning at start says it instead.
    expect(load({ ...production, NODE_ENV: 'development' })).not.toThrow();
    expect(load({ NODE_ENV: 'production' })).not.toThrow();
  });
});

import { ConfigurationError, loadSettings } from '@linchpin/platform';
import { commsSettings } from './comms.settings';

const commsOptionsFromEnv = (env: Record<string, string>) => loadSettings(commsSettings, env);

const SECRET = { COMMS_SIGNING_SECRET: 'a-signing-secret-for-tests' };

describe('comms settings', () => {
  it('defaults: 3 attempts, 200 ms backoff, 5000 ms per attempt, 32 page slots, 8 update slots, 120 s of waiting for a contact', () => {
    expect(commsOptionsFromEnv(SECRET)).toEqual({
      signingSecret: SECRET.COMMS_SIGNING_SECRET,
      attempts: 3,
      backoffMs: 200,
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
      COMMS_DELIVERY_ATTEMPTS: '5',
      COMMS_DELIVERY_BACKOFF_MS: '50',
      COMMS_DELIVERY_TIMEOUT_MS: '10000',
      COMMS_PAGE_CONCURRENCY: '4',
      COMMS_UPDATE_CONCURRENCY: '2',
    });
    expect(options).toMatchObject({ attempts: 5, backoffMs: 50, timeoutMs: 10000, pageConcurrency: 4, updateConcurrency: 2 });
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
});

import { ConfigurationError } from '@linchpin/platform';
import { COMMS_SETTINGS, CommsSettings } from '@linchpin/comms';
import { startEmbedded } from './support/embedded-app';

describe("standalone: every hosted service's variables through the platform's config", () => {
  it("refuses to start on a bad comms variable, named in the platform's message", async () => {
    const started = startEmbedded('bad-comms-variable', { COMMS_PAGE_RETRY_ATTEMPTS: 'abc', COMMS_PAGE_CONCURRENCY: '0' });
    await expect(started).rejects.toBeInstanceOf(ConfigurationError);
    await expect(started).rejects.toThrow(
      "Invalid configuration: COMMS_PAGE_RETRY_ATTEMPTS must be a positive integer (got 'abc'); COMMS_PAGE_CONCURRENCY must be a positive integer (got '0')",
    );
  });

  it("injects comms' typed settings, read from the environment", async () => {
    const embedded = await startEmbedded('comms-settings', { COMMS_SIGNING_SECRET: 'standalone-settings-secret', COMMS_PAGE_RETRY_ATTEMPTS: '7' });
    try {
      expect(embedded.app.get<CommsSettings>(COMMS_SETTINGS)).toEqual({
        signingSecret: 'standalone-settings-secret',
        retry: {
          page: { attempts: 7, baseMs: 5000, factor: 3 },
          'status-update': { attempts: 6, baseMs: 60000, factor: 2 },
          // Issue 16: action item reminders retry on the status updates' schedule.
          'action-item-reminder': { attempts: 6, baseMs: 60000, factor: 2 },
        },
        timeoutMs: 5000,
        pageConcurrency: 32,
        updateConcurrency: 8,
        contactWaitSeconds: 120,
        smtpFrom: 'Linchpin <linchpin@localhost>',
      });
    } finally {
      await embedded.close();
    }
  });
});

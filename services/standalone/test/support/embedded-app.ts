import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, initApp } from '@linchpin/platform';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { StandaloneAppModule } from '../../src/app.module';
import { STANDALONE_SERVICE } from '../../src/service';

export interface EmbeddedApp {
  app: INestApplication;
  close(): Promise<void>;
}

/**
 * The standalone process as `npm start` runs it (SQLite file, in-process bus), whatever the test run
 * exports: `scripts/test.sh` exports KAFKA_BROKERS for the Kafka tests, and an app on the shared broker
 * would consume other tests' events. `env` adds the test's own variables (e.g. OUTBOUND_ALLOW_CIDRS
 * for a receiver on loopback); the environment is restored on close, or at once if the start fails.
 * `beforeInit` sees the app before its routes are registered (e.g. to add a Fastify onRoute hook).
 */
export async function startEmbedded(name: string, env: Record<string, string> = {}, beforeInit?: (app: INestApplication) => void): Promise<EmbeddedApp> {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), `linchpin-${name}-`));
  delete process.env.EVENTSTORE_URL;
  delete process.env.POSTGRES_URL;
  // The test admin token, so that no start writes ./data/admin.token (a test of the bootstrap sets LINCHPIN_DATA_DIR instead).
  Object.assign(process.env, { KAFKA_BROKERS: '', SQLITE_PATH: join(dir, 'linchpin.db'), REVIEW_READ_MODELS_PATH: join(dir, 'review-read-models.sqlite'), LOG_LEVEL: 'warn', LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
  let app: INestApplication;
  try {
    app = await createApp(StandaloneAppModule, STANDALONE_SERVICE);
    beforeInit?.(app);
    await initApp(app);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
    throw error;
  }
  return {
    app,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      process.env = saved;
    },
  };
}

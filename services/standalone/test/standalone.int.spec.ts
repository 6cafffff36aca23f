import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp, initApp } from '@linchpin/platform';
import { StandaloneAppModule } from '../src/app.module';
import { STANDALONE_SERVICE } from '../src/service';

describe('standalone: the five services in one process', () => {
  let app: INestApplication;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-standalone-'));
    process.env.SQLITE_PATH = join(dir, 'linchpin.db');
    process.env.LOG_LEVEL = 'warn';
    app = await createApp(StandaloneAppModule, STANDALONE_SERVICE);
    await initApp(app);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env.SQLITE_PATH;
  });

  it('serves every service’s routes in one OpenAPI document', async () => {
    const { body } = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    const paths = Object.keys(body.paths);
    for (const prefix of ['/detection/', '/triage/', '/coordination/', '/comms/', '/review/', '/health/']) {
      expect(paths.some((p) => p.startsWith(prefix))).toBe(true);
    }
    expect(body.info.title).toBe('Linchpin');
  });

  it('is ready on the embedded store and the in-process bus', async () => {
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });
});

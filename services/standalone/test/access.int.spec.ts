import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { asAdmin, authorized } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

/*
 * Issue 14 on the standalone process: it never runs open (an admin token is created at first start,
 * kept in LINCHPIN_DATA_DIR/admin.token), every operation says who may call it, and every operation
 * that is not public answers 401 without a token.
 */

/** The operations that answer without a token, and nothing else (issue 14, item 4). */
const PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /v2/enqueue',
  'POST /detection/v2/enqueue',
  'POST /v2/change/enqueue',
  'POST /detection/v2/change/enqueue',
  'POST /detection/integrations/alertmanager/{key}',
  'POST /detection/integrations/grafana/{key}',
  'POST /detection/integrations/heartbeat/{key}',
  'POST /detection/integrations/logs/{key}',
  'GET /coordination/links/acknowledge/{token}',
  'POST /coordination/links/acknowledge/{token}',
  // A subscription's unsubscribe link (issue 15), in every message sent to it.
  'GET /comms/links/unsubscribe/{token}',
  'POST /comms/links/unsubscribe/{token}',
  // The public status page (issue 15), outside every service prefix.
  'GET /status',
  'GET /status.json',
  'GET /status/feed.atom',
].sort();

describe('access on the standalone process', () => {
  let dataDir: string;
  let standalone: EmbeddedApp;
  let printed = '';
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'linchpin-data-'));
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      printed += String(chunk);
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      standalone = await startEmbedded('access', { LINCHPIN_ADMIN_TOKEN: '', LINCHPIN_DATA_DIR: dataDir });
    } finally {
      process.stdout.write = write;
    }
  });
  afterAll(async () => {
    await standalone?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const server = () => standalone.app.getHttpServer();

  it('creates the admin token at first start: printed once, kept in admin.token with mode 0600, and it opens every route', async () => {
    const path = join(dataDir, 'admin.token');
    const token = readFileSync(path, 'utf8').trim();
    expect(token).toMatch(/^lp_[A-Za-z0-9_-]{43}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(printed.split(token)).toHaveLength(2);
    await request(server()).get('/triage/queue').expect(401);
    await authorized(server(), token).get('/triage/queue').expect(200);
    await asAdmin(server()).get('/triage/queue').expect(401); // the test token is not this process's
  });

  it('documents who may call each operation, and exactly the public ones need no token', async () => {
    const { body: document } = await request(server()).get('/openapi.json').expect(200);
    const operations = Object.entries(document.paths as Record<string, Record<string, { security?: unknown[]; 'x-linchpin-access'?: { role: string } }>>).flatMap(
      ([path, item]) => Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, operation })),
    );
    expect(operations.length).toBeGreaterThan(90);
    expect(operations.filter((o) => !o.operation['x-linchpin-access']).map((o) => o.name)).toEqual([]);
    expect(operations.filter((o) => o.operation['x-linchpin-access']?.role === 'public').map((o) => o.name).sort()).toEqual(PUBLIC);
    expect(JSON.stringify(document)).not.toMatch(/x-actor/i);
  });

  it('answers every other operation 401 problem+json with WWW-Authenticate when no token is sent', async () => {
    const { body: document } = await request(server()).get('/openapi.json').expect(200);
    const refused: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, { 'x-linchpin-access': { role: string } }>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation['x-linchpin-access'].role === 'public') continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const response = await (request(server()) as unknown as Record<string, (url: string) => request.Test>)[method](url);
        if (response.status !== 401 || !String(response.headers['www-authenticate']).startsWith('Bearer')) refused.push(`${method} ${path}: ${response.status}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

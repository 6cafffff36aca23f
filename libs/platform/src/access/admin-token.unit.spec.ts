import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../load-config';
import { resolveAdminToken } from './admin-token';
import { API_TOKEN_PATTERN } from './api-token-directory';

describe('the admin token: the embedded default never runs open', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'linchpin-admin-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created at first start in <LINCHPIN_DATA_DIR>/admin.token, mode 0600, and printed once', () => {
    const printed: string[] = [];
    const dataDir = join(dir, 'data');
    const first = resolveAdminToken({ dataDir }, (line) => printed.push(line));
    expect(first.source).toBe('created');
    expect(first.token).toMatch(API_TOKEN_PATTERN);
    const path = join(dataDir, 'admin.token');
    expect(readFileSync(path, 'utf8').trim()).toBe(first.token);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(first.token);

    const again = resolveAdminToken({ dataDir }, (line) => printed.push(line));
    expect(again).toEqual({ token: first.token, source: 'file', path });
    expect(printed).toHaveLength(1);
  });

  it('is LINCHPIN_ADMIN_TOKEN when set, and then no file is written', () => {
    const token = 'x'.repeat(40);
    expect(resolveAdminToken({ dataDir: dir, adminToken: token }, () => undefined)).toEqual({ token, source: 'LINCHPIN_ADMIN_TOKEN' });
    expect(() => statSync(join(dir, 'admin.token'))).toThrow();
  });

  it('takes a short LINCHPIN_ADMIN_TOKEN but warns, without printing it, that it is guessable', () => {
    const printed: string[] = [];
    expect(resolveAdminToken({ dataDir: dir, adminToken: 'hunter2' }, (line) => printed.push(line)).token).toBe('hunter2');
    expect(printed).toEqual([expect.stringContaining('LINCHPIN_ADMIN_TOKEN is 7 characters long; use at least 32')]);
    expect(printed.join()).not.toContain('hunter2');
    const quiet: string[] = [];
    resolveAdminToken({ dataDir: dir, adminToken: 'x'.repeat(32) }, (line) => quiet.push(line));
    expect(quiet).toEqual([]);
  });

  it('is one token for processes that start together on one data directory', () => {
    const tokens = Array.from({ length: 5 }, () => resolveAdminToken({ dataDir: dir }, () => undefined).token);
    expect(new Set(tokens).size).toBe(1);
  });

  it('refuses to start on a file that holds no usable token, naming the variable', () => {
    writeFileSync(join(dir, 'admin.token'), 'short\n', { mode: 0o600 });
    expect(() => resolveAdminToken({ dataDir: dir }, () => undefined)).toThrow(ConfigurationError);
    expect(() => resolveAdminToken({ dataDir: dir }, () => undefined)).toThrow(/LINCHPIN_DATA_DIR .*admin\.token/);
  });
});

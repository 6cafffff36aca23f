import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '@linchpin/testing';

/** Runs `file` on this Node.js made to report an older version, as a machine with Node 20 would run it. */
function runAsNode(version: string, file: string, env: Record<string, string> = {}) {
  const fake = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} }); require(${JSON.stringify(file)});`;
  return spawnSync(process.execPath, ['-e', fake], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('a start on an unsupported Node.js', () => {
  const dir = tempDir('old-node');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops the standalone process at once, naming the version needed, before it opens a store', () => {
    const sqlitePath = join(dir, 'linchpin.db');
    const run = runAsNode('20.20.2', join(repoRoot(), 'services', 'standalone', 'dist', 'main.js'), { SQLITE_PATH: sqlitePath, PORT: '0' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Linchpin needs Node.js >=22.15');
    expect(run.stderr).toContain('this is Node.js 20.20.2');
    expect(existsSync(sqlitePath)).toBe(false);
  });

  it('stops npm start, npm test and npm run bench before they build anything', () => {
    const run = runAsNode('22.11.0', join(repoRoot(), 'scripts', 'require-node.js'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Linchpin needs Node.js >=22.15');
    expect(run.stderr).toContain('scripts/node24.sh');
  });

  it('lets a supported Node.js through', () => {
    const run = runAsNode('24.22.3', join(repoRoot(), 'scripts', 'require-node.js'));
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});

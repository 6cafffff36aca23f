import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AccessSettings, ADMIN_TOKEN_MIN_LENGTH } from './access-settings';
import { ConfigurationError } from '../load-config';
import { generateApiToken } from './api-token-directory';

const badFile = (path: string, reason: string) => new ConfigurationError([{ variable: 'LINCHPIN_DATA_DIR', reason: `has ${path}, which ${reason}`, value: path }]);

export const ADMIN_TOKEN_FILE = 'admin.token';

export interface AdminToken {
  token: string;
  /** Where it came from: the variable, an existing file, or a file created by this start. */
  source: 'LINCHPIN_ADMIN_TOKEN' | 'file' | 'created';
  /** The file, unless it came from the variable. */
  path?: string;
}

/**
 * The admin token of this process, so that no start runs open: LINCHPIN_ADMIN_TOKEN when set;
 * else `<LINCHPIN_DATA_DIR>/admin.token`; else a new one written there (mode 0600) and printed
 * once. Every process with the same data directory (the standalone, or the services started from
 * one folder) shares it: the file is created by an atomic link, so processes starting together
 * agree on one token and none reads a half-written file.
 */
export function resolveAdminToken(settings: AccessSettings, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): AdminToken {
  if (settings.adminToken) {
    // Taken as given (a deployment may have its own format), but a short one is guessable: say so at every start.
    if (settings.adminToken.length < ADMIN_TOKEN_MIN_LENGTH) {
      print(`Warning: LINCHPIN_ADMIN_TOKEN is ${settings.adminToken.length} characters long; use at least ${ADMIN_TOKEN_MIN_LENGTH} random ones (a token Linchpin creates has 46).`);
    }
    return { token: settings.adminToken, source: 'LINCHPIN_ADMIN_TOKEN' };
  }
  const dir = resolve(settings.dataDir);
  const path = join(dir, ADMIN_TOKEN_FILE);
  const existing = readToken(path);
  if (existing) return { token: existing, source: 'file', path };

  mkdirSync(dir, { recursive: true });
  const token = generateApiToken();
  const draft = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(draft, `${token}\n`, { mode: 0o600 });
  chmodSync(draft, 0o600); // the umask may have narrowed it, never widened: say it once more
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const other = readToken(path);
    if (!other) throw badFile(path, 'is empty: remove it, or set LINCHPIN_ADMIN_TOKEN');
    return { token: other, source: 'file', path };
  } finally {
    rmSync(draft, { force: true });
  }
  print(
    `Linchpin admin token (shown once; kept in ${path}, mode 0600): ${token}\n` +
      `Send it as: Authorization: Bearer <token>. Set LINCHPIN_ADMIN_TOKEN to choose it instead.`,
  );
  return { token, source: 'created', path };
}

function readToken(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const token = text.trim();
  if (token.length < ADMIN_TOKEN_MIN_LENGTH || /\s/.test(token)) {
    throw badFile(path, `does not hold an admin token (at least ${ADMIN_TOKEN_MIN_LENGTH} characters without spaces): fix or remove it, or set LINCHPIN_ADMIN_TOKEN`);
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) process.stderr.write(`warning: ${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it\n`);
  return token;
}

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Another commit of this repository, checked out next to it with its services built. */
export interface BuiltTree {
  root: string;
  ref: string;
  /** The short commit id. */
  commit: string;
  buildSeconds: number;
  /** Removes the worktree (and its folder). */
  remove(): Promise<void>;
}

/** The folders that hold workspace packages (each with a package.json naming it). */
const PACKAGE_FOLDERS = ['libs', 'services'];
const SINGLE_PACKAGES = ['bench', 'e2e'];

const packageDirs = (root: string): string[] => [
  ...PACKAGE_FOLDERS.flatMap((folder) =>
    existsSync(join(root, folder)) ? readdirSync(join(root, folder)).map((name) => join(folder, name)) : [],
  ),
  ...SINGLE_PACKAGES,
].filter((dir) => existsSync(join(root, dir, 'package.json')));

/**
 * Gives a fresh checkout the installed dependencies of this one without installing: a node_modules
 * folder of links to each entry of this tree's node_modules, except @linchpin (whose entries link to
 * this tree's own libs and services) and .cache (tools' caches stay apart). Its own @linchpin links point
 * at the checkout's packages, by the name in each package.json. A package's own nested node_modules
 * (npm puts a differing version there) is linked the same way where the checkout has that package.
 * The parent's package.json may want a version this tree does not have: then its build or start
 * fails, and the caller says so.
 */
function linkNodeModules(current: string, tree: string): void {
  const modules = join(tree, 'node_modules');
  mkdirSync(join(modules, '@linchpin'), { recursive: true });
  for (const entry of readdirSync(join(current, 'node_modules'))) {
    if (entry === '@linchpin' || entry === '.cache') continue;
    symlinkSync(join(current, 'node_modules', entry), join(modules, entry));
  }
  for (const dir of packageDirs(tree)) {
    const name = (JSON.parse(readFileSync(join(tree, dir, 'package.json'), 'utf8')) as { name?: string }).name ?? '';
    if (name.startsWith('@linchpin/')) symlinkSync(join(tree, dir), join(modules, name));
    const nested = join(current, dir, 'node_modules');
    if (existsSync(nested) && !existsSync(join(tree, dir, 'node_modules'))) symlinkSync(nested, join(tree, dir, 'node_modules'));
  }
}

/**
 * `git worktree add --detach` of `ref` in a temporary folder, node_modules linked to this tree's,
 * then `nx run-many -t build` of `projects` there (with their dependencies).
 */
export async function buildTreeAt(current: string, ref: string, projects: string[], log: (message: string) => void): Promise<BuiltTree> {
  const { stdout } = await run('git', ['rev-parse', '--short', '--verify', `${ref}^{commit}`], { cwd: current });
  const commit = stdout.trim();
  const parent = mkdtempSync(join(tmpdir(), 'linchpin-bench-tree-'));
  const root = join(parent, commit);
  let added = false;
  const remove = async () => {
    if (added) await run('git', ['worktree', 'remove', '--force', root], { cwd: current }).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    await run('git', ['worktree', 'prune'], { cwd: current }).catch(() => undefined);
  };
  try {
    await run('git', ['worktree', 'add', '--detach', root, commit], { cwd: current });
    added = true;
    linkNodeModules(current, root);
    log(`building ${projects.join(', ')} at ${ref} (${commit}) in ${root}`);
    const started = Date.now();
    await run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'], {
      cwd: root,
      // This tree's Nx cache: its entries are keyed by the inputs' content, so a project already compiled with the
      // same inputs is restored from it instead of compiled again (a full build of the services takes minutes here).
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_CACHE_DIRECTORY: join(current, '.nx', 'cache') },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { root, ref, commit, buildSeconds: (Date.now() - started) / 1000, remove };
  } catch (error) {
    await remove();
    const { stdout: out = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${(error as Error).message.split('\n')[0]}\n${`${out}\n${stderr}`.trim().split('\n').slice(-20).join('\n')}`);
  }
}

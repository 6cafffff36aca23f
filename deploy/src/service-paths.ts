import { readdirSync, statSync } from 'fs';
import { join, relative } from 'path';
import { ROOT, SERVICES, read } from './rendered';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
export const sourcesOf = (dir: string) => filesUnder(join(ROOT, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes('/spec/'));

/** Resolves a route constant (`const X = '…'` or `[…]`) in the file or in libs/platform. */
function constantValues(name: string, source: string): string[] {
  const platform = sourcesOf('libs/platform/src').map((f) => read(relative(ROOT, f))).join('\n');
  const found = new RegExp(`(?:export )?const ${name} = (\\[[^\\]]*\\]|'[^']*')`).exec(`${source}\n${platform}`);
  if (!found) throw new Error(`route constant ${name} not found`);
  return [...found[1].matchAll(/'([^']*)'/g)].map((m) => m[1].replace(/^\//, ''));
}

/** Every HTTP path each service serves, from its controllers (prefix and handler paths). */
export function servicePaths(): { service: string; path: string }[] {
  const paths: { service: string; path: string }[] = [];
  for (const service of SERVICES) {
    for (const file of sourcesOf(`services/${service}/src`).filter((f) => f.endsWith('.controller.ts'))) {
      const source = read(relative(ROOT, file));
      for (const controller of source.matchAll(/@Controller\(([^)]*)\)/g)) {
        const arg = controller[1].trim();
        const prefixes = arg === '' ? [''] : arg.startsWith("'") ? [arg.slice(1, -1)] : constantValues(arg, source);
        // Handlers of a prefix-less controller name the whole path.
        const handlers =
          arg === ''
            ? [...source.matchAll(/@(?:Get|Post|Put|Patch|Delete)\(([^)]*)\)/g)].flatMap((m) => {
                const a = m[1].trim();
                return a.startsWith("'") ? [a.slice(1, -1)] : constantValues(a.split('.')[0], source);
              })
            : [''];
        for (const prefix of prefixes) for (const handler of handlers) paths.push({ service, path: `/${[prefix, handler].filter(Boolean).join('/')}` });
      }
    }
  }
  return paths;
}

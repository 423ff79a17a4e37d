/** How a project writes its imports: learned from tsconfig (`module`, `moduleResolution`,
 * `paths`, `allowImportingTsExtensions`) and the nearest package.json's `type`, so that a new
 * import is one the compiler and Node accept, written like its neighbours. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { getTsconfig } from 'get-tsconfig';

import { stripSourceExtension, toPosix } from './paths.js';

export interface TsconfigFacts {
  /** Node16/NodeNext module resolution: an ES module's relative imports need an extension. */
  readonly nodeModules: boolean;
  /** `allowImportingTsExtensions`: `./bot.ts` is accepted as well as `./bot.js`. */
  readonly tsExtensions: boolean;
  /** `paths` patterns and the folder they resolve against. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
  readonly pathsBase: string;
}

const NODE_RESOLUTION = new Set(['node16', 'nodenext', 'node18', 'node20']);

const cache = new Map<string, TsconfigFacts | undefined>();

export function tsconfigFacts(file: string): TsconfigFacts | undefined {
  const dir = path.dirname(file);
  if (cache.has(dir)) return cache.get(dir);
  let facts: TsconfigFacts | undefined;
  try {
    const found = getTsconfig(dir);
    if (found) {
      const options = found.config.compilerOptions ?? {};
      const moduleKind = String(options.module ?? '').toLowerCase();
      const resolution = String(options.moduleResolution ?? '').toLowerCase();
      const configDir = path.dirname(found.path);
      facts = {
        // `moduleResolution` decides when set (bundler needs no extension); else `module` implies it.
        nodeModules: resolution ? NODE_RESOLUTION.has(resolution) : NODE_RESOLUTION.has(moduleKind),
        tsExtensions: options.allowImportingTsExtensions === true,
        paths: Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({ pattern, targets })),
        pathsBase: options.baseUrl ? path.resolve(configDir, options.baseUrl) : configDir,
      };
    }
  } catch {
    // An unreadable tsconfig only costs us the style hints.
    facts = undefined;
  }
  cache.set(dir, facts);
  return facts;
}

const packageTypes = new Map<string, string | undefined>();

/** The `type` of the nearest package.json (`module`, `commonjs`, or undefined when unset). */
export function packageTypeOf(file: string): string | undefined {
  const visited: string[] = [];
  let type: string | undefined;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (packageTypes.has(dir)) {
      type = packageTypes.get(dir);
      break;
    }
    visited.push(dir);
    let text: string | undefined;
    try {
      text = readFileSync(path.join(dir, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const value = (JSON.parse(text) as { type?: unknown }).type;
        type = typeof value === 'string' ? value : undefined;
      } catch {
        type = undefined;
      }
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of visited) packageTypes.set(dir, type);
  return type;
}

/**
 * Does Node run this file as an ES module? `.mjs`/`.mts` always, `.cjs`/`.cts` never, other
 * extensions when the nearest package.json says `"type": "module"`.
 */
export function runsAsEsModule(file: string): boolean {
  if (/\.m[jt]s$/.test(file)) return true;
  if (/\.c[jt]s$/.test(file)) return false;
  return packageTypeOf(file) === 'module';
}

/** Does a specifier go through one of the `paths` aliases? */
export function matchesPathsAlias(specifier: string, facts: TsconfigFacts): boolean {
  return facts.paths.some(({ pattern }) => {
    const star = pattern.indexOf('*');
    if (star === -1) return specifier === pattern;
    return specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
  });
}

/** The alias specifier for a file, if a `paths` pattern reaches it (`@/services/telegramBot`). */
export function aliasSpecifier(targetFile: string, facts: TsconfigFacts): string | undefined {
  const bare = toPosix(stripSourceExtension(targetFile));
  for (const { pattern, targets } of facts.paths) {
    const star = pattern.indexOf('*');
    for (const target of targets) {
      const absolute = toPosix(path.resolve(facts.pathsBase, target));
      const targetStar = absolute.indexOf('*');
      if (star === -1 || targetStar === -1) {
        if (star === -1 && targetStar === -1 && toPosix(stripSourceExtension(absolute)) === bare) return pattern;
        continue;
      }
      const prefix = absolute.slice(0, targetStar);
      const suffix = stripSourceExtension(absolute.slice(targetStar + 1));
      if (bare.startsWith(prefix) && bare.endsWith(suffix) && bare.length >= prefix.length + suffix.length) {
        const captured = bare.slice(prefix.length, bare.length - suffix.length);
        return pattern.slice(0, star) + captured + pattern.slice(star + 1);
      }
    }
  }
  return undefined;
}

/** How a file writes its imports: learned from tsconfig (`module`, `paths`) and from the
 * file's own imports, so a new import looks like its neighbours. */
import path from 'node:path';

import { getTsconfig } from 'get-tsconfig';

import { toPosix, stripSourceExtension } from '../../src/core/paths.js';

export interface TsconfigFacts {
  /** `module` is Node16/NodeNext: relative imports need `.js`. */
  readonly nodeModules: boolean;
  /** `paths` patterns and the folder they resolve against. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
  readonly pathsBase: string;
}

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
      const configDir = path.dirname(found.path);
      facts = {
        nodeModules: moduleKind === 'node16' || moduleKind === 'nodenext' || moduleKind === 'node18' || moduleKind === 'node20',
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

export function clearTsconfigCache(): void {
  cache.clear();
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

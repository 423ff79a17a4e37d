/**
 * Owner modules: the one module allowed to create the polling bot of a token.
 * Paths are absolute or relative to a base directory (ESLint's cwd for the rule);
 * globs are matched with minimatch, as ESLint itself does.
 */
import path from 'node:path';

import { minimatch } from 'minimatch';

import { hasSourceExtension, stripSourceExtension, toPosix } from './paths.js';
import type { TokenGroups } from './token.js';

export interface OwnerOption {
  /** The owner module: absolute, or relative to the base directory; globs allowed. */
  readonly module: string;
  /** Token keys it owns; without, it owns every token no other owner names. */
  readonly token?: string | readonly string[];
  /** The name it exports its instance under. */
  readonly export?: string;
}

export interface Owner {
  /** As the user wrote it. */
  readonly module: string;
  /** Absolute posix path or pattern. */
  readonly absolute: string;
  readonly isGlob: boolean;
  /** Canonical token keys, or undefined for the default owner. */
  readonly tokens: readonly string[] | undefined;
  readonly exportName: string;
  matches(file: string): boolean;
}

export const DEFAULT_EXPORT_NAME = 'bot';

export function compileOwners(options: readonly OwnerOption[], baseDir: string, groups: TokenGroups): Owner[] {
  return options.map((option) => {
    const absolute = toPosix(path.resolve(baseDir, option.module));
    const isGlob = /[*?[\]{}]/.test(option.module);
    const tokens =
      option.token === undefined
        ? undefined
        : (typeof option.token === 'string' ? [option.token] : option.token).map((key) => groups.canonical(key));
    const matches = isGlob
      ? (file: string) => minimatch(toPosix(file), absolute, { dot: true })
      : (file: string) => sameModule(toPosix(file), absolute);
    return { module: option.module, absolute, isGlob, tokens, exportName: option.export ?? DEFAULT_EXPORT_NAME, matches };
  });
}

/** `src/bot.ts` is the module `src/bot.ts`, `src/bot`, or (as `src/bot/index.ts`) `src/bot`. */
function sameModule(file: string, module: string): boolean {
  if (file === module) return true;
  if (hasSourceExtension(module)) return stripSourceExtension(file) === stripSourceExtension(module);
  const bare = stripSourceExtension(file);
  return bare === module || bare === `${module}/index`;
}

/** The owner of a canonical token key: the owner that names it, else the default owner. */
export function ownerOfToken(owners: readonly Owner[], key: string): Owner | undefined {
  return owners.find((owner) => owner.tokens?.includes(key)) ?? owners.find((owner) => owner.tokens === undefined);
}

/**
 * Owner modules: the one module allowed to create the polling bot of a token.
 * Paths follow src/core/file-patterns.ts (absolute, or relative to ESLint's cwd; globs).
 */
import path from 'node:path';

import { compileFilePattern, existsOnDisk } from './file-patterns.js';
import { toPosix } from './paths.js';
import type { TokenGroups } from './token.js';

export interface OwnerOption {
  /** The owner module: absolute, or relative to the base directory; globs allowed. */
  readonly module: string;
  /** Token keys it owns; without, the tokens its module polls (that no other owner names). */
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
  /** Canonical token keys, or undefined for an owner of the tokens its module polls. */
  readonly tokens: readonly string[] | undefined;
  readonly exportName: string;
  matches(file: string): boolean;
}

export const DEFAULT_EXPORT_NAME = 'bot';

export function compileOwners(options: readonly OwnerOption[], baseDir: string, groups: TokenGroups): Owner[] {
  return options.map((option) => {
    const { absolute, isGlob, matches } = compileFilePattern(option.module, baseDir);
    const tokens =
      option.token === undefined
        ? undefined
        : (typeof option.token === 'string' ? [option.token] : option.token).map((key) => groups.canonical(key));
    return { module: option.module, absolute, isGlob, tokens, exportName: option.export ?? DEFAULT_EXPORT_NAME, matches };
  });
}

/** What is known of a bot besides its token, to find its owner. */
export interface OwnerLookup {
  /** The posix path of the module that creates the bot: an owner without `token` owns what it creates. */
  readonly creationFile?: string;
  /** The canonical token keys an owner's module polls (from the project model). */
  readonly polledBy?: (owner: Owner) => ReadonlySet<string>;
}

/**
 * The owner of a canonical token key: the owner that names it; else an owner without `token`
 * whose module creates this bot or polls this token. Such an owner owns nothing else: handing
 * a bot of another token its instance would turn one bot into another.
 */
export function ownerOfToken(owners: readonly Owner[], key: string, lookup: OwnerLookup = {}): Owner | undefined {
  const named = owners.find((owner) => owner.tokens?.includes(key));
  if (named) return named;
  const unnamed = owners.filter((owner) => owner.tokens === undefined);
  const { creationFile, polledBy } = lookup;
  return (
    (creationFile === undefined ? undefined : unnamed.find((owner) => owner.matches(creationFile))) ??
    (polledBy ? unnamed.find((owner) => polledBy(owner).has(key)) : undefined)
  );
}

/**
 * A configuration error for the first owner module that names no file: a mistyped owner would
 * otherwise make every poller of its token, the real owner's included, "outside its owner".
 */
export function missingOwnerModule(options: readonly OwnerOption[], baseDir: string): string | undefined {
  for (const [index, option] of options.entries()) {
    const pattern = compileFilePattern(option.module, baseDir);
    if (existsOnDisk(pattern)) continue;
    const where = path.isAbsolute(option.module) ? '' : ` (relative to ESLint's cwd ${toPosix(baseDir)}; an absolute path works from any cwd)`;
    return `option owners[${index}].module '${option.module}' names no ${pattern.isGlob ? 'existing folder' : 'file'}: ${pattern.absolute}${where}`;
  }
  return undefined;
}

// Owners found once per options object and cwd stay found: checked once, not once per file.
const foundOwners = new WeakMap<object, Set<string>>();

/**
 * missingOwnerModule, for the rules: once the owners of an options object (the one createRule
 * hands every file with the same options) are all found from a cwd, they are not checked again.
 * A missing one is checked again at the next file (creating it ends the error in an editor).
 * Only when `onDisk()` says the linted file is on the disk (RuleTester's files are not).
 */
export function missingOwnerModuleOnce(key: object, options: readonly OwnerOption[], baseDir: string, onDisk: () => boolean): string | undefined {
  let found = foundOwners.get(key);
  if (found?.has(baseDir) || !onDisk()) return undefined;
  const error = missingOwnerModule(options, baseDir);
  if (error === undefined) {
    if (!found) foundOwners.set(key, (found = new Set()));
    found.add(baseDir);
  }
  return error;
}

/**
 * Owner modules: the one module allowed to create the polling bot of a token.
 * Paths follow src/core/file-patterns.ts (absolute, or relative to ESLint's cwd; globs).
 */
import { compileFilePattern } from './file-patterns.js';
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
    const { absolute, isGlob, matches } = compileFilePattern(option.module, baseDir);
    const tokens =
      option.token === undefined
        ? undefined
        : (typeof option.token === 'string' ? [option.token] : option.token).map((key) => groups.canonical(key));
    return { module: option.module, absolute, isGlob, tokens, exportName: option.export ?? DEFAULT_EXPORT_NAME, matches };
  });
}

/** The owner of a canonical token key: the owner that names it, else the default owner. */
export function ownerOfToken(owners: readonly Owner[], key: string): Owner | undefined {
  return owners.find((owner) => owner.tokens?.includes(key)) ?? owners.find((owner) => owner.tokens === undefined);
}

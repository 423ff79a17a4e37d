/**
 * File options of the rules (`owners[].module`, `entries`): absolute, or relative to a base
 * directory (ESLint's cwd for the rules); globs matched with minimatch, as ESLint itself does.
 * A path without an extension names a module: `src/bot` is `src/bot.ts` or `src/bot/index.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { minimatch } from 'minimatch';

import { hasSourceExtension, stripSourceExtension, toPosix } from './paths.js';

export interface FilePattern {
  /** As the user wrote it. */
  readonly pattern: string;
  /** Absolute posix path or glob. */
  readonly absolute: string;
  readonly isGlob: boolean;
  matches(file: string): boolean;
}

export function compileFilePattern(pattern: string, baseDir: string): FilePattern {
  const absolute = toPosix(path.resolve(baseDir, pattern));
  const isGlob = /[*?[\]{}]/.test(pattern);
  const matches = isGlob
    ? (file: string) => minimatch(toPosix(file), absolute, { dot: true })
    : (file: string) => sameModule(toPosix(file), absolute);
  return { pattern, absolute, isGlob, matches };
}

function sameModule(file: string, module: string): boolean {
  if (file === module) return true;
  if (hasSourceExtension(module)) return stripSourceExtension(file) === stripSourceExtension(module);
  const bare = stripSourceExtension(file);
  return bare === module || bare === `${module}/index`;
}

const MODULE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Whether the pattern can name anything on disk: the file (or, without an extension, the module
 * `x.ts`, `x/index.js`, …), or for a glob the folder its fixed part names.
 */
export function existsOnDisk(pattern: FilePattern): boolean {
  if (pattern.isGlob) {
    const fixed = pattern.absolute.split('/');
    const firstGlob = fixed.findIndex((part) => /[*?[\]{}]/.test(part));
    return existsSync(fixed.slice(0, firstGlob).join('/') || '/');
  }
  if (existsSync(pattern.absolute)) return true;
  if (hasSourceExtension(pattern.absolute)) return false;
  return MODULE_EXTENSIONS.some((extension) => existsSync(pattern.absolute + extension) || existsSync(`${pattern.absolute}/index${extension}`));
}

/**
 * File options of the rules (`owners[].module`, `entries`): absolute, or relative to a base
 * directory (ESLint's cwd for the rules); globs matched with minimatch, as ESLint itself does.
 * A path without an extension names a module: `src/bot` is `src/bot.ts` or `src/bot/index.ts`.
 */
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

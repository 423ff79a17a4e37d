/** Path helpers: everything the tool prints or compares is posix. */
import path from 'node:path';

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Is `child` the folder `parent` or inside it? Both absolute, as the platform writes them. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

export function stripSourceExtension(file: string): string {
  return file.replace(SOURCE_EXTENSION, '');
}

export function hasSourceExtension(file: string): boolean {
  return SOURCE_EXTENSION.test(file);
}

/**
 * Paths in code-unit order: the same order on every machine, whatever its locale (localeCompare's
 * is not, and its first call loads the collator: about 8 ms).
 */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A POSIX path that path.resolve would return unchanged: absolute, no empty, `.` or `..` segment, no trailing slash. */
const RESOLVED_POSIX = /^\/(?!.*\/\/)(?!(?:.*\/)?\.\.?(?:\/|$))(?!.*\/$)/;

let lastLinted: { readonly cwd: string; readonly name: string; readonly file: string } | undefined;

/**
 * The absolute path of the file a rule lints (`context.cwd`, `context.physicalFilename`). Perf:
 * every rule asks for each file in turn, and ESLint hands over a path that is already absolute
 * and normalised: returned as it is, and the last answer is remembered for the next rule.
 */
export function lintedFilePath(cwd: string, name: string): string {
  const last = lastLinted;
  if (last?.name === name && last.cwd === cwd) return last.file;
  const file = path.sep === '/' && RESOLVED_POSIX.test(name) ? name : path.resolve(cwd, name);
  lastLinted = { cwd, name, file };
  return file;
}

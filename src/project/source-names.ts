/**
 * Which names are project sources and which folders are never looked into: the rules of the
 * file listing (./files.ts), in a module of their own so that the rules' walk and the scan that
 * starts before the listing load nothing else.
 */
import path from 'node:path';

export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Folder names never walked into, at any depth, with the reason given when a path names one. */
export const EXCLUDED_DIRS: ReadonlyMap<string, string> = new Map([
  ['node_modules', 'dependencies'],
  ['.git', 'git internals'],
  ['dist', 'build output'],
  ['build', 'build output'],
  ['out', 'build output'],
  ['coverage', 'coverage output'],
  ['.next', 'build output'],
  ['.history', 'editor history'],
]);

/** A folder of EXCLUDED_DIRS as a whole segment of a '/'-separated path, before a later segment. */
const EXCLUDED_FOLDER_IN_PATH = new RegExp(`(?:^|/)(?:${[...EXCLUDED_DIRS.keys()].map((name) => name.replace('.', '\\.')).join('|')})/`);

// `x.d.ts`, `x.d.mts`, `x.d.cts`, and TS 5's arbitrary-extension declarations (`styles.d.css.ts`).
export const DECLARATION_FILE = /\.d\.(?:[cm]?ts|[^./]+\.ts)$/;
// What Finder, iCloud and Dropbox name a second copy: `bot 2.ts`, `bot copy.ts`, `bot copy 3.ts`.
export const FINDER_COPY = / (?:\d+|copy(?: \d+)?)\.[^.]+$/;

export function isSourceFileName(name: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(name)) && !DECLARATION_FILE.test(name);
}

/** The reason a path lies in an excluded folder (node_modules, dist, …), if it does. */
export function excludedAncestor(rel: string, isDir: boolean): string | undefined {
  // Perf: one test of the whole path (run for every file git lists) before any split.
  if (rel === '' || !EXCLUDED_FOLDER_IN_PATH.test(isDir ? `${rel}/` : rel)) return undefined;
  const parts = rel.split('/');
  const folders = isDir ? parts : parts.slice(0, -1);
  const hit = folders.find((part) => EXCLUDED_DIRS.has(part));
  return hit === undefined ? undefined : `in ${hit}/ (${EXCLUDED_DIRS.get(hit)})`;
}

/** The absolute path of `rel` ('/'-separated, from the listing) under `rootAbs`, spelled one way everywhere (scans are found again by it). */
export function projectPath(rootAbs: string, rel: string): string {
  if (rel === '') return rootAbs;
  // git and the walk give clean relative paths: joined as they are where '/' is the separator.
  if (path.sep === '/' && !rel.includes('/.') && !rel.startsWith('.') && !rel.includes('//')) return rootAbs.endsWith('/') ? rootAbs + rel : `${rootAbs}/${rel}`;
  return path.join(rootAbs, ...rel.split('/'));
}

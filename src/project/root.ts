/**
 * Which project a path belongs to: the nearest folder at or above it with a package.json, or,
 * when that folder is a package of a monorepo, the monorepo's root (the workspace whose
 * package.json or pnpm-workspace.yaml lists it): its bots may live in a sibling package.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { enclosingWorkspaceRoot } from './workspaces.js';

const roots = new Map<string, string>();

/** The project root of a file or folder (the folder itself when no package.json is above it). */
export function projectRootOf(target: string): string {
  // A folder asked before (the rule asks once per linted file): no stat, no resolving.
  const asked = path.isAbsolute(target) ? roots.get(target) : undefined;
  if (asked) return asked;
  let start = path.resolve(target);
  const known = roots.get(start);
  if (known) {
    if (path.isAbsolute(target)) roots.set(target, known);
    return known;
  }
  try {
    if (!statSync(start).isDirectory()) start = path.dirname(start);
  } catch {
    start = path.dirname(start);
  }
  const cached = roots.get(start);
  if (cached) return cached;
  const manifestDir = nearestManifestDir(start);
  const root = manifestDir === null ? start : rootOfManifest(manifestDir);
  roots.set(start, root);
  if (path.isAbsolute(target)) roots.set(target, root);
  return root;
}

function rootOfManifest(manifestDir: string): string {
  const root = rootOfManifestDir.get(manifestDir) ?? enclosingWorkspaceRoot(manifestDir) ?? manifestDir;
  rootOfManifestDir.set(manifestDir, root);
  return root;
}

/** Folder → the nearest folder at or above it with a package.json (null: none). */
const manifestDirs = new Map<string, string | null>();
const rootOfManifestDir = new Map<string, string>();

/**
 * Every folder climbed through is remembered with what was found above it, so the climb from a
 * sibling folder stops at their common parent (perf: a lint run meets hundreds of folders).
 */
function nearestManifestDir(start: string): string | null {
  const climbed: string[] = [];
  let found: string | null = null;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const known = manifestDirs.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    climbed.push(dir);
    if (existsSync(path.join(dir, 'package.json'))) {
      found = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of climbed) manifestDirs.set(dir, found);
  return found;
}

/**
 * Folders whose listing is known (the rules' walk of a project): whether each holds a package.json
 * is taken from the listing, with no stat. Perf: a lint run meets every folder of the project, and
 * checking each for a manifest took about 15 µs a folder in a CLI run. A folder's answer needs the
 * answer above it, so folders come after their parents; one whose parent is unknown is left to the
 * climb.
 */
export function rememberListedFolders(folders: Iterable<readonly [dir: string, hasManifest: boolean]>): void {
  for (const [dir, hasManifest] of folders) {
    if (manifestDirs.has(dir)) continue;
    if (hasManifest) {
      manifestDirs.set(dir, dir);
      continue;
    }
    const above = manifestDirs.get(path.dirname(dir));
    if (above !== undefined) manifestDirs.set(dir, above);
  }
}

let lastFolder: { readonly dir: string; readonly root: string } | undefined;

/** The project root of a file (absolute). Perf: a lint run goes file by file through a folder; the last folder is remembered. */
export function projectRootOfFile(file: string): string {
  const last = lastFolder;
  if (last && file.lastIndexOf(path.sep) === last.dir.length && file.startsWith(last.dir)) return last.root;
  // Perf: a lint run meets hundreds of folders. With a package.json above, the file's folder
  // needs no stat: whether it exists or not, the climb finds the same manifest.
  const dir = path.dirname(file);
  const manifestDir = roots.has(dir) ? undefined : nearestManifestDir(dir);
  if (manifestDir) roots.set(dir, rootOfManifest(manifestDir));
  const root = roots.get(dir) ?? projectRootOf(dir);
  lastFolder = { dir, root };
  return root;
}

/** Forget remembered roots (tests that create and remove projects). */
export function clearProjectRoots(): void {
  roots.clear();
  manifestDirs.clear();
  rootOfManifestDir.clear();
  lastFolder = undefined;
}

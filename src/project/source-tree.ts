/**
 * The project's source files as the rules walk them (the same folders and names left out as
 * walkSourceFilesSync), remembering each folder's mtime: a file added, removed or renamed
 * changes its folder's mtime, so after the first walk only the folders whose mtime moved are
 * listed again. A changed .gitignore is the caller's cue to walk again.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

import ignore, { type Ignore } from 'ignore';

import { toPosix } from '../core/paths.js';
import { EXCLUDED_DIRS, FINDER_COPY, isSourceFileName, SOURCE_EXTENSIONS } from './source-names.js';
import { isTestFile } from './test-files.js';

interface Folder {
  mtimeMs: number;
  files: string[];
  folders: string[];
  /** It holds an entry named package.json (what an existence check of the manifest would find). */
  manifest: boolean;
}

export interface TreeChanges {
  readonly added: string[];
  readonly removed: string[];
}

/**
 * A walk as it crosses threads (./scan-helper.ts): the .gitignore it followed, and each folder in
 * the walk's order with its mtime, whether it holds a package.json, its files and sub-folders.
 */
export interface TreeSnapshot {
  readonly gitignore: string | undefined;
  readonly folders: readonly (readonly [dir: string, mtimeMs: number, manifest: boolean, files: string[], folders: string[]])[];
}

/** Walks made in this thread (tests count them: a tree taken from a snapshot walks nothing). */
export const treeWalks = { count: 0 };

export class SourceTree {
  private readonly folders = new Map<string, Folder>();
  private readonly ignored: Ignore | undefined;
  /** Whether a rule of the .gitignore can ignore a source file by its name (else only folders are asked). */
  private readonly filesIgnorable: boolean;
  private sorted: string[] | undefined;
  private readonly gitignore: string | undefined;

  /** Walks `root`, or takes the walk another thread made of it when it followed the same .gitignore. */
  constructor(
    readonly root: string,
    snapshot?: TreeSnapshot,
    /** Called for each folder listed (a helper thread's progress). */
    private readonly onFolder?: () => void,
  ) {
    const rules = gitignoreText(root);
    this.gitignore = rules;
    this.ignored = rules === undefined ? undefined : ignore().add(rules);
    this.filesIgnorable = rules !== undefined && rules.split(/\r?\n/).some(mayIgnoreSourceFile);
    if (snapshot && snapshot.gitignore === rules) {
      // Folders changed since that walk show at the next refresh, as after a walk made here.
      for (const [dir, mtimeMs, manifest, files, folders] of snapshot.folders) this.folders.set(dir, { mtimeMs, manifest, files, folders });
      return;
    }
    treeWalks.count++;
    this.list(root, []);
  }

  /** The walk as it crosses threads. */
  snapshot(): TreeSnapshot {
    return { gitignore: this.gitignore, folders: [...this.folders].map(([dir, folder]) => [dir, folder.mtimeMs, folder.manifest, folder.files, folder.folders]) };
  }

  /** Every source file, sorted. */
  files(): string[] {
    this.sorted ??= [...this.folders.values()].flatMap((folder) => folder.files).sort();
    return this.sorted;
  }

  get folderCount(): number {
    return this.folders.size;
  }

  /** Each listed folder and whether it holds a package.json; a folder comes after the one above it. */
  *listedFolders(): Generator<readonly [dir: string, hasManifest: boolean]> {
    for (const [dir, folder] of this.folders) yield [dir, folder.manifest];
  }

  /** Stats every folder and lists again those whose mtime changed: the files added and removed since. */
  refresh(): TreeChanges {
    const added: string[] = [];
    const removed: string[] = [];
    for (const [dir, folder] of [...this.folders]) {
      if (!this.folders.has(dir)) continue; // removed with its parent in this refresh
      const mtimeMs = mtimeOf(dir);
      if (mtimeMs === folder.mtimeMs) continue;
      const before = new Set(folder.files);
      const beforeFolders = new Set(folder.folders);
      this.forget(dir, removed, false);
      if (mtimeMs === undefined) {
        removed.push(...before);
        this.folders.delete(dir);
        continue;
      }
      const newFiles: string[] = [];
      this.list(dir, newFiles);
      const after = this.folders.get(dir);
      for (const file of newFiles) if (!before.has(file)) added.push(file);
      for (const file of before) if (!after?.files.includes(file)) removed.push(file);
      // Sub-folders that went away take their files with them.
      for (const sub of beforeFolders) if (!after?.folders.includes(sub)) this.forget(sub, removed, true);
    }
    if (added.length > 0 || removed.length > 0) this.sorted = undefined;
    return { added, removed };
  }

  /** Lists `dir` and its new sub-folders; the files met are pushed to `found`. */
  private list(dir: string, found: string[]): void {
    // The mtime before the listing: a change while listing shows again at the next refresh.
    const mtimeMs = mtimeOf(dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const folder: Folder = { mtimeMs: mtimeMs ?? -1, files: [], folders: [], manifest: false };
    this.folders.set(dir, folder);
    this.onFolder?.();
    // Perf: one join per folder; a name read from the folder needs no normalising.
    const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
    for (const entry of entries) {
      if (entry.name === 'package.json') folder.manifest = true;
      const full = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (EXCLUDED_DIRS.has(entry.name) || this.ignored?.ignores(`${this.relative(full)}/`)) continue;
        folder.folders.push(full);
        if (!this.folders.has(full)) this.list(full, found);
      } else if (entry.isFile() && isSourceFileName(entry.name) && !FINDER_COPY.test(entry.name) && !(this.filesIgnorable && this.ignored?.ignores(this.relative(full)))) {
        folder.files.push(full);
        found.push(full);
      }
    }
  }

  /** Drops a folder's record (and, with `deep`, its sub-folders' and their files). */
  private forget(dir: string, removed: string[], deep: boolean): void {
    const folder = this.folders.get(dir);
    if (!folder) return;
    this.folders.delete(dir);
    if (!deep) return;
    removed.push(...folder.files);
    for (const sub of folder.folders) this.forget(sub, removed, true);
  }

  private relative(file: string): string {
    const root = this.root;
    // Every file met lies under the root: a slice, unless the separator is not '/'.
    if (path.sep === '/' && file.startsWith(root) && file[root.length] === '/') return file.slice(root.length + 1);
    return path.relative(root, file).split(path.sep).join('/');
  }
}

function gitignoreText(root: string): string | undefined {
  try {
    return readFileSync(path.join(root, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Can this .gitignore line ignore a file named like a source file? Perf: most .gitignore files
 * name only folders and files of other kinds (`node_modules/`, `.env`, `*.log`); then the walk
 * asks about folders only, not every file. Negations only take files back, a trailing `/` names
 * folders, and a name that must end with a literal tail (`*.log`) cannot end with `.ts`; anything
 * less plain counts as able to.
 */
export function mayIgnoreSourceFile(line: string): boolean {
  if (line.includes('\\')) return true;
  const rule = line.trimEnd();
  if (rule === '' || rule.startsWith('#') || rule.startsWith('!') || rule.endsWith('/')) return false;
  const name = (rule.slice(rule.lastIndexOf('/') + 1)).toLowerCase();
  const tail = name.slice(Math.max(name.lastIndexOf('*'), name.lastIndexOf('?'), name.lastIndexOf(']')) + 1);
  if (tail === '' || tail.includes('[')) return true;
  // A matching name ends with the tail and with a source extension: one ends the other.
  return SOURCE_EXTENSIONS.some((extension) => extension.endsWith(tail) || tail.endsWith(extension));
}

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The sources a model of `root` reads: the walk's files, sorted, test files left out unless
 * asked for (as the model leaves them out); with the walk, for the model's thread to take. For a
 * scan made ahead of the model (./scan-helper.ts).
 */
export function sourcesToScan(root: string, includeTests: boolean, onFolder?: () => void): { files: string[]; tree: TreeSnapshot } {
  const tree = new SourceTree(root, undefined, onFolder);
  const all = tree.files();
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  const files = includeTests ? all : all.filter((file) => !isTestFile(toPosix(file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(root, file))));
  return { files, tree: tree.snapshot() };
}

/**
 * Which files a command (`migrate`, `check`) works on: the JavaScript and TypeScript sources under
 * the given paths, minus what no one wants rewritten (dependencies, build output, editor history,
 * Finder copies, declaration files, whatever .gitignore ignores) and never anything reached
 * through a symlink: a link may lead out of the project, round in a loop, or make one file show up
 * twice, and writing "through" it would replace the link with a plain file.
 */
import { lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import ignore, { type Ignore } from 'ignore';

import { comparePaths, isInside, toPosix } from '../core/paths.js';
import { gitFileStates, type GitFileStates, type GitIndexEntry } from './git.js';
import { DECLARATION_FILE, EXCLUDED_DIRS, excludedAncestor, FINDER_COPY, isSourceFileName, projectPath, SOURCE_EXTENSIONS } from './source-names.js';
import { UsageError } from './usage-error.js';

export interface SkippedFile {
  /** Absolute path, as reached from `root`. */
  readonly file: string;
  /** Why it was left out, for people: "symlink to outside the project (/etc/x.ts)". */
  readonly reason: string;
}

export interface CollectedFiles {
  /** Absolute paths, sorted, no duplicates. */
  readonly files: string[];
  /** Left-outs worth telling about, sorted by file. Routine ones (node_modules, .gitignore) are silent. */
  readonly skipped: SkippedFile[];
  /**
   * Size and mtime of the files the walk stat'ed anyway (git's list), so they are not stat'ed
   * again; for the files git vouches for (tracked, clean), their blob id instead.
   */
  readonly stats: ReadonlyMap<string, KnownStat>;
}

export interface KnownStat {
  readonly size: number;
  readonly mtimeMs: number;
  /** git's blob id of a tracked file that git found unchanged; size and mtime are then NOT_STATED. */
  readonly oid?: string;
}

/** Size and mtime of a file known by its git blob id only. */
export const NOT_STATED = -1;

export interface CollectOptions {
  /** git's answer for the root, when the caller asked already (null: not in git). */
  readonly git?: GitFileStates | null;
}

/**
 * The source files under `paths` (default: all of `root`), resolved against `root`.
 * A path that does not exist, or that lies outside `root`, is a UsageError.
 */
export async function collectSourceFiles(root: string, paths: readonly string[] = ['.'], options: CollectOptions = {}): Promise<CollectedFiles> {
  const rootAbs = path.resolve(root);
  const rootReal = await realpath(rootAbs);
  const project = new Project(rootAbs, rootReal, await projectFilter(rootAbs, options.git));

  const targets = paths.length === 0 ? ['.'] : paths;
  // Check every path (in the order given, so the first bad one is named) before walking any.
  const resolved = [];
  for (const target of targets) resolved.push(await project.resolveTarget(target));
  for (const target of resolved) await project.collect(target);
  return project.result();
}

/** Either git's own list (every .gitignore, info/exclude, global excludes) or the root .gitignore. */
type Filter = { kind: 'git'; tracked: ReadonlyMap<string, GitIndexEntry>; untracked: ReadonlySet<string> } | { kind: 'gitignore'; rules: Ignore };

async function projectFilter(rootAbs: string, known: GitFileStates | null | undefined): Promise<Filter> {
  const git = await (known === undefined ? await gitFileStates(rootAbs, { listIndex: true }) : known)?.load();
  if (git) return { kind: 'git', tracked: git.tracked, untracked: new Set(git.untracked) };
  let text = '';
  try {
    text = await readFile(path.join(rootAbs, '.gitignore'), 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  return { kind: 'gitignore', rules: ignore().add(text) };
}

/** A path the user gave, after checking it exists inside the project. */
type Target =
  | { kind: 'skip'; abs: string; reason: string }
  | { kind: 'file' | 'dir'; rel: string }; // rel: '/'-separated, '' for the root itself

class Project {
  private readonly files = new Set<string>();
  private readonly stats = new Map<string, KnownStat>();
  private readonly skipped = new Map<string, string>();

  constructor(
    private readonly rootAbs: string,
    private readonly rootReal: string,
    private readonly filter: Filter,
  ) {}

  result(): CollectedFiles {
    return {
      files: sorted([...this.files]),
      skipped: [...this.skipped].map(([file, reason]) => ({ file, reason })).sort((a, b) => comparePaths(a.file, b.file)),
      stats: this.stats,
    };
  }

  async resolveTarget(target: string): Promise<Target> {
    const abs = path.resolve(this.rootAbs, target);
    if (!isInside(this.rootAbs, abs)) {
      throw new UsageError(`path is outside the project (${this.rootAbs}): '${target}'`, target);
    }
    let info;
    try {
      info = await lstat(abs);
    } catch (error) {
      if (isMissing(error)) throw new UsageError(`path not found: '${target}'`, target);
      throw error;
    }
    // A path the user named through a symlink is taken at its real place, when that place is
    // inside the project: then it is checked (and later written) like any other file there.
    const real = await this.realInside(abs);
    if (typeof real !== 'string') return { kind: 'skip', abs, reason: real.reason };
    const rel = toPosix(path.relative(this.rootReal, real));
    const isDir = info.isSymbolicLink() ? (await stat(abs)).isDirectory() : info.isDirectory();
    return { kind: isDir ? 'dir' : 'file', rel };
  }

  async collect(target: Target): Promise<void> {
    if (target.kind === 'skip') {
      this.skip(target.abs, target.reason);
      return;
    }
    const abs = this.absolute(target.rel);
    const excluded = excludedAncestor(target.rel, target.kind === 'dir');
    if (excluded) {
      this.skip(abs, excluded);
      return;
    }
    if (target.kind === 'file') {
      const why = this.fileProblem(target.rel, true);
      if (why) this.skip(abs, why);
      else this.files.add(abs);
      return;
    }
    if (this.filter.kind === 'gitignore' && target.rel !== '' && this.gitignored(target.rel, true)) {
      this.skip(abs, 'ignored by .gitignore');
      return;
    }
    if (this.filter.kind === 'git') await this.collectFromGit(target.rel);
    else await this.walk(target.rel);
  }

  private absolute(rel: string): string {
    return projectPath(this.rootAbs, rel);
  }

  private skip(abs: string, reason: string): void {
    if (!this.skipped.has(abs)) this.skipped.set(abs, reason);
  }

  /** Why a file found (or named, when `named`) is not collected; undefined when it is. */
  private fileProblem(rel: string, named: boolean): string | undefined {
    const name = path.posix.basename(rel);
    // The routine reasons are only worth a line when the user named the file ('' = say nothing).
    const quiet = (reason: string) => (named ? reason : '');
    if (!SOURCE_EXTENSIONS.includes(path.extname(name))) return quiet('not a JavaScript or TypeScript source file');
    if (this.filter.kind === 'git' && !this.filter.tracked.has(rel) && !this.filter.untracked.has(rel)) return quiet('ignored by git');
    if (this.filter.kind === 'gitignore' && this.gitignored(rel, false)) return quiet('ignored by .gitignore');
    if (DECLARATION_FILE.test(name)) return quiet('type declaration file');
    if (FINDER_COPY.test(name)) return `looks like a Finder copy ('${name}')`;
    return undefined;
  }

  /** Like git: a file under an ignored folder is ignored, whatever later rules say. */
  private gitignored(rel: string, isDir: boolean): boolean {
    if (this.filter.kind !== 'gitignore') return false;
    const parts = rel.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      if (this.filter.rules.ignores(`${parts.slice(0, depth).join('/')}/`)) return true;
    }
    return this.filter.rules.ignores(isDir ? `${rel}/` : rel);
  }

  private async collectFromGit(dirRel: string): Promise<void> {
    if (this.filter.kind !== 'git') return;
    const prefix = dirRel === '' ? '' : `${dirRel}/`;
    const onDisk: string[] = [];
    // Perf: forEach, not for-of with destructuring (an array per entry of 20,000).
    this.filter.tracked.forEach((entry, rel) => {
      if (!rel.startsWith(prefix) || excludedAncestor(rel, false)) return;
      // A regular file git found unchanged is known by its blob: no stat from here.
      if (entry.clean && (entry.mode === '100644' || entry.mode === '100755')) {
        const abs = this.absolute(rel);
        if (this.addFound(abs, rel)) this.stats.set(abs, { size: NOT_STATED, mtimeMs: NOT_STATED, oid: entry.oid });
      } else {
        onDisk.push(rel);
      }
    });
    for (const rel of this.filter.untracked) {
      if (rel.startsWith(prefix) && !rel.endsWith('/') && !excludedAncestor(rel, false)) onDisk.push(rel);
    }
    for (const rel of onDisk) await this.collectFromDisk(rel);
  }

  /** A file git lists that may differ from what git knows of it: as it is on disk now. */
  private async collectFromDisk(rel: string): Promise<void> {
    const abs = this.absolute(rel);
    // Synchronous: one awaited lstat after another left the process idle most of the time.
    let info;
    try {
      info = lstatSync(abs);
    } catch (error) {
      if (isMissing(error)) return; // tracked, but deleted from disk
      throw error;
    }
    if (info.isSymbolicLink()) await this.noteSymlink(abs, rel);
    else if (info.isFile() && this.addFound(abs, rel)) this.stats.set(abs, { size: info.size, mtimeMs: info.mtimeMs });
    // anything else (a submodule's folder) is not ours to walk
  }

  private async walk(dirRel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(this.absolute(dirRel), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM') throw error;
      this.skip(this.absolute(dirRel), 'folder cannot be read (permission denied)');
      return;
    }
    for (const entry of entries) {
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (EXCLUDED_DIRS.has(entry.name) && !entry.isFile()) continue;
      if (this.gitignored(rel, entry.isDirectory())) continue;
      const abs = this.absolute(rel);
      if (entry.isSymbolicLink()) await this.noteSymlink(abs, rel);
      else if (entry.isDirectory()) await this.walk(rel);
      else if (entry.isFile()) this.addFound(abs, rel);
    }
  }

  /** Adds a file found by the walk unless it is left out; returns whether it was added. */
  private addFound(abs: string, rel: string): boolean {
    const why = this.fileProblem(rel, false);
    if (why === undefined) this.files.add(abs);
    else if (why !== '') this.skip(abs, why);
    return why === undefined;
  }

  /** Symlinks are never followed; one is reported unless it is plainly not a source file. */
  private async noteSymlink(abs: string, rel: string): Promise<void> {
    const real = await this.realInside(abs);
    if (typeof real !== 'string') {
      this.skip(abs, real.reason);
      return;
    }
    const isDir = (await stat(abs)).isDirectory();
    if (!isDir && !SOURCE_EXTENSIONS.includes(path.extname(rel))) return;
    const where = toPosix(path.relative(this.rootReal, real)) || '.';
    this.skip(abs, `symlink to ${where} (links are not followed; the target is checked where it is)`);
  }

  /** The real path of `abs` when it lies inside the project, else why not. */
  private async realInside(abs: string): Promise<string | { reason: string }> {
    let real;
    try {
      real = await realpath(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return { reason: 'symlink loop' };
      if (isMissing(error)) return { reason: 'broken symlink' };
      throw error;
    }
    return isInside(this.rootReal, real) ? real : { reason: `symlink to outside the project (${real})` };
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** In code-unit order. Perf: git lists files in nearly this order, and a sorted list is only checked. */
function sorted(list: string[]): string[] {
  for (let index = 1; index < list.length; index++) {
    if ((list[index - 1] as string) > (list[index] as string)) return list.sort(comparePaths);
  }
  return list;
}


/**
 * The synchronous walk the ESLint rule needs (rules cannot wait): the same folders and names
 * are skipped, symlinks are never followed, and the root's .gitignore is honoured (git itself
 * is not asked: a lint run cannot wait for a child process per project).
 */
export function walkSourceFilesSync(root: string): string[] {
  const files: string[] = [];
  const ignored = rootGitignoreSync(root);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!EXCLUDED_DIRS.has(entry.name) && !ignored?.ignores(`${toPosix(path.relative(root, full))}/`)) stack.push(full);
      } else if (entry.isFile() && isSourceFileName(entry.name) && !FINDER_COPY.test(entry.name) && !ignored?.ignores(toPosix(path.relative(root, full)))) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

export function rootGitignoreSync(root: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path.join(root, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

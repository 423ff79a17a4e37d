/**
 * Workspaces: the packages of a monorepo, and what a bare specifier naming one of them
 * (`@acme/bots`, `@acme/bots/poller`) resolves to in its sources. The packages are those the
 * root declares (package.json `workspaces`, as an array or `{ packages }`, and
 * pnpm-workspace.yaml `packages`), and those linked into the root's or a package's
 * node_modules by a symlink that leads back into the project (what npm, yarn and pnpm create).
 *
 * A package's entry is read from its package.json `exports` (Node's conditions, then `types`),
 * else `main`, `module`, `types`. A path in build output is mapped back to its source through
 * the package's tsconfig `outDir`/`rootDir`; when no source is known, the specifier stays
 * unresolved (a guess could merge two bots).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';

import { isInside } from '../core/paths.js';
import { fileExists, resolveTarget, type FileExists } from '../core/resolve.js';
import { buildLayouts, type BuildLayout } from './entries/build-output.js';
import { parseYaml } from './entries/yaml-file.js';
import { isRecord } from './entries/records.js';

type ResolveExports = typeof import('resolve.exports').exports;
let resolveExportsFunction: ResolveExports | undefined;

/** Loaded on the first package resolved through its `exports`: finding a project's root needs none (perf: about 4 ms a package). */
function exportsOf(...args: Parameters<ResolveExports>): ReturnType<ResolveExports> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  resolveExportsFunction ??= (require('resolve.exports') as typeof import('resolve.exports')).exports;
  return resolveExportsFunction(...args);
}

type Minimatch = typeof import('minimatch').minimatch;
let minimatchFunction: Minimatch | undefined;

/** Loaded on the first workspace glob: `check` and the rules load this module in every project. */
function minimatch(...args: Parameters<Minimatch>): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  minimatchFunction ??= (require('minimatch') as typeof import('minimatch')).minimatch;
  return minimatchFunction(...args);
}

export interface WorkspacePackage {
  /** Its package.json `name`, when it has one. */
  readonly name: string | undefined;
  /** Absolute folder. */
  readonly dir: string;
  readonly manifest: Record<string, unknown>;
  /** Another package of the workspace (or the root) lists it among its dependencies: a library. */
  readonly dependedOn?: boolean;
}

/** Folders never searched for workspace packages. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.history']);
/** `**` patterns walk at most this deep (a monorepo nests packages a few levels, not dozens). */
const MAX_DEPTH = 8;

/** The workspace globs the folder's package.json and pnpm-workspace.yaml declare, or undefined when it declares none. */
export function workspacePatterns(dir: string): string[] | undefined {
  let patterns: string[] | undefined;
  const manifest = readJson(path.join(dir, 'package.json'));
  const declared = manifest?.workspaces;
  const list = Array.isArray(declared) ? declared : isRecord(declared) && Array.isArray(declared.packages) ? declared.packages : undefined;
  if (list) patterns = list.filter((item): item is string => typeof item === 'string');
  let yamlText: string | undefined;
  try {
    yamlText = readFileSync(path.join(dir, 'pnpm-workspace.yaml'), 'utf8');
  } catch {
    yamlText = undefined;
  }
  if (yamlText !== undefined) {
    // An unreadable pnpm-workspace.yaml still makes the folder a workspace root.
    const read = parseYaml(yamlText);
    const data = 'data' in read ? read.data : undefined;
    if (isRecord(data) && Array.isArray(data.packages)) patterns = [...(patterns ?? []), ...data.packages.filter((item): item is string => typeof item === 'string')];
    else patterns ??= [];
  }
  return patterns;
}

/** The package folders (absolute) that the root's patterns match: folders holding a package.json. */
export function expandPatterns(root: string, patterns: readonly string[]): string[] {
  const positive = patterns.filter((pattern) => !pattern.startsWith('!')).map(normalizePattern);
  const negative = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => normalizePattern(pattern.slice(1)));
  if (positive.length === 0) return [];
  const deep = positive.some((pattern) => pattern.includes('**'));
  const depth = deep ? MAX_DEPTH : Math.max(...positive.map((pattern) => pattern.split('/').length));
  const found: string[] = [];
  const walk = (dir: string, relative: string, level: number): void => {
    if (level >= depth) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const abs = path.join(dir, entry.name);
      const matches = positive.some((pattern) => minimatch(rel, pattern)) && !negative.some((pattern) => minimatch(rel, pattern));
      if (matches && fileExists(path.join(abs, 'package.json'))) found.push(abs);
      // Only folders a pattern can still match below are walked.
      if (positive.some((pattern) => minimatch(rel, pattern, { partial: true }))) walk(abs, rel, level + 1);
    }
  };
  walk(root, '', 0);
  return found.sort();
}

function normalizePattern(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * The workspace root above `dir` that lists `dir` as one of its packages, if any: a package of a
 * monorepo belongs to the monorepo's project (its bots may live in a sibling package).
 */
export function enclosingWorkspaceRoot(dir: string): string | undefined {
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    const patterns = fileExists(path.join(parent, 'package.json')) || fileExists(path.join(parent, 'pnpm-workspace.yaml')) ? workspacePatterns(parent) : undefined;
    if (patterns) return expandPatterns(parent, patterns).includes(dir) ? parent : undefined;
    if (path.dirname(parent) === parent) return undefined;
  }
}

/** A bare specifier's package name and subpath: `@a/b/c` → `@a/b`, `./c`; `x` → `x`, `.`. */
export function splitSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((part) => part === '' || part === '.' || part === '..')) return undefined;
  const rest = parts.slice(count);
  return { name: parts.slice(0, count).join('/'), subpath: rest.length === 0 ? '.' : `./${rest.join('/')}` };
}

/** The packages of the project at `root` and how their names resolve; everything is read on first use. */
export class Workspace {
  private packageList: Map<string, WorkspacePackage> | undefined;
  private readonly layouts = new Map<string, BuildLayout[]>();
  private readonly resolved = new Map<string, string | null>();

  /** `known`: the packages an earlier reading found, when no manifest has changed since (an editor's model, rebuilt). */
  constructor(
    readonly root: string,
    private readonly exists: FileExists = fileExists,
    known?: Workspace,
  ) {
    this.packageList = known?.packageList;
    this.memberList = known?.memberList;
  }

  /** Named packages by name: the declared ones, then the linked ones not declared. */
  packages(): ReadonlyMap<string, WorkspacePackage> {
    if (this.packageList) return this.packageList;
    const byName = new Map<string, WorkspacePackage>();
    const add = (dir: string) => {
      const manifest = readJson(path.join(dir, 'package.json'));
      if (!manifest) return;
      const name = typeof manifest.name === 'string' && manifest.name !== '' ? manifest.name : undefined;
      if (name && !byName.has(name)) byName.set(name, { name, dir, manifest });
    };
    const patterns = workspacePatterns(this.root);
    const declared = patterns ? expandPatterns(this.root, patterns) : [];
    for (const dir of declared) add(dir);
    for (const dir of [this.root, ...declared]) for (const linked of this.linkedPackages(dir)) add(linked);
    this.packageList = byName;
    return byName;
  }

  /** Declared and linked packages other than the root, by folder. */
  members(): readonly WorkspacePackage[] {
    this.memberList ??= this.readMembers();
    return this.memberList;
  }

  private memberList: WorkspacePackage[] | undefined;

  private readMembers(): WorkspacePackage[] {
    const all = [...this.packages().values()];
    const dependencies = new Set<string>();
    const rootManifest = readJson(path.join(this.root, 'package.json'));
    for (const manifest of [rootManifest, ...all.map((item) => item.manifest)]) {
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        const listed = manifest?.[field];
        if (isRecord(listed)) for (const name of Object.keys(listed)) dependencies.add(name);
      }
    }
    return all
      .filter((item) => item.dir !== this.root)
      .map((item) => (item.name !== undefined && dependencies.has(item.name) ? { ...item, dependedOn: true } : item))
      .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  /**
   * The source file a bare specifier naming a workspace package stands for; undefined when it
   * names no workspace package, or when no source file is known for what the package exports.
   */
  resolve(specifier: string, fromFile?: string): string | undefined {
    // A file of a package outside the workspace loads its own installed copy, not the workspace's.
    if (fromFile !== undefined && !this.inWorkspace(path.dirname(fromFile))) return undefined;
    const known = this.resolved.get(specifier);
    if (known !== undefined) return known ?? undefined;
    const parts = splitSpecifier(specifier);
    const item = parts && this.packages().get(parts.name);
    const file = item && parts ? this.entryOf(item, parts.subpath) : undefined;
    this.resolved.set(specifier, file ?? null);
    if (file) this.specifiersByFile.set(file, [...(this.specifiersByFile.get(file) ?? []), specifier]);
    return file;
  }

  private readonly specifiersByFile = new Map<string, string[]>();

  /** The package specifiers resolved so far that lead to `file` (`@acme/bots` for packages/bots/src/index.ts). */
  specifiersOf(file: string): readonly string[] {
    return this.specifiersByFile.get(file) ?? [];
  }

  private readonly owners = new Map<string, boolean>();

  /** Is the nearest package.json at or above `dir` the root's or a workspace package's? */
  private inWorkspace(dir: string): boolean {
    let known = this.owners.get(dir);
    if (known !== undefined) return known;
    if (dir === this.root || this.memberDirs().has(dir)) known = true;
    else if (!isInside(this.root, dir) || path.dirname(dir) === dir) known = false;
    else if (this.exists(path.join(dir, 'package.json'))) known = false;
    else known = this.inWorkspace(path.dirname(dir));
    this.owners.set(dir, known);
    return known;
  }

  private memberDirSet: Set<string> | undefined;

  private memberDirs(): Set<string> {
    this.memberDirSet ??= new Set([...this.packages().values()].map((item) => item.dir));
    return this.memberDirSet;
  }

  /** Does the specifier name a workspace package (resolvable or not)? */
  names(specifier: string): boolean {
    const parts = splitSpecifier(specifier);
    return parts !== undefined && this.packages().has(parts.name);
  }

  private entryOf(item: WorkspacePackage, subpath: string): string | undefined {
    const { manifest, dir } = item;
    const targets: string[] = [];
    if (manifest.exports !== undefined && manifest.exports !== null) {
      // Node's conditions (ESM, then CommonJS), then `types`, which monorepos often point at the source.
      for (const options of [{ conditions: ['node'] }, { conditions: ['node'], require: true }, { conditions: ['types'], unsafe: true }]) {
        try {
          for (const target of exportsOf(manifest, subpath, options) ?? []) targets.push(path.resolve(dir, target));
        } catch {
          // Not exported under these conditions.
        }
      }
    } else if (subpath === '.') {
      for (const field of ['main', 'module', 'types', 'typings']) {
        const value = manifest[field];
        if (typeof value === 'string' && value.trim() !== '') targets.push(path.resolve(dir, value));
      }
      targets.push(dir); // index.* of the folder
    } else {
      targets.push(path.resolve(dir, subpath));
    }
    for (const target of targets) {
      if (!isInside(dir, target)) continue;
      const file = this.sourceOf(item, target);
      if (file) return file;
    }
    return undefined;
  }

  /** The source file behind a path of the package: itself, or what tsconfig says built it. */
  private sourceOf(item: WorkspacePackage, target: string): string | undefined {
    // A declaration file stands for the module it declares.
    const declared = target.replace(/\.d\.([cm]?)ts$/, '.$1js');
    let layouts = this.layouts.get(item.dir);
    if (!layouts) {
      layouts = buildLayouts(item.dir);
      this.layouts.set(item.dir, layouts);
    }
    for (const layout of layouts) {
      if (!isInside(layout.outDir, declared)) continue;
      const relative = path.relative(layout.outDir, declared);
      for (const rootDir of layout.rootDirs) {
        const file = resolveTarget(path.join(rootDir, relative), this.exists);
        if (file && !isInside(layout.outDir, file)) return file;
      }
      return undefined; // build output whose source is not known
    }
    if (declared !== target) return undefined;
    const file = resolveTarget(target, this.exists);
    if (!file || inSkippedDir(item.dir, file)) return undefined;
    return file;
  }

  /** Package folders linked into `dir`/node_modules by a symlink that leads back into the project. */
  private linkedPackages(dir: string): string[] {
    const modules = path.join(dir, 'node_modules');
    const found: string[] = [];
    const visit = (folder: string, depth: number) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (depth === 0 && entry.name.startsWith('@') && entry.isDirectory()) visit(path.join(folder, entry.name), 1);
        else if (entry.isSymbolicLink() && !entry.name.startsWith('.')) {
          const target = this.linkTarget(path.join(folder, entry.name));
          if (target) found.push(target);
        }
      }
    };
    visit(modules, 0);
    return found;
  }

  private rootReal: string | undefined;

  private linkTarget(link: string): string | undefined {
    let real: string;
    try {
      real = realpathSync(link);
      if (!lstatSync(real).isDirectory()) return undefined;
      this.rootReal ??= realpathSync(this.root);
    } catch {
      return undefined;
    }
    if (!isInside(this.rootReal, real)) return undefined;
    const within = path.join(this.root, path.relative(this.rootReal, real));
    return inSkippedDir(this.root, within) || within === this.root ? undefined : within;
  }
}

function inSkippedDir(root: string, file: string): boolean {
  return path
    .relative(root, file)
    .split(path.sep)
    .slice(0, -1)
    .some((part) => SKIPPED_DIRS.has(part));
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

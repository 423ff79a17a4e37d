/**
 * From compiled output back to sources: a command runs `dist/index.js`, the check reads
 * `src/index.ts`. tsconfig `outDir`/`rootDir` say where a build came from; without them the
 * usual `dist/x.js` ← `src/x.ts` layout is tried.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';


import { isInside, toPosix } from '../../core/paths.js';
import { resolveTarget } from '../../core/resolve.js';
import { isRecord } from './records.js';

/** Loaded on the first tsconfig read: a stored `check` result or a project without builds needs none. */
function parseTsconfig(file: string): ReturnType<typeof import('get-tsconfig').parseTsconfig> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  return (require('get-tsconfig') as typeof import('get-tsconfig')).parseTsconfig(file);
}

/** Folders that hold compiled output, never sources. */
const BUILD_DIRS = new Set(['dist', 'build', 'out', '.next']);

export interface BuildLayout {
  readonly outDir: string;
  /** Where the sources of outDir live, best guess first. */
  readonly rootDirs: readonly string[];
}

/** The outDir → rootDir pairs of the root's tsconfig*.json / jsconfig.json (with `extends`). */
export function buildLayouts(root: string): BuildLayout[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => /^[tj]sconfig(?:\..+)?\.json$/.test(name)).sort();
  } catch {
    return [];
  }
  const layouts: BuildLayout[] = [];
  for (const name of names) {
    const file = path.join(root, name);
    let config;
    try {
      config = parseTsconfig(file);
    } catch {
      continue; // an unreadable tsconfig only costs the mapping
    }
    const dir = path.dirname(file);
    const options = config.compilerOptions ?? {};
    if (!options.outDir) continue;
    const candidates: string[] = [];
    if (options.rootDir) candidates.push(path.resolve(dir, options.rootDir));
    // Without rootDir, TypeScript uses the common folder of the inputs: guess it from `include`.
    const prefixes = (config.include ?? []).map((pattern) => staticPrefix(path.resolve(dir, pattern)));
    if (prefixes.length > 0) candidates.push(commonFolder(prefixes));
    candidates.push(dir, path.join(dir, 'src'));
    layouts.push({ outDir: path.resolve(dir, options.outDir), rootDirs: [...new Set(candidates)] });
  }
  return layouts;
}

/** `/p/src/**\/*.ts` → `/p/src`; `/p/src` → `/p/src`. */
function staticPrefix(pattern: string): string {
  const parts = pattern.split(path.sep);
  const glob = parts.findIndex((part) => /[*?{[]/.test(part));
  if (glob !== -1) return parts.slice(0, glob).join(path.sep) || path.sep;
  return path.extname(pattern) ? path.dirname(pattern) : pattern;
}

function commonFolder(folders: readonly string[]): string {
  let common = folders[0] as string;
  for (const folder of folders.slice(1)) {
    while (!isInside(common, folder)) common = path.dirname(common);
  }
  return common;
}

/** `node .` runs the folder's package.json main, as Node does for a folder with a manifest. */
function packageMain(folder: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    return isRecord(manifest) && typeof manifest.main === 'string' && manifest.main !== '' ? path.resolve(folder, manifest.main) : undefined;
  } catch {
    return undefined; // not a folder, no manifest, or no main
  }
}

function inBuildOutput(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative.split(path.sep).slice(0, -1).some((part) => BUILD_DIRS.has(part));
}

/** The source file behind a path a command runs, or why there is none. */
export function sourceFor(requested: string, root: string, layouts: readonly BuildLayout[]): { file: string } | { why: string } {
  const target = packageMain(requested) ?? requested;
  for (const layout of layouts) {
    if (!isInside(layout.outDir, target)) continue;
    const relative = path.relative(layout.outDir, target);
    for (const rootDir of layout.rootDirs) {
      const file = resolveTarget(path.join(rootDir, relative));
      if (file && !isInside(layout.outDir, file)) return { file };
    }
  }
  const direct = resolveTarget(target);
  if (direct && !inBuildOutput(root, direct)) return { file: direct };
  // No tsconfig says where the build came from: `dist/x.js` was most likely `src/x.ts` or `x.ts`.
  const relative = path.relative(root, target).split(path.sep);
  const build = relative.findIndex((part) => BUILD_DIRS.has(part));
  if (build !== -1 && !relative[0]?.startsWith('..')) {
    for (const replacement of [['src'], []]) {
      const parts = [...relative.slice(0, build), ...replacement, ...relative.slice(build + 1)];
      const file = resolveTarget(path.join(root, ...parts));
      if (file && !inBuildOutput(root, file)) return { file };
    }
  }
  const shown = toPosix(path.relative(root, target));
  if (direct) return { why: `${shown} is build output and no source file for it was found` };
  return { why: `${shown} does not exist` };
}

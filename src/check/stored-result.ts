/**
 * The last `check` result of a project, kept beside the model's cache and printed again, without
 * building the model, while everything it was computed from is the same. Only in a git work
 * tree: there one `git ls-files` run says, from its index, whether any file changed (git stats
 * every file in C and compares content when the stat cannot tell).
 *
 * What the key covers: this build's code; the options; git's index (every tracked file's blob);
 * which files differ from it on disk or are untracked, with their size and mtime; the files of
 * the root folder itself, ignored ones included (`.env`, a local config); tsconfig.json and jsconfig.json above the root (an `extends` chain); the install marks
 * of node_modules folders at and above the root (a tsconfig extended from a package). Other
 * ignored files are not watched: `--no-cache` recomputes.
 *
 * Like the model's cache it is never trusted: a file whose checksum or key does not match is
 * ignored. It is written whole (a temporary file renamed over it) and holds no token secret
 * (redacted before writing, as every printed line is).
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { redactSecrets } from '../core/redact.js';
import type { GitFileStates } from '../project/git.js';
import type { CheckResult } from './result.js';

const FORMAT = 'eslint-plugin-telegram-bot check result';
/** Bumped whenever the stored shape of a result changes. */
const RESULT_SCHEMA = 1;
/** A file changed within this of now may change again with the same size and mtime: not stored then. */
const RACY_MS = 2000;
/** Files npm, pnpm and yarn rewrite on every install. */
const INSTALL_MARKS = ['.package-lock.json', '.modules.yaml', '.yarn-state.yml', '.yarn-integrity'];

export interface ResultKey {
  readonly key: string;
  /** false when a file changed too recently for its size and mtime to vouch for it. */
  readonly storable: boolean;
}

export interface KeyOptions {
  readonly paths: readonly string[];
  readonly includeTests: boolean;
  readonly sameToken: readonly (readonly string[])[];
}

/** The key of a check of `root` with `options`, from git's listing and a few stats. */
export function resultKey(root: string, git: GitFileStates, options: KeyOptions, now = Date.now()): ResultKey {
  const hash = createHash('sha1');
  let storable = true;
  const stat = (file: string, filesOnly = false) => {
    let info;
    try {
      info = lstatSync(file);
    } catch {
      return 'none';
    }
    // A folder's mtime moves with what is created in it (.git at every git command that writes).
    if (filesOnly && info.isDirectory()) return 'folder';
    if (now - info.mtimeMs < RACY_MS || info.mtimeMs > now) storable = false;
    return `${info.mode} ${info.size} ${info.mtimeMs}`;
  };
  hash.update(`${RESULT_SCHEMA}\0${codeId()}\0${root}\0${JSON.stringify(options)}\0`);
  hash.update(git.indexKey);
  // Files that differ from the index or are untracked: their stat (what they hold is not in the index).
  for (const rel of git.changed) hash.update(`\0${rel}\0${stat(path.join(root, rel))}`);
  hash.update('\0root files');
  let names: string[] = [];
  try {
    names = readdirSync(root).sort();
  } catch {
    // the listing above then says what there is
  }
  for (const name of names) hash.update(`\0${name}\0${stat(path.join(root, name), true)}`);
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (dir !== root) for (const name of ['tsconfig.json', 'jsconfig.json']) hash.update(`\0${dir}/${name}\0${stat(path.join(dir, name))}`);
    for (const name of INSTALL_MARKS) hash.update(`\0${dir}/node_modules/${name}\0${stat(path.join(dir, 'node_modules', name))}`);
    if (path.dirname(dir) === dir) break;
  }
  return { key: hash.digest('hex'), storable };
}

/** Where the result of `root` is kept: beside the model's cache file. */
export function resultFileFor(modelCacheFile: string, root: string): string {
  return path.join(path.dirname(modelCacheFile), `check-${createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16)}.json`);
}

/** The stored result with the key it was stored under, when it is intact; otherwise undefined. */
export function readStoredResult(file: string): { key: string; result: CheckResult } | undefined {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline === -1) return undefined;
  try {
    const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
    if (header.format !== FORMAT || typeof header.key !== 'string') return undefined;
    const body = text.slice(newline + 1);
    if (header.sha1 !== sha1(body)) return undefined;
    const result = JSON.parse(body) as unknown;
    return wellFormed(result) ? { key: header.key, result } : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `result` under `key`, whole or not at all; returns whether it was written. */
export function storeResult(file: string, key: string, result: CheckResult): boolean {
  // Redacted like every printed line: the stored file holds no secret, and what is printed from
  // it later needs no knowledge of the secrets this run met.
  const body = redactSecrets(JSON.stringify(result));
  const header = JSON.stringify({ format: FORMAT, key, sha1: sha1(body) });
  const temporary = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, `${header}\n${body}`);
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // never written
    }
    return false;
  }
}

function wellFormed(value: unknown): value is CheckResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  return (
    typeof result.entryCount === 'number' &&
    typeof result.moduleCount === 'number' &&
    ['findings', 'problems', 'entryProblems', 'skipped', 'envGroups'].every((field) => Array.isArray(result[field]))
  );
}

let code: string | undefined;

/**
 * This build: a hash of the name, size and mtime of every compiled module a result depends on (all of this package's
 * src/ but the CLI, whose output is rendered again at every run).
 */
export function codeId(): string {
  if (code === undefined) {
    const hash = createHash('sha1');
    const extension = path.extname(__filename);
    const src = path.join(__dirname, '..');
    const visit = (dir: string) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (full !== path.join(src, 'cli')) visit(full);
        } else if (entry.name.endsWith(extension) && !entry.name.endsWith(`.d${extension}`)) {
          // Perf: the size and mtime of each built file, not its bytes: a build or an install
          // writes every file anew.
          const stat = lstatSync(full);
          hash.update(`${path.relative(src, full)}\0${stat.size}\0${stat.mtimeMs}\0`);
        }
      }
    };
    visit(src);
    code = hash.digest('hex');
  }
  return code;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

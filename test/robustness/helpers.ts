// Shared by the robustness suites: the built CLI in a child process, the installed node_modules
// as a corpus of real-world code, a small seeded random generator, and bot-token fixtures.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');
export const bin = path.join(repositoryRoot, 'dist/src/cli/bin.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** For the sweeps, bounded by their file counts: a loaded machine may take any time. */
export const NO_TIME_LIMIT = undefined;

/** The real bin (a hung child is killed after `timeout`); colour off so output compares as text. */
export function cli(cwd: string, args: readonly string[], timeout: number | undefined = 600_000): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  if (result.error) throw result.error;
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Same, asynchronous: for runs that are killed part-way. */
export function cliAsync(cwd: string, args: readonly string[]) {
  return spawn(process.execPath, [bin, ...args], { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
}

/** A stack trace in a command's output means something was not caught. */
export function expectNoStackTrace(result: CliResult): void {
  const trace = /^\s+at .+:\d+:\d+\)?$/m;
  if (trace.test(result.stderr) || trace.test(result.stdout)) {
    throw new Error(`stack trace in output:\n${result.stderr.slice(0, 2000)}`);
  }
  if (result.signal) throw new Error(`killed by ${result.signal}:\n${result.stderr.slice(0, 2000)}`);
}

export function tempDir(name: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tgbot-robust-${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/**
 * Every JS/TS file under `root` (symlinks not followed), sorted so that a sample is the same on
 * every run. `declarations`: keep `.d.ts` files too.
 */
export function listSources(root: string, declarations = false): string[] {
  const files: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && SOURCE.test(entry.name) && (declarations || !DECLARATION.test(entry.name))) files.push(full);
    }
  }
  return files.sort();
}

/** mulberry32: a tiny seeded generator, so every "random" case can be replayed from its seed. */
export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(list: readonly T[]): T; chance(p: number): boolean } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)] as never,
    chance: (p) => next() < p,
  };
}

/** `count` items of `list`, chosen by a seeded shuffle (deterministic), in list order. */
export function sample<T>(list: readonly T[], count: number, seed: number): T[] {
  if (count >= list.length) return [...list];
  const random = rng(seed);
  const indexes = list.map((_, i) => i);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => list[i] as T);
}

/** A fake token of the real shape: bot id, colon, 35 characters. Seeded, so never a real one by chance of reuse. */
export function fakeToken(botId: string, seed: number): { token: string; secret: string } {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const random = rng(seed);
  let secret = 'AA';
  while (secret.length < 35) secret += alphabet[random.int(alphabet.length)];
  return { token: `${botId}:${secret}`, secret };
}

/** Content hash of every file under `dir` (relative path → sha1), symlinks as their target text. */
export function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        let hash: string;
        try {
          hash = createHash('sha1').update(readFileSync(full)).digest('hex');
        } catch {
          hash = 'unreadable'; // chmod 000 as a normal user
        }
        hashes.set(path.relative(dir, full), hash);
      }
    }
  }
  return hashes;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function fileSize(file: string): number {
  return statSync(file).size;
}

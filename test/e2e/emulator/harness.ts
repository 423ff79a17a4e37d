// Shared pieces of the 409 proofs: fake tokens, copies of the example backend at each stage of
// the fix (made with the real built bin), and child processes that run TypeScript with tsx and
// the preload, always killed by the suite (their whole process group, by id).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, afterEach, beforeEach } from 'vitest';

import { repositoryRoot, tempProjects, type TempProjects } from '../../helpers/temp-project.js';
import { BotApiEmulator } from './bot-api-emulator.js';

const requireHere = createRequire(import.meta.url);

export const PRELOAD = path.join(import.meta.dirname, 'preload.cjs');
export const TSX_LOADER = pathToFileURL(requireHere.resolve('tsx')).href;
export const BIN = path.join(repositoryRoot, 'dist/src/cli/bin.js');
export const BACKEND = path.join(repositoryRoot, 'example/backend');

/** A token of Telegram's shape: `<bot id>:` and 35 characters. Never a real one. */
export function fakeToken(botId: number, label: string): string {
  const tail = label.padEnd(35, '0');
  if (!/^[A-Za-z0-9_-]{35}$/.test(tail)) throw new Error(`fakeToken: bad label ${label}`);
  return `${botId}:${tail}`;
}

/** TELEGRAM_BOT_TOKEN of the example backend (the traffic bot). */
export const TRAFFIC_TOKEN = fakeToken(123456789, 'EmulatedTrafficBot');
/** IAE_BOT_TOKEN of the example backend (a different bot). */
export const IAE_TOKEN = fakeToken(987654321, 'EmulatedIaeAgentBot');

export const BACKEND_ENV = {
  TELEGRAM_BOT_TOKEN: TRAFFIC_TOKEN,
  IAE_BOT_TOKEN: IAE_TOKEN,
  PORT: '0',
  REPORT_CHAT_ID: '4242',
  ADMIN_CHAT_ID: '4242',
};

export const OWNERS = ['--owner', 'src/services/telegramBot.ts', '--owner', 'src/services/iaeAgentBot.ts'];

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- the bin -----------------------------------------------------------------------------------

export interface BinRun {
  args: string[];
  status: number | null;
  output: string;
}

/** Run the built bin (`node dist/src/cli/bin.js …`) in `cwd`; throws with its output unless it exits 0. */
export function runBin(cwd: string, args: string[]): BinRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 600_000, // a hang guard only
    env: { ...process.env, NO_COLOR: '1' },
  });
  const run = { args, status: result.status, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}` };
  if (run.status !== 0) throw new Error(`eslint-plugin-telegram-bot ${args.join(' ')} exited ${String(run.status)}:\n${run.output}`);
  return run;
}

export type Stage =
  /** example/backend as it is */
  | 'original'
  /** after `migrate --owner … --owner …` */
  | 'migrated'
  /** after `migrate` and `defer-polling <owner> --entry src/server.ts` for both owners */
  | 'deferred';

/**
 * A copy of example/backend in a temporary project (node_modules of symlinks to this repository's),
 * brought to `stage` by the real bin as scripts/demo.mjs does. `extraFiles` are written before the
 * codemods run, as if they were part of the project.
 */
export function backendCopy(projects: TempProjects, stage: Stage, extraFiles: Record<string, string> = {}): { dir: string; runs: BinRun[] } {
  const dir = projects.make(`backend-${stage}`);
  cpSync(BACKEND, dir, { recursive: true });
  writeFiles(dir, extraFiles);
  const runs: BinRun[] = [];
  if (stage !== 'original') runs.push(runBin(dir, ['migrate', ...OWNERS]));
  if (stage === 'deferred') {
    for (const owner of ['src/services/telegramBot.ts', 'src/services/iaeAgentBot.ts']) {
      runs.push(runBin(dir, ['defer-polling', owner, '--entry', 'src/server.ts']));
    }
  }
  return { dir, runs };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

// ---- child processes ---------------------------------------------------------------------------

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Exit code or signal once it has exited, else undefined. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resolves with the exit once it exits, or undefined after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined>;
}

export class Children {
  private readonly running = new Set<Child>();

  /**
   * `node --require preload.cjs --import tsx <entry>` in `cwd`, in its own process group, with a
   * small environment: the emulator's URL, the client label `name`, and `env`.
   */
  startTs(name: string, cwd: string, entry: string, emulatorUrl: string, env: Record<string, string>): Child {
    const child = spawn(process.execPath, ['--require', PRELOAD, '--import', TSX_LOADER, entry], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TMPDIR: process.env.TMPDIR ?? '/tmp',
        NO_COLOR: '1',
        BOT_API_EMULATOR_URL: emulatorUrl,
        BOT_API_EMULATOR_CLIENT: name,
        // Should this test runner die without killing it, the child still ends.
        BOT_API_EMULATOR_LIFETIME_MS: '60000',
        ...env,
      },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const exitPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        exited = { code, signal };
        resolve(exited);
      });
      child.once('error', (error) => {
        output += `\n[spawn error] ${String(error)}`;
        exited = { code: -1, signal: null };
        resolve(exited);
      });
    });
    const handle: Child = {
      name,
      process: child,
      output: () => output,
      exit: () => exited,
      waitForExit: (timeoutMs) => Promise.race([exitPromise, sleep(timeoutMs).then(() => undefined)]),
    };
    this.running.add(handle);
    return handle;
  }

  /** SIGKILL every child's process group (tsx may start an esbuild service) and wait, bounded, for the exits. */
  async killAll(): Promise<void> {
    const children = [...this.running];
    this.running.clear();
    for (const child of children) {
      const pid = child.process.pid;
      if (pid === undefined) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await Promise.all(children.map((child) => child.waitForExit(5_000)));
  }
}

/** The last `lines` lines of a text, for assertion messages. */
export function tail(text: string, lines = 80): string {
  const all = text.split('\n');
  return all.length <= lines ? text : [`… ${all.length - lines} lines before`, ...all.slice(-lines)].join('\n');
}

/**
 * The lifecycle every 409 suite shares: a fresh emulator per test (handed to `onStart`), every
 * child process killed and the emulator closed after each test, temp projects removed at the end.
 */
export function emulatorSuite(onStart: (emulator: BotApiEmulator) => void): { projects: TempProjects; children: Children } {
  const projects = tempProjects();
  const children = new Children();
  let current: BotApiEmulator | undefined;
  beforeEach(async () => {
    current = await BotApiEmulator.start();
    onStart(current);
  });
  afterEach(async () => {
    await children.killAll();
    await current?.close();
  });
  afterAll(() => projects.cleanup());
  return { projects, children };
}

/**
 * The project model as the ESLint rules see it: one model per project root, kept in memory for
 * a lint run or an editor session, and on disk in the persistent cache (./cache.ts) between runs
 * and across ESLint workers. The file being linted is taken from its live text.
 *
 * Freshness costs what changed, not the size of the project. Each check stats only:
 * - the files that matter (those that can reach a bot, the ones whose values or imports were
 *   read, the entries) and the files linted last (an editor's open files), plus the root's
 *   manifests (package.json, PM2 and Docker files, tsconfig, .gitignore);
 * - every folder: a file added, removed or renamed changes its folder's mtime, and only such a
 *   folder is listed again;
 * - a slice of the other files in turn, so an edit made outside the editor to a file that did
 *   not matter is seen within a few checks.
 * Only the files whose stat changed are read again. A lint that follows a pause (an editor)
 * checks at once; back-to-back lints (a CLI run) check at intervals in proportion to what a
 * check costs, so that checking stays a fraction of a percent of the run (the recommended rules
 * together have a budget of 2% of a lint run).
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

import { cacheFileFor } from './cache-location.js';
import { openProjectCache, type ProjectCache } from './cache.js';
import type { BotEvent } from './evaluate.js';
import { isSourceFileName } from './source-names.js';
import { contentHash, ProjectModel, type FileStat } from './model.js';
import { projectRootOf, projectRootOfFile, rememberListedFolders } from './root.js';
import { takeProjectWalk } from './parallel-scan.js';
import { scanAheadOfLintAllowed } from './scan-ahead-switch.js';
import { helperPays, releaseScanHelper, scanProjectAhead } from './scan-helper.js';
import { SourceTree } from './source-tree.js';
import { summarizeFile } from './summary.js';

/**
 * A lint that follows a pause this long is an editor's: the disk is checked before it. The pause
 * is the time the event loop waited since the previous lint: an editor's server waits for its
 * user, a CLI run goes from file to file (on a loaded machine, a slow lint is no pause).
 */
const IDLE_MS = 100;
/** Back-to-back lints this soon after the last full look at the project reuse its answer (less than IDLE_MS). */
const SAME_RUN_MS = 50;
/** Back-to-back lints check the files that matter at most this often … */
const QUICK_MS = 20;
/** … the folders … */
const FOLDERS_MS = 200;
/** … and one slice of the other files. */
const SWEEP_MS = 500;
/** Files stat'ed per sweep slice: every file is seen again within 20 slices. */
const SWEEP_SLICES = 20;
/**
 * Each kind of check costs at most 1/RUN_SHARE of a run of back-to-back lints (three kinds:
 * at most 0.06% together: a CLI run lints each file once and gains little from them); after a pause, the sweep costs at most 1/PAUSE_SHARE of the time.
 */
const RUN_SHARE = 5000;
const PAUSE_SHARE = 20;
/** The files linted last (an editor's open files) are checked with the files that matter. */
const RECENT_FILES = 32;
/** The persistent cache is written this long after it changed (and when the process exits). */
const SAVE_MS = 1000;

interface Timer {
  at: number;
  cost: number;
}

interface Tracked {
  model: ProjectModel;
  tree: SourceTree;
  readonly cache: ProjectCache | undefined;
  manifests: Map<string, FileStat | undefined>;
  lastCall: number;
  /** The event loop's idle time at the previous lint. */
  lastLoopIdle: number;
  readonly quick: Timer;
  readonly folders: Timer;
  readonly sweep: Timer & { next: number };
  readonly recent: Map<string, true>;
  saveScheduled: boolean;
  /** The clock at which the first of the checks above falls due, for back-to-back lints. */
  nextDue: number;
}

const tracked = new Map<string, Tracked>();
let exitHook = false;

/**
 * The model of the project holding `file`. `now` is a clock for tests and benchmarks, whose
 * pauses are its own; without it, a pause is the event loop's wait (IDLE_MS).
 */
export function projectModelFor(file: string, now?: number): ProjectModel {
  const clock = now ?? Date.now();
  const last = lastAnswer;
  if (now === undefined && last !== undefined && last.state.model === last.model) {
    // Perf: two rules ask for each file as its lint starts, in the same millisecond: the second is
    // given the first's answer (nothing can be due in between).
    if (last.file === file && last.clock === clock) return last.model;
    // Perf: back-to-back lints (a CLI run) within SAME_RUN_MS of the last full look, in the same
    // project, with no check due: no pause can have passed (SAME_RUN_MS < IDLE_MS), so the event
    // loop's clock, the timers and the cache are not asked again (about 15 µs a file in a CLI run).
    if (clock - last.clock < SAME_RUN_MS && clock < last.state.nextDue && projectRootOfFile(file) === last.state.tree.root) {
      rememberRecent(last.state, file);
      return last.model;
    }
  }
  const loopIdle = now === undefined ? eventLoopIdleMs() : 0;
  const root = projectRootOfFile(file);
  let state = tracked.get(root);
  if (!state) {
    state = build(root, clock, loopIdle);
    tracked.set(root, state);
  } else {
    // The idle time since the last full look: at most SAME_RUN_MS of it can come before the previous lint.
    const paused = now === undefined ? loopIdle - state.lastLoopIdle >= IDLE_MS : clock - state.lastCall >= IDLE_MS;
    state.lastLoopIdle = loopIdle;
    refresh(state, file, clock, paused);
  }
  state.nextDue = nextDue(state);
  rememberRecent(state, file);
  saveSometimes(state);
  lastAnswer = now === undefined ? { file, clock, state, model: state.model } : undefined;
  return state.model;
}

let lastAnswer: { readonly file: string; readonly clock: number; readonly state: Tracked; readonly model: ProjectModel } | undefined;

/** Forget every model (tests, and long-lived processes that know the tree was replaced). */
export function clearProjectModels(): void {
  tracked.clear();
  lastAnswer = undefined;
}

/** How long this thread's event loop has waited, in all (0 before it has started). */
function eventLoopIdleMs(): number {
  return performance.nodeTiming.idleTime;
}

/**
 * ESLint loads the plugin, then lists, reads and parses files before the rules' first lint: the
 * project at `cwd` is listed and scanned meanwhile on the scan's helper thread, for that lint's
 * model to take (./scan-helper.ts). Only for a project (a package.json) whose cache does not
 * exist yet: a warm start reads the cache instead. The job is dropped by the first model built
 * when it did not take it (the lint was in another project), and when the plugin is loaded in a
 * worker thread: ESLint (`--concurrency`) lints there, and the job would only take their CPU.
 */
export function scanProjectAheadOfLint(cwd?: string, options: { readonly unusedJobMs?: number } = {}): void {
  if (!isMainThread) {
    const channel = new BroadcastChannel(WORKER_LINTS);
    channel.postMessage(true);
    channel.close();
    return;
  }
  if (tracked.size > 0 || !helperPays() || !scanAheadOfLintAllowed()) return;
  try {
    const root = projectRootOf(cwd ?? process.cwd());
    if (!existsSync(path.join(root, 'package.json'))) return;
    const cacheFile = cacheFileFor(root);
    if (cacheFile !== undefined && existsSync(cacheFile)) return;
    if (!scanProjectAhead(root)) return;
    const channel = new BroadcastChannel(WORKER_LINTS);
    channel.onmessage = () => {
      releaseScanHelper();
      channel.close();
    };
    // Never keeps the process alive; closed once a model is built here.
    channel.unref();
    closeWorkerListener = () => channel.close();
    // Loaded where no model is built (a config with none of the model's rules, --print-config):
    // what the helper read is not kept for the rest of a long-lived process.
    setTimeout(() => {
      if (tracked.size === 0) releaseScanHelper();
    }, options.unusedJobMs ?? UNUSED_JOB_MS).unref();
  } catch {
    // An optimisation only (a working folder removed, say): the first lint scans as usual.
  }
}

/** A job no model took within this long after the plugin loaded is dropped. */
const UNUSED_JOB_MS = 60_000;

/** Threads of this process that load the plugin say so here (see scanProjectAheadOfLint). */
const WORKER_LINTS = 'eslint-plugin-telegram-bot: the plugin is loaded in a worker thread';
let closeWorkerListener: (() => void) | undefined;

function build(root: string, now: number, loopIdle: number): Tracked {
  // The walk the helper made of this project, when it scanned it ahead (scanProjectAheadOfLint).
  const tree = new SourceTree(root, takeProjectWalk(root));
  rememberListedFolders(tree.listedFolders());
  const cache = openProjectCache(root);
  const model = new ProjectModel(root, tree.files(), { cache });
  releaseScanHelper();
  closeWorkerListener?.();
  closeWorkerListener = undefined;
  if (cache && !exitHook) {
    exitHook = true;
    // What the lint computed after the last save (summaries asked for later) is kept too.
    process.once('exit', () => {
      for (const state of tracked.values()) state.cache?.save();
    });
  }
  return {
    model,
    tree,
    cache,
    manifests: manifestStats(root, memberDirs(model)),
    lastCall: now,
    lastLoopIdle: loopIdle,
    quick: { at: now, cost: 0 },
    folders: { at: now, cost: 0 },
    sweep: { at: now, cost: 0, next: 0 },
    recent: new Map(),
    saveScheduled: false,
    nextDue: now,
  };
}

function refresh(state: Tracked, file: string, now: number, idle: boolean): void {
  state.lastCall = now;
  // Perf: most lints of a run have nothing due; they return before allocating anything.
  const sweepDue = now - state.sweep.at >= Math.max(SWEEP_MS, (idle ? PAUSE_SHARE : RUN_SHARE) * state.sweep.cost);
  if (!idle && !sweepDue && now - state.quick.at < Math.max(QUICK_MS, RUN_SHARE * state.quick.cost) && now - state.folders.at < Math.max(FOLDERS_MS, RUN_SHARE * state.folders.cost)) return;
  const changed = new Map<string, FileStat | undefined>();
  let manifestsChanged = false;
  let gitignoreChanged = false;
  let treeChanged = false;
  const due = (timer: Timer, minimum: number) => idle || now - timer.at >= Math.max(minimum, RUN_SHARE * timer.cost);
  const timed = (timer: Timer, work: () => void) => {
    const start = performance.now();
    work();
    timer.cost = performance.now() - start;
    timer.at = now;
  };

  if (due(state.quick, QUICK_MS)) {
    timed(state.quick, () => {
      const manifests = manifestStats(state.tree.root, memberDirs(state.model));
      manifestsChanged = !sameStats(manifests, state.manifests);
      gitignoreChanged = !sameStat(manifests.get('.gitignore'), state.manifests.get('.gitignore'));
      state.manifests = manifests;
      for (const watched of [file, ...state.recent.keys(), ...state.model.watchedFiles()]) compare(state.model, watched, changed);
    });
  }
  if (gitignoreChanged) {
    // .gitignore may have changed which files are walked: walk again.
    state.tree = new SourceTree(state.tree.root);
    rememberListedFolders(state.tree.listedFolders());
    treeChanged = true;
  } else if (due(state.folders, FOLDERS_MS)) {
    timed(state.folders, () => {
      const { added, removed } = state.tree.refresh();
      treeChanged = added.length > 0 || removed.length > 0;
      if (treeChanged) rememberListedFolders(state.tree.listedFolders());
      for (const gone of removed) state.cache?.delete(gone);
    });
  }
  if (sweepDue) {
    timed(state.sweep, () => {
      const files = [...state.model.files.keys()];
      const slice = Math.ceil(files.length / SWEEP_SLICES);
      if (state.sweep.next >= files.length) state.sweep.next = 0;
      for (const other of files.slice(state.sweep.next, state.sweep.next + slice)) compare(state.model, other, changed);
      state.sweep.next += slice;
    });
  }
  if (changed.size === 0 && !treeChanged && !manifestsChanged) return;
  const previous = state.model;
  state.model = new ProjectModel(previous.root, state.tree.files(), {
    previous,
    cache: state.cache,
    // Unchanged files keep their stat: only the changed ones are looked at again.
    stats: (other) => (changed.has(other) ? changed.get(other) : previous.files.get(other)),
    inherit: !manifestsChanged,
  });
}

/** When the first of the checks of back-to-back lints falls due (the same sums as refresh's). */
function nextDue(state: Tracked): number {
  return Math.min(
    state.quick.at + Math.max(QUICK_MS, RUN_SHARE * state.quick.cost),
    state.folders.at + Math.max(FOLDERS_MS, RUN_SHARE * state.folders.cost),
    state.sweep.at + Math.max(SWEEP_MS, RUN_SHARE * state.sweep.cost),
  );
}

/** Notes in `changed` a file whose size or mtime differs from the model's (or that came or went). */
function compare(model: ProjectModel, file: string, changed: Map<string, FileStat | undefined>): void {
  if (changed.has(file)) return;
  const known = model.files.get(file);
  const current = known && statOf(file);
  // A file the model does not have (a test file, one just created) comes with the folder walk.
  if (!known) return;
  if (!current || current.size !== known.size || current.mtimeMs !== known.mtimeMs) changed.set(file, current);
}

function rememberRecent(state: Tracked, file: string): void {
  // Most recent last; a Map keeps the order of insertion.
  const recent = state.recent;
  recent.delete(file);
  recent.set(file, true);
  if (recent.size > RECENT_FILES) recent.delete(recent.keys().next().value as string);
}

/**
 * Writes the cache a moment after it changed, between lints (an editor waits for its user), and
 * when the process exits (a CLI run): never inside the lint that changed it.
 */
function saveSometimes(state: Tracked): void {
  const cache = state.cache;
  if (!cache?.dirty || state.saveScheduled) return;
  state.saveScheduled = true;
  setTimeout(() => {
    state.saveScheduled = false;
    cache.save();
  }, SAVE_MS).unref();
}

/** A monorepo's package folders: their manifests decide entries and how package names resolve. */
function memberDirs(model: ProjectModel): string[] {
  return model.workspace.members().map((item) => item.dir);
}

/**
 * The files of the root and of the workspace's package folders that are not sources
 * (package.json, PM2, Procfile, Docker, tsconfig, .env, .gitignore), by name relative to the root.
 */
function manifestStats(root: string, members: readonly string[] = []): Map<string, FileStat | undefined> {
  const stats = new Map<string, FileStat | undefined>();
  for (const dir of [root, ...members]) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const prefix = dir === root ? '' : `${path.relative(root, dir)}${path.sep}`;
    for (const entry of entries) {
      const name = entry.name;
      // Folders are the folder check's (a symbolic link is stat'ed: it may name a file).
      if (entry.isDirectory()) continue;
      if (isSourceFileName(name) && !/(?:ecosystem|pm2|process)[^/]*\.[cm]?js$|\.config\.[cm]?js$/.test(name)) continue;
      const stat = statOf(path.join(dir, name));
      if (stat) stats.set(prefix + name, stat);
    }
  }
  return stats;
}

function sameStats(a: ReadonlyMap<string, FileStat | undefined>, b: ReadonlyMap<string, FileStat | undefined>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, stat] of a) if (!b.has(name) || !sameStat(stat, b.get(name))) return false;
  return true;
}

function sameStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

function statOf(file: string): FileStat | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** The linted file in the project model, from its live text (an editor's unsaved edits included). */
export class LiveFile {
  private summary: ReturnType<typeof summarizeFile> | undefined;

  constructor(
    readonly model: ProjectModel,
    readonly file: string,
    private readonly input: Parameters<typeof summarizeFile>[0],
  ) {}

  /** The overlay to evaluate with, or undefined when the disk holds the same text. */
  private overlay(): { file: string; summary: ReturnType<typeof summarizeFile> } | undefined {
    if (this.model.files.has(this.file) && this.model.diskHash(this.file) === contentHash(this.input.text)) return undefined;
    this.summary ??= summarizeFile(this.input);
    return { file: this.file, summary: this.summary };
  }

  /** Every process that runs this file, as it would run with the live text. */
  processes() {
    return this.model.processesRunning(this.file, this.overlay());
  }

  /** The polling this module starts by being imported, as its live text would. */
  startsAtImport(): BotEvent[] {
    return this.model.startsAtImport(this.file, this.overlay());
  }

  /** Starts and webhooks located in this file, reachable or not, plus those the processes show. */
  events(): BotEvent[] {
    const overlay = this.overlay();
    const events = [...this.model.eventsIn(this.file, overlay), ...this.processes().flatMap((process) => process.events.filter((event) => event.file === this.file))];
    return [...new Map(events.map((event) => [`${event.kind}|${event.instance.key}|${event.site.start}`, event])).values()];
  }
}

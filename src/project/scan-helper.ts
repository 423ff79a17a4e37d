/**
 * The scan's helper thread, seen from the main thread: starting it, posting it its one job,
 * and a job started ahead of the list it serves (scanAhead). Kept apart from the scanning
 * itself (./parallel-scan.ts) so that a command can start the helper before it loads the rest
 * of the model.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** Below this many files, starting a thread costs more than it saves. */
export const PARALLEL_SCAN_MIN_FILES = 500;
/**
 * A helper started for a scan, not ahead of it (prepareScanHelper): only from this many files.
 * Its start-up takes 70-90 ms here, in which the main thread scans about 1,500 files alone: on the
 * rules' first lint of 1,000 files, such a helper delivered nothing in two runs out of three.
 */
export const UNPREPARED_SCAN_MIN_FILES = 2000;

// Slots of the shared Int32Array.
export const NEXT = 0; // index of the next unclaimed file
export const STATE = 1; // helper's state, below
export const DELIVERED = 2; // chunks the helper has posted
export const LISTED = 3; // 1 once the helper of a project job has posted its list
export const WALKED = 4; // folders a project job's helper has listed so far (its progress before the list)
export const WAITING = 0;
export const RUNNING = 1;
export const FINISHED = 2;
export const CLOSED = 3; // the main thread finished before the helper started: it must not start

const HELPER_FILE = path.join(__dirname, 'scan-worker.js');

/** The job the helper thread is posted (one per thread: a helper scans one list, then ends). */
export interface HelperData {
  /** The list, NUL-separated. Perf: one string crosses threads in a fraction of the time 20,000 do. */
  readonly files: string;
  readonly statNeeded: ReadonlySet<number>;
  /** A project job: the helper lists this root's sources itself (`files` is empty) and stats every file. */
  readonly project?: { readonly root: string; readonly includeTests: boolean };
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** A helper at work on a list. */
export interface Helper {
  readonly worker: Worker;
  readonly shared: Int32Array;
  readonly port: MessagePort;
}

/** A started helper that has no job yet. */
interface IdleHelper {
  readonly worker: Worker;
}

/** A job started before the list it serves was known. */
export interface AheadJob {
  readonly helper: Helper;
  /** The files it scans; undefined for a project job until its helper has listed them. */
  files: readonly string[] | undefined;
  /** A project job's root: only a scan of that project's files joins it. */
  readonly root?: string;
  /** A project job's walk, once listed (./source-tree.ts TreeSnapshot). */
  tree?: unknown;
  /** When a project job was posted (Date.now()): every stat and read of its helper came after. */
  readonly postedAt?: number;
}

let prepared: IdleHelper | undefined;
let ahead: AheadJob | undefined;

/** Whether a helper pays here: on the main thread, with two or more CPUs, run from the build. */
export function helperPays(): boolean {
  return isMainThread && os.availableParallelism() > 1 && existsSync(HELPER_FILE);
}

/**
 * Starts the helper thread now, for the next scan of this thread (when a helper pays at all).
 * Perf: its start-up (a thread, its modules) overlaps the caller's work instead of the scan.
 * Unused, it is ended by releaseScanHelper() or dies with the process.
 */
export function prepareScanHelper(): void {
  if (prepared || ahead || !helperPays()) return;
  prepared = startHelper();
}

/**
 * Starts scanning `files` on the helper thread now, before the caller knows the list it will
 * scan: the next scanFiles of this thread joins this job, and takes from it the scans it may
 * (./parallel-scan.ts). Perf: on a cold `check`, the helper reads files while the main thread
 * loads its modules, waits for git and lists the project.
 */
export function scanAhead(files: readonly string[], options: AheadOptions = {}): void {
  if (ahead || files.length < PARALLEL_SCAN_MIN_FILES || !(options.helper ?? helperPays())) return;
  const helper = postJob(takePreparedHelper() ?? startHelper(), options.joined ?? files, new Set());
  if (helper) ahead = { helper, files };
}

/**
 * Lists and scans the sources of the project at `root` on the helper thread, each file stat'ed
 * before it is read, for the next scan of that project's files in this thread. Perf: ESLint loads
 * the plugin before it lists, reads and parses the files it lints; the rules' first lint then
 * finds the project scanned (a cold start of the rules is mostly that scan). Returns whether it started.
 */
export function scanProjectAhead(root: string, options: { readonly includeTests?: boolean; readonly helper?: boolean } = {}): boolean {
  if (ahead || !(options.helper ?? helperPays())) return false;
  const postedAt = Date.now();
  const helper = postJob(takePreparedHelper() ?? startHelper(), '', new Set(), { root, includeTests: options.includeTests === true });
  if (helper) ahead = { helper, files: undefined, root, postedAt };
  return helper !== undefined;
}

export interface AheadOptions {
  /** Use a helper thread even where it would not pay (tests). */
  readonly helper?: boolean;
  /** `files`, NUL-separated, when the caller has it already. */
  readonly joined?: string;
}

/** The job started ahead, left in place (a project job's list is awaited before its scan is joined). */
export function peekAheadJob(): AheadJob | undefined {
  return ahead;
}

/** The job started ahead, now taken over by its caller: a project job only by a scan of that project (`root`). */
export function takeAheadJob(root?: string): AheadJob | undefined {
  const job = ahead;
  if (job?.root !== undefined && job.root !== root) return undefined;
  ahead = undefined;
  return job;
}

/** Ends a helper prepared, or a job started ahead, that nothing took. */
export function releaseScanHelper(): void {
  const idle = takePreparedHelper();
  if (idle) void idle.worker.terminate();
  const job = ahead;
  ahead = undefined;
  if (job) {
    job.helper.port.close();
    void job.helper.worker.terminate();
  }
}

/** Whether a job started ahead waits to be taken (tests). */
export function aheadJobPending(): boolean {
  return ahead !== undefined;
}

/** Whether the helper of a job started ahead has taken it up (tests wait for a project job's helper). */
export function aheadJobStarted(): boolean {
  return ahead !== undefined && Atomics.load(ahead.helper.shared, STATE) !== WAITING;
}

/** A helper was started ahead for the next scan (see UNPREPARED_SCAN_MIN_FILES). */
export function hasPreparedHelper(): boolean {
  return prepared !== undefined;
}

export function takePreparedHelper(): IdleHelper | undefined {
  const idle = prepared;
  prepared = undefined;
  return idle;
}

/** Helper threads started by this thread (tests count them). */
export const helperStarts = { count: 0 };

export function startHelper(): IdleHelper | undefined {
  let worker: Worker;
  try {
    worker = new Worker(HELPER_FILE);
    helperStarts.count++;
  } catch {
    return undefined;
  }
  // Never keeps the process alive, and its failure is not the command's: its files are scanned here.
  worker.unref();
  worker.on('error', () => undefined);
  return { worker };
}

/** Gives the helper its list; undefined (the main thread scans alone) when it could not start. */
export function postJob(idle: IdleHelper | undefined, files: readonly string[] | string, statNeeded: ReadonlySet<number>, project?: HelperData['project']): Helper | undefined {
  if (!idle) return undefined;
  const shared = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  try {
    const job: HelperData = { files: typeof files === 'string' ? files : files.join('\0'), statNeeded, shared: shared.buffer as SharedArrayBuffer, port: port2, ...(project && { project }) };
    idle.worker.postMessage(job, [port2]);
  } catch {
    port1.close();
    void idle.worker.terminate();
    return undefined;
  }
  return { worker: idle.worker, shared, port: port1 };
}

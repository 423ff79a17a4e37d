/**
 * Reading and scanning many files on two threads: the main thread and one helper worker take
 * chunks of the list from one shared counter, so neither waits while the other has work. Perf:
 * reading and scanning every file is most of a cold model build (on 20,000 files, about as long
 * as loading TypeScript), and both threads keep going while the main thread stops to load the
 * parser (`onScanned`). Synchronous, like the model it feeds: the main thread waits for the
 * helper with Atomics.wait and takes its results with receiveMessageOnPort.
 *
 * The helper is an optimisation only: when it cannot start, stalls or fails, the main thread
 * scans whatever it did not deliver. A caller that knows a large scan is coming (a cold `check`)
 * starts the helper early (./scan-helper.ts): prepared, the thread loads its modules while the
 * main thread lists the files; given a list ahead (the files of git's index) or a project to
 * list itself (the plugin, as ESLint loads it), it is already scanning when the model asks, and
 * the main thread joins it.
 */
import { receiveMessageOnPort } from 'node:worker_threads';

import { scanFileWithoutText, type ScannedFile } from './scan-file.js';
import type { TreeSnapshot } from './source-tree.js';
import { NO_SPAWN_CALLS, NO_SPECIFIERS, type FileScan } from './scan.js';
import {
  CLOSED,
  DELIVERED,
  hasPreparedHelper,
  helperPays,
  LISTED,
  NEXT,
  PARALLEL_SCAN_MIN_FILES,
  peekAheadJob,
  releaseScanHelper,
  UNPREPARED_SCAN_MIN_FILES,
  postJob,
  RUNNING,
  startHelper,
  STATE,
  takeAheadJob,
  takePreparedHelper,
  WAITING,
  WALKED,
  FINISHED,
  type AheadJob,
  type Helper,
  type HelperData,
} from './scan-helper.js';

export { aheadJobPending, aheadJobStarted, helperStarts, PARALLEL_SCAN_MIN_FILES, UNPREPARED_SCAN_MIN_FILES, prepareScanHelper, releaseScanHelper, scanAhead, scanProjectAhead, type HelperData } from './scan-helper.js';

const CHUNK = 64;
/** The helper is given up when it delivers nothing for this long (it died without a word). */
const STALL_MS = 10_000;
const WAIT_SLICE_MS = 50;

export interface ScanOptions {
  /** Called on the main thread for each file scanned: its own at once, the helper's as they are taken in. */
  readonly onScanned?: (file: string, scanned: ScannedFile, claimed: number) => void;
  /** Use a helper thread when it pays (default: on the main thread with two or more CPUs). */
  readonly helper?: boolean;
  /** Positions in the list of the files to stat before reading (ScannedFile.stat). */
  readonly statNeeded?: ReadonlySet<number>;
  /**
   * Positions in the list whose scan may come from a job started ahead (scanAhead): files git
   * vouches for, whose content is the blob git lists whenever they were read. Others are read now.
   */
  readonly aheadUsable?: ReadonlySet<number>;
  /** The project the files are of: a job started ahead for another project's files is not joined. */
  readonly root?: string;
}

/** Which positions of a list are stat'ed before they are read. */
type StatNeeded = Pick<ReadonlySet<number>, 'has'>;
/** Every position: a project job stats each file it reads. */
const EVERY: StatNeeded = { has: () => true };

/**
 * Files scanned by each thread in this process, and files whose scan was taken from a job started
 * ahead (tests count work: the split does not change the result).
 */
export const scanWork = { byMain: 0, byHelper: 0, takenAhead: 0 };

/** A chunk of the helper's scans: where it starts in the list, and the scans as encodeScans wrote them. */
export interface Delivery {
  readonly start: number;
  readonly scans: string;
}

// A scan crosses threads as a JSON tuple. Perf: on 20,000 files, JSON.parse on the main thread
// took less than half the time of structured clone, and the empty lists stay the shared ones.
type ScanTuple = [flags: number, specifiers: readonly string[] | 0, spawnCalls: FileScan['spawnCalls'] | 0, problem: string | 0, stat: ScannedFile['stat'] | 0];
const MENTIONS_LIBRARY = 1;
const HAS_ENTRY_GUARD = 2;
const FORKS_WITHOUT_GUARD = 4;
const CACHEABLE = 8;

export function encodeScans(scans: readonly ScannedFile[]): string {
  return JSON.stringify(
    scans.map(({ scan, cacheable, stat }): ScanTuple => [
      (scan.mentionsLibrary ? MENTIONS_LIBRARY : 0) | (scan.hasEntryGuard ? HAS_ENTRY_GUARD : 0) | (scan.forksWithoutGuard ? FORKS_WITHOUT_GUARD : 0) | (cacheable ? CACHEABLE : 0),
      scan.specifiers.length > 0 ? scan.specifiers : 0,
      scan.spawnCalls.length > 0 ? scan.spawnCalls : 0,
      scan.problem ?? 0,
      stat ?? 0,
    ]),
  );
}

export function decodeScans(text: string): ScannedFile[] {
  return (JSON.parse(text) as ScanTuple[]).map(([flags, specifiers, spawnCalls, problem, stat]) => {
    const scan: { -readonly [K in keyof FileScan]: FileScan[K] } = {
      mentionsLibrary: (flags & MENTIONS_LIBRARY) !== 0,
      specifiers: specifiers === 0 ? NO_SPECIFIERS : specifiers,
      spawnCalls: spawnCalls === 0 ? NO_SPAWN_CALLS : spawnCalls,
      hasEntryGuard: (flags & HAS_ENTRY_GUARD) !== 0,
      forksWithoutGuard: (flags & FORKS_WITHOUT_GUARD) !== 0,
    };
    if (problem !== 0) scan.problem = problem;
    const cacheable = (flags & CACHEABLE) !== 0;
    return stat === 0 ? { scan, cacheable } : { scan, cacheable, stat };
  });
}

/** The scan of each of `files`, in their order. */
export function scanFiles(files: readonly string[], options: ScanOptions = {}): ScannedFile[] {
  const started = takeAheadJob(options.root);
  if (started) return scanJoiningAhead(started, files, options);
  const results: (ScannedFile | undefined)[] = new Array<ScannedFile | undefined>(files.length);
  const statNeeded = options.statNeeded ?? NONE;
  // A helper asked for (tests), or one already started, pays sooner than one started now.
  const minimum = options.helper === true || hasPreparedHelper() ? PARALLEL_SCAN_MIN_FILES : UNPREPARED_SCAN_MIN_FILES;
  const helper = (options.helper ?? helperPays()) && files.length >= minimum ? postJob(takePreparedHelper() ?? startHelper(), files, statNeeded) : undefined;
  scanChunks(files, helper, statNeeded, results, options.onScanned);
  if (helper) collect(helper, files, results, options.onScanned);
  // Whatever the helper claimed and did not deliver is scanned here.
  for (let index = 0; index < files.length; index++) {
    if (results[index]) continue;
    results[index] = scanFileWithoutText(files[index] as string, statNeeded.has(index));
    scanWork.byMain++;
  }
  return results as ScannedFile[];
}

/**
 * The main thread's share: chunks claimed from the shared counter until none is left. Between
 * its chunks it takes in what the helper delivered (perf: decoded while both threads work, not
 * after; and `onScanned` sees the helper's files too, to load the parser early).
 */
function scanChunks(
  files: readonly string[],
  helper: Helper | undefined,
  statNeeded: StatNeeded,
  results: (ScannedFile | undefined)[],
  onScanned: ScanOptions['onScanned'],
): void {
  const shared = helper?.shared ?? new Int32Array(3);
  for (;;) {
    const start = Atomics.add(shared, NEXT, CHUNK);
    if (start >= files.length) break;
    const end = Math.min(start + CHUNK, files.length);
    for (let index = start; index < end; index++) {
      const file = files[index] as string;
      const scanned = scanFileWithoutText(file, statNeeded.has(index));
      results[index] = scanned;
      scanWork.byMain++;
      onScanned?.(file, scanned, Math.min(Atomics.load(shared, NEXT), files.length));
    }
    if (helper) takeDelivered(helper, files, results, onScanned);
  }
}

/** Puts what the helper has delivered so far into `results`. */
function takeDelivered(helper: Helper, files: readonly string[], results: (ScannedFile | undefined)[], onScanned: ScanOptions['onScanned']): void {
  for (let message = receiveMessageOnPort(helper.port); message; message = receiveMessageOnPort(helper.port)) {
    const { start, scans: text } = message.message as Delivery;
    const scans = decodeScans(text);
    const claimed = Math.min(Atomics.load(helper.shared, NEXT), files.length);
    scans.forEach((scanned, offset) => {
      results[start + offset] = scanned;
      onScanned?.(files[start + offset] as string, scanned, claimed);
    });
    scanWork.byHelper += scans.length;
  }
}

/**
 * The main thread finishes the job started ahead with the helper; each file asked for takes its
 * scan from there when it may (a git job's: `aheadUsable`, files git vouches for; a project
 * job's: files to be stat'ed, since its helper stat'ed each before reading it), and the others
 * are scanned after.
 */
function scanJoiningAhead(job: AheadJob, files: readonly string[], options: ScanOptions): ScannedFile[] {
  const aheadFiles = options.helper === false ? undefined : (job.files ?? awaitListing(job)?.files);
  if (!aheadFiles) {
    // Asked to scan on one thread, or a project job whose helper never listed: dropped, not joined.
    job.helper.port.close();
    void job.helper.worker.terminate();
    return scanFiles(files, options);
  }
  const project = job.root !== undefined;
  const aheadResults: (ScannedFile | undefined)[] = new Array<ScannedFile | undefined>(aheadFiles.length);
  scanChunks(aheadFiles, job.helper, project ? EVERY : NONE, aheadResults, options.onScanned);
  collect(job.helper, aheadFiles, aheadResults, options.onScanned);
  const results: (ScannedFile | undefined)[] = new Array<ScannedFile | undefined>(files.length);
  const usable = options.aheadUsable ?? NONE;
  const statNeeded = options.statNeeded ?? NONE;
  const rest: number[] = [];
  const aheadScanOf = aheadLookup(aheadFiles, aheadResults);
  files.forEach((file, index) => {
    // A project job stat'ed each file before reading it, as a scan now would: its scan serves a
    // file to be stat'ed (a later change shows in the stat); a git job's serves a file git vouches for.
    let scanned: ScannedFile | undefined;
    if (project) scanned = statNeeded.has(index) ? aheadScanOf(file) : undefined;
    else scanned = usable.has(index) && !statNeeded.has(index) ? aheadScanOf(file) : undefined;
    if (scanned && (!project || scanned.stat)) {
      // Read before the model asked: how recent a change its stat can vouch for is judged from the job's start.
      results[index] = project ? { ...scanned, readSince: job.postedAt ?? 0 } : scanned;
      scanWork.takenAhead++;
    } else {
      rest.push(index);
    }
  });
  if (rest.length > 0) {
    const restStats = new Set<number>();
    rest.forEach((index, position) => statNeeded.has(index) && restStats.add(position));
    const scans = scanFiles(
      rest.map((index) => files[index] as string),
      { ...options, statNeeded: restStats, aheadUsable: NONE },
    );
    rest.forEach((index, position) => (results[index] = scans[position]));
  }
  return results as ScannedFile[];
}

/**
 * A project job's list and walk, once its helper has posted them (kept in the job); undefined when
 * the helper had not started (it is told not to), made no progress for STALL_MS, or failed: the
 * caller then scans alone.
 */
function awaitListing(job: AheadJob): { files: readonly string[]; tree: unknown } | undefined {
  if (job.files) return { files: job.files, tree: job.tree };
  const { shared, port } = job.helper;
  if (Atomics.compareExchange(shared, STATE, WAITING, CLOSED) === WAITING) return undefined;
  // Given up only when the walk makes no progress for STALL_MS (a large project takes long).
  let quietMs = 0;
  let walked = Atomics.load(shared, WALKED);
  while (Atomics.load(shared, LISTED) === 0 && Atomics.load(shared, STATE) === RUNNING && quietMs < STALL_MS) {
    Atomics.wait(shared, LISTED, 0, WAIT_SLICE_MS);
    const now = Atomics.load(shared, WALKED);
    quietMs = now === walked ? quietMs + WAIT_SLICE_MS : 0;
    walked = now;
  }
  if (Atomics.load(shared, LISTED) === 0) return undefined;
  const listing = receiveMessageOnPort(port)?.message as Listing | undefined;
  if (listing?.listed === undefined) return undefined;
  job.files = listing.listed === '' ? [] : listing.listed.split('\0');
  job.tree = listing.tree;
  return { files: job.files, tree: job.tree };
}

/**
 * The walk of `root` made by the project job started ahead for it, once listed (the job stays,
 * for the scan that follows); undefined when there is none. A job for another project, or one
 * whose helper never listed, is dropped.
 */
export function takeProjectWalk(root: string): TreeSnapshot | undefined {
  const job = peekAheadJob();
  if (job?.root === undefined) return undefined;
  if (job.root !== root) {
    // Another project is linted: its model is built without that job's thread taking a CPU.
    releaseScanHelper();
    return undefined;
  }
  const listing = awaitListing(job);
  if (!listing) releaseScanHelper();
  return listing?.tree as TreeSnapshot | undefined;
}

/** A project job's first message: the files it lists, NUL-separated, and its walk. */
interface Listing {
  readonly listed: string;
  readonly tree?: TreeSnapshot;
}

/**
 * The scan made ahead of a file, for files asked in order. Perf: the list made ahead and the one
 * asked for are usually both sorted, and are then walked side by side; a map is made only when
 * a file asked for comes before the one asked before it.
 */
function aheadLookup(aheadFiles: readonly string[], aheadResults: readonly (ScannedFile | undefined)[]): (file: string) => ScannedFile | undefined {
  let position = 0;
  let previous = '';
  let byFile: Map<string, ScannedFile | undefined> | undefined;
  return (file) => {
    if (!byFile && file < previous) byFile = new Map(aheadFiles.map((aheadFile, index) => [aheadFile, aheadResults[index]]));
    previous = file;
    if (byFile) return byFile.get(file);
    while (position < aheadFiles.length && (aheadFiles[position] as string) < file) position++;
    return aheadFiles[position] === file ? aheadResults[position] : undefined;
  };
}

/** Waits for the helper (unless it never started) and puts what it delivered into `results`. */
function collect(helper: Helper, files: readonly string[], results: (ScannedFile | undefined)[], onScanned: ScanOptions['onScanned']): void {
  const { shared, port, worker } = helper;
  if (Atomics.compareExchange(shared, STATE, WAITING, CLOSED) !== WAITING) {
    let delivered = Atomics.load(shared, DELIVERED);
    let quietMs = 0;
    while (Atomics.load(shared, STATE) === RUNNING && quietMs < STALL_MS) {
      Atomics.wait(shared, STATE, RUNNING, WAIT_SLICE_MS);
      const now = Atomics.load(shared, DELIVERED);
      quietMs = now === delivered ? quietMs + WAIT_SLICE_MS : 0;
      delivered = now;
    }
  }
  takeDelivered(helper, files, results, onScanned);
  port.close();
  void worker.terminate();
}

/**
 * The helper's side: claim chunks until none is left, post each chunk's scans. A project job's
 * files come from `listProject`, posted first as a Listing.
 */
export function runHelper(
  { files: list, statNeeded, shared: buffer, port, project }: HelperData,
  listProject?: (root: string, includeTests: boolean, onFolder: () => void) => { readonly files: string[]; readonly tree?: TreeSnapshot },
): void {
  const shared = new Int32Array(buffer);
  if (Atomics.compareExchange(shared, STATE, WAITING, RUNNING) !== WAITING) return;
  try {
    let files: string[];
    let stat: StatNeeded = statNeeded;
    if (project) {
      const listing = listProject ? listProject(project.root, project.includeTests, () => Atomics.add(shared, WALKED, 1)) : { files: [] };
      files = listing.files;
      stat = EVERY;
      port.postMessage({ listed: files.join('\0'), ...(listing.tree && { tree: listing.tree }) } satisfies Listing);
      Atomics.store(shared, LISTED, 1);
      Atomics.notify(shared, LISTED);
    } else {
      files = list.split('\0');
    }
    for (;;) {
      const start = Atomics.add(shared, NEXT, CHUNK);
      if (start >= files.length) break;
      const end = Math.min(start + CHUNK, files.length);
      const scans: ScannedFile[] = [];
      for (let index = start; index < end; index++) scans.push(scanFileWithoutText(files[index] as string, stat.has(index)));
      port.postMessage({ start, scans: encodeScans(scans) } satisfies Delivery);
      Atomics.add(shared, DELIVERED, 1);
    }
  } finally {
    Atomics.store(shared, STATE, FINISHED);
    Atomics.notify(shared, STATE);
    // A main thread waiting for the list wakes to find the job finished without one.
    if (project) Atomics.notify(shared, LISTED);
  }
}

const NONE: ReadonlySet<number> = new Set();


/**
 * Reading and scanning many files on two threads: the main thread and one helper worker take
 * chunks of the list from one shared counter, so neither waits while the other has work. Perf:
 * reading and scanning every file is most of a cold model build (on 20,000 files, about as long
 * as loading TypeScript), and both threads keep going while the main thread stops to load the
 * parser (`onScanned`). Synchronous, like the model it feeds: the main thread waits for the
 * helper with Atomics.wait and takes its results with receiveMessageOnPort.
 *
 * The helper is an optimisation only: when it cannot start, stalls or fails, the main thread
 * scans whatever it did not deliver.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

import { scanFileOnDisk, type ScannedFile } from './scan-file.js';

/** Below this many files, starting a thread costs more than it saves. */
export const PARALLEL_SCAN_MIN_FILES = 500;
const CHUNK = 64;
/** The helper is given up when it delivers nothing for this long (it died without a word). */
const STALL_MS = 10_000;
const WAIT_SLICE_MS = 50;

// Slots of the shared Int32Array.
const NEXT = 0; // index of the next unclaimed file
const STATE = 1; // helper's state, below
const DELIVERED = 2; // chunks the helper has posted
const WAITING = 0;
const RUNNING = 1;
const FINISHED = 2;
const CLOSED = 3; // the main thread finished before the helper started: it must not start

const HELPER_FILE = path.join(__dirname, 'scan-worker.js');

export interface ScanOptions {
  /** Called on the main thread after each file it scanned (the helper's files are not seen here). */
  readonly onScanned?: (file: string, scanned: ScannedFile, claimed: number) => void;
  /** Use a helper thread when it pays (default: on the main thread with two or more CPUs). */
  readonly helper?: boolean;
  /** Positions in the list of the files to stat before reading (ScannedFile.stat). */
  readonly statNeeded?: ReadonlySet<number>;
}

/** What the helper thread is given. */
export interface HelperData {
  readonly files: readonly string[];
  readonly statNeeded: ReadonlySet<number>;
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** Files scanned by each thread in this process (tests count work: the split does not change the result). */
export const scanWork = { byMain: 0, byHelper: 0 };

interface Delivery {
  readonly start: number;
  readonly scans: readonly ScannedFile[];
}

/** The scan of each of `files`, in their order. */
export function scanFiles(files: readonly string[], options: ScanOptions = {}): ScannedFile[] {
  const results: (ScannedFile | undefined)[] = new Array<ScannedFile | undefined>(files.length);
  const statNeeded = options.statNeeded ?? NONE;
  const helper = (options.helper ?? defaultHelper()) && files.length >= PARALLEL_SCAN_MIN_FILES ? startHelper(files, statNeeded) : undefined;
  const shared = helper?.shared ?? new Int32Array(3);
  for (;;) {
    const start = Atomics.add(shared, NEXT, CHUNK);
    if (start >= files.length) break;
    const end = Math.min(start + CHUNK, files.length);
    for (let index = start; index < end; index++) {
      const file = files[index] as string;
      const scanned = withoutText(scanFileOnDisk(file, statNeeded.has(index)));
      results[index] = scanned;
      scanWork.byMain++;
      options.onScanned?.(file, scanned, Math.min(Atomics.load(shared, NEXT), files.length));
    }
  }
  if (helper) collect(helper, results);
  // Whatever the helper claimed and did not deliver is scanned here.
  for (let index = 0; index < files.length; index++) {
    if (results[index]) continue;
    results[index] = withoutText(scanFileOnDisk(files[index] as string, statNeeded.has(index)));
    scanWork.byMain++;
  }
  return results as ScannedFile[];
}

function defaultHelper(): boolean {
  return isMainThread && os.availableParallelism() > 1 && existsSync(HELPER_FILE);
}

interface Helper {
  readonly worker: Worker;
  readonly shared: Int32Array;
  readonly port: MessagePort;
}

function startHelper(files: readonly string[], statNeeded: ReadonlySet<number>): Helper | undefined {
  const shared = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const data: HelperData = { files, statNeeded, shared: shared.buffer as SharedArrayBuffer, port: port2 };
    worker = new Worker(HELPER_FILE, { workerData: data, transferList: [port2] });
  } catch {
    port1.close();
    return undefined;
  }
  // Never keeps the process alive, and its failure is not the command's: its files are scanned here.
  worker.unref();
  worker.on('error', () => undefined);
  return { worker, shared, port: port1 };
}

/** Waits for the helper (unless it never started) and puts what it delivered into `results`. */
function collect(helper: Helper, results: (ScannedFile | undefined)[]): void {
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
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const { start, scans } = message.message as Delivery;
    scans.forEach((scanned, offset) => (results[start + offset] = scanned));
    scanWork.byHelper += scans.length;
  }
  port.close();
  void worker.terminate();
}

/** The helper's side: claim chunks until none is left, post each chunk's scans. */
export function runHelper({ files, statNeeded, shared: buffer, port }: HelperData): void {
  const shared = new Int32Array(buffer);
  if (Atomics.compareExchange(shared, STATE, WAITING, RUNNING) !== WAITING) return;
  try {
    for (;;) {
      const start = Atomics.add(shared, NEXT, CHUNK);
      if (start >= files.length) break;
      const end = Math.min(start + CHUNK, files.length);
      const scans: ScannedFile[] = [];
      for (let index = start; index < end; index++) scans.push(withoutText(scanFileOnDisk(files[index] as string, statNeeded.has(index))));
      port.postMessage({ start, scans } satisfies Delivery);
      Atomics.add(shared, DELIVERED, 1);
    }
  } finally {
    Atomics.store(shared, STATE, FINISHED);
    Atomics.notify(shared, STATE);
  }
}

function withoutText({ scan, cacheable, stat }: ScannedFile): ScannedFile {
  return stat ? { scan, cacheable, stat } : { scan, cacheable };
}

const NONE: ReadonlySet<number> = new Set();

// ESLint loads the plugin before it lists and parses the files it lints: the project at the
// working folder is listed and scanned meanwhile on the scan's helper thread, and the rules'
// first model takes those scans. What the model holds must not depend on it: the same files,
// scans and stats as a model that read everything itself. The helper runs from the build (a
// worker needs JavaScript), which `npm test` makes first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodeScans, runHelper, type Delivery } from '../../src/project/parallel-scan.js';
import { scanFileOnDisk, type ScannedFile } from '../../src/project/scan-file.js';
import { sourcesToScan } from '../../src/project/source-tree.js';

type ParallelScan = typeof import('../../src/project/parallel-scan.js');
type Model = typeof import('../../src/project/model.js');
const requireBuilt = createRequire(import.meta.url);
const built = requireBuilt('../../dist/src/project/parallel-scan.js') as ParallelScan;
const builtModel = requireBuilt('../../dist/src/project/model.js') as Model;
const builtCache = requireBuilt('../../dist/src/project/cache.js') as typeof import('../../src/project/cache.js');

let base: string;
let root: string;
/** The sources a model of `root` reads, sorted (tests and ignored folders left out). */
let sources: string[];

function write(dir: string, file: string, text: string): string {
  const absolute = path.join(dir, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
  return absolute;
}

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'telegram-scan-project-ahead-'));
  root = path.join(base, 'app');
  write(root, 'package.json', JSON.stringify({ name: 'app', private: true, main: 'src/index.ts' }));
  write(root, '.gitignore', 'generated/\n');
  write(root, 'src/index.ts', "import { bot } from './bot';\nvoid bot.launch();\n");
  write(root, 'src/bot.ts', "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN ?? '');\n");
  for (let n = 0; n < 150; n++) write(root, `src/part-${n % 7}/file-${n}.ts`, n % 5 === 0 ? 'binary\0content\n' : `export const value${n} = ${n};\n`);
  write(root, 'src/bot.test.ts', "import { Telegraf } from 'telegraf';\nnew Telegraf('123:abc').launch();\n");
  write(root, 'generated/bundle.js', 'export {};\n');
  // Written long ago: a file changed within the last seconds is read again at every start.
  const past = new Date('2024-01-01T00:00:00Z');
  for (const file of [path.join(root, 'src', 'index.ts'), path.join(root, 'src', 'bot.ts'), ...Array.from({ length: 150 }, (_, n) => path.join(root, 'src', `part-${n % 7}`, `file-${n}.ts`))]) utimesSync(file, past, past);
  sources = [path.join(root, 'src', 'bot.ts'), path.join(root, 'src', 'index.ts'), ...Array.from({ length: 150 }, (_, n) => path.join(root, 'src', `part-${n % 7}`, `file-${n}.ts`))].sort();
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const withStat = (file: string): ScannedFile => {
  const { scan, cacheable } = scanFileOnDisk(file);
  const { size, mtimeMs } = statSync(file);
  return { scan, cacheable, stat: { size, mtimeMs } };
};
/** Starts a project job and waits (boundedly) until its helper has taken it: a job not yet taken up is dropped, not joined. */
async function scanAheadStarted(projectRoot: string): Promise<void> {
  built.scanProjectAhead(projectRoot, { helper: true });
  for (let tries = 0; tries < 3000 && !built.aheadJobStarted(); tries++) await sleep(10);
  expect(built.aheadJobStarted()).toBe(true);
}
/** A scan as one thread gives it: without the time a scan taken ahead was read since. */
const plain = (scans: readonly ScannedFile[]): ScannedFile[] =>
  scans.map((scanned) => {
    const copy: { -readonly [K in keyof ScannedFile]: ScannedFile[K] } = { ...scanned };
    delete copy.readSince;
    return copy;
  });
const every = (list: readonly string[]) => new Set(list.map((_file, index) => index));

describe('the list a project job scans', () => {
  it('is the walk of the rules (ignored folders left out), sorted, without test files unless asked for', () => {
    expect(sourcesToScan(root, false).files).toEqual(sources);
    expect(sourcesToScan(root, true).files).toEqual([...sources, path.join(root, 'src', 'bot.test.ts')].sort());
  });
});

describe('a project scanned ahead', () => {
  it('serves a scan of that project: every file stat\'ed, the same scans one thread gives', async () => {
    const posted = Date.now();
    await scanAheadStarted(root);
    const before = { ...built.scanWork };
    const scans = built.scanFiles(sources, { root, statNeeded: every(sources) });
    expect(plain(scans)).toEqual(sources.map(withStat));
    // Each says since when it was read: from the job's start, before the model asked.
    for (const scanned of scans) expect(scanned.readSince).toBeGreaterThanOrEqual(posted);
    for (const scanned of scans) expect(scanned.readSince).toBeLessThanOrEqual(Date.now());
    // Listed and scanned once (by the helper, or by both threads once joined); every file taken from it.
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(sources.length);
    expect(built.scanWork.byMain - before.byMain + (built.scanWork.byHelper - before.byHelper)).toBe(sources.length);
  });

  it('is not joined by another project\'s scan, nor gives its scans to files not stat\'ed', async () => {
    const other = path.join(base, 'other');
    const otherFile = write(other, 'src/a.ts', 'export const a = 1;\n');
    await scanAheadStarted(root);
    let before = { ...built.scanWork };
    expect(built.scanFiles([otherFile], { root: other, statNeeded: new Set([0]) })).toEqual([withStat(otherFile)]);
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(0);
    // Still waiting for its project: the next scan of it joins. A file given its stat already
    // (known from elsewhere) is read now; the others come from the job.
    before = { ...built.scanWork };
    const statNeeded = new Set([...every(sources)].filter((index) => index !== 0));
    const scans = built.scanFiles(sources, { root, statNeeded });
    expect(scans[0]).toEqual({ scan: scanFileOnDisk(sources[0] as string).scan, cacheable: true });
    expect(plain(scans.slice(1))).toEqual(sources.slice(1).map(withStat));
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(sources.length - 1);
  });

  it('is dropped when nothing takes it, and a scan before its helper took it up scans alone', () => {
    built.scanProjectAhead(root, { helper: true });
    built.releaseScanHelper();
    let before = { ...built.scanWork };
    built.scanFiles(sources, { root, statNeeded: every(sources), helper: false });
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(0);
    expect(built.scanWork.byMain - before.byMain).toBe(sources.length);

    built.scanProjectAhead(root, { helper: true });
    // Asked at once: the helper is most likely still starting, and is then told not to take the
    // job up (the main thread scans alone); if it did start (a busy machine), the job is joined.
    // Either way every file is scanned once, as one thread scans it.
    before = { ...built.scanWork };
    expect(plain(built.scanFiles(sources, { root, statNeeded: every(sources) }))).toEqual(sources.map(withStat));
    const taken = built.scanWork.takenAhead - before.takenAhead;
    const scanned = built.scanWork.byMain - before.byMain + (built.scanWork.byHelper - before.byHelper);
    expect([0, sources.length]).toContain(taken);
    expect(scanned).toBe(sources.length);
    expect(built.aheadJobPending()).toBe(false);
  });

  it('makes a file changed shortly before the job started count as changed too recently to trust by its stat', async () => {
    const project = path.join(base, 'racy');
    const file = write(project, 'src/bot.ts', "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN ?? '');\n");
    write(project, 'package.json', '{}');
    // Changed 1.5 s before the job starts (within the 2 s a stat cannot vouch for), and the model
    // asks more than 2 s after that change: judged from the model's time, it would be trusted.
    const changed = new Date(Date.now() - 1500);
    utimesSync(file, changed, changed);
    await scanAheadStarted(project);
    await sleep(700);
    const cache = builtCache.openProjectCache(project, { dir: path.join(base, 'racy-cache') });
    const taken = built.scanWork.takenAhead;
    const model = new builtModel.ProjectModel(project, [file], { cache });
    expect(model.files.has(file)).toBe(true);
    expect(built.scanWork.takenAhead - taken).toBe(1);
    expect(cache?.get(file)).toMatchObject({ racy: true });
  });

  it('gives the model the files, scans and stats a model that read everything itself has', async () => {
    const describeModel = (model: InstanceType<Model['ProjectModel']>) => ({
      files: [...model.files.values()],
      problems: model.problems,
      read: model.work.read,
    });
    const alone = new builtModel.ProjectModel(root, sourcesToScan(root, true).files, { scan: { helper: false } });
    await scanAheadStarted(root);
    const before = { ...built.scanWork };
    const joined = new builtModel.ProjectModel(root, sourcesToScan(root, true).files, {});
    expect(describeModel(joined)).toEqual(describeModel(alone));
    // The test file is left out by the model and by the job alike.
    expect(joined.files.has(path.join(root, 'src', 'bot.test.ts'))).toBe(false);
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(sources.length);
  });
});

describe('the helper side of a project job', () => {
  const sharedFor = () => new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT);

  it('posts its list first, then every file scanned with its stat, and says it is finished', () => {
    const shared = sharedFor();
    const { port1, port2 } = new MessageChannel();
    runHelper({ files: '', statNeeded: new Set(), shared, port: port2, project: { root, includeTests: false } }, sourcesToScan);
    const first = receiveMessageOnPort(port1)?.message as { listed: string; tree: { folders: unknown[] } };
    expect(first.listed.split('\0')).toEqual(sources);
    // With its walk: the project's folders (the ignored one left out).
    expect(first.tree.folders.map((folder) => (folder as string[])[0]).sort()).toEqual([root, path.join(root, 'src'), ...Array.from({ length: 7 }, (_, n) => path.join(root, 'src', `part-${n}`))].sort());
    const results: ScannedFile[] = [];
    for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1)) {
      const { start, scans } = message.message as Delivery;
      decodeScans(scans).forEach((scanned, offset) => (results[start + offset] = scanned));
    }
    port1.close();
    port2.close();
    expect(results).toEqual(sources.map(withStat));
    const state = new Int32Array(shared);
    expect(state[1]).toBe(2); // finished
    expect(state[3]).toBe(1); // listed
    expect(state[4]).toBe(first.tree.folders.length); // its progress: each folder walked
  });

  it('says it is finished, with no list, when listing fails: the main thread then scans alone', () => {
    const shared = sharedFor();
    const { port1, port2 } = new MessageChannel();
    expect(() =>
      runHelper({ files: '', statNeeded: new Set(), shared, port: port2, project: { root, includeTests: false } }, () => {
        throw new Error('EACCES');
      }),
    ).toThrow('EACCES');
    expect(receiveMessageOnPort(port1)).toBeUndefined();
    expect([...new Int32Array(shared)]).toEqual([0, 2, 0, 0, 0]);
    port1.close();
    port2.close();
  });
});

describe('when the plugin is loaded', () => {
  // In a process of its own: a helper pays only on a main thread, and this suite runs in a worker.
  const load = (cwd: string, env: Record<string, string> = {}) => {
    const script = `
      const plugin = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/index.js'))});
      const scan = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/parallel-scan.js'))});
      const live = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/live.js'))});
      const { treeWalks } = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/source-tree.js'))});
      const started = scan.helperStarts.count;
      // The lint comes once the helper has taken the job up (ESLint's loading and parsing take longer than its start).
      for (let tries = 0; started > 0 && !scan.aheadJobStarted() && tries < 3000; tries++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      const model = live.projectModelFor(process.argv[1]);
      process.stdout.write(JSON.stringify({ started, work: scan.scanWork, walks: treeWalks.count, files: model.files.size, read: model.work.read, fromCache: model.work.fromCache, rules: Object.keys(plugin.rules).length }));
    `;
    const output = execFileSync(process.execPath, ['-e', script, path.join(root, 'src', 'index.ts')], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
    return JSON.parse(output) as { started: number; work: { byMain: number; byHelper: number; takenAhead: number }; walks: number; files: number; read: number; fromCache: number; rules: number };
  };
  const helperPays = os.availableParallelism() > 1;

  it('scans the project at the working folder ahead, and the first lint takes it', () => {
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    const result = load(path.join(root, 'src'), { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir });
    expect(result.rules).toBe(3);
    expect(result.files).toBe(sources.length);
    expect(result.started).toBe(helperPays ? 1 : 0);
    expect(result.work.takenAhead).toBe(helperPays ? sources.length : 0);
    // The first model takes the helper's walk too: this thread walks nothing.
    expect(result.walks).toBe(helperPays ? 0 : 1);
  });

  it('drops the job when the plugin is loaded in a worker thread (ESLint lints there with --concurrency)', () => {
    const index = requireBuilt.resolve('../../dist/src/index.js');
    const script = `
      const { Worker } = require('node:worker_threads');
      require(${JSON.stringify(index)});
      const scan = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/parallel-scan.js'))});
      const pendingAtLoad = scan.aheadJobPending();
      new Worker('require(' + JSON.stringify(${JSON.stringify(index)}) + ')', { eval: true }).on('exit', () => {
        let tries = 0;
        const wait = () => {
          if (scan.aheadJobPending() && ++tries < 3000) return setTimeout(wait, 10);
          process.stdout.write(JSON.stringify({ pendingAtLoad, pendingAfter: scan.aheadJobPending() }));
        };
        wait();
      });
    `;
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir } });
    expect(JSON.parse(output)).toEqual({ pendingAtLoad: helperPays, pendingAfter: false });
  });

  it('drops a job no lint has taken after a while (a config with none of the model\'s rules, a long-lived process)', () => {
    const script = `
      const live = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/live.js'))});
      const scan = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/parallel-scan.js'))});
      live.scanProjectAheadOfLint(process.cwd(), { unusedJobMs: 100 });
      const pendingAtLoad = scan.aheadJobPending();
      let tries = 0;
      const wait = () => {
        if (scan.aheadJobPending() && ++tries < 3000) return setTimeout(wait, 10);
        process.stdout.write(JSON.stringify({ pendingAtLoad, pendingAfter: scan.aheadJobPending() }));
      };
      setTimeout(wait, 100);
    `;
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir } });
    expect(JSON.parse(output)).toEqual({ pendingAtLoad: helperPays, pendingAfter: false });
  });

  it('starts nothing in a process that loads configs without linting (migrate sets it before)', () => {
    const script = `
      require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/scan-ahead-switch.js'))}).noScanAheadOfLint();
      require(${JSON.stringify(requireBuilt.resolve('../../dist/src/index.js'))});
      process.stdout.write(String(require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/parallel-scan.js'))}).helperStarts.count));
    `;
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    expect(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir } })).toBe('0');
  });

  it('drops the job when the first lint is in another project, and that project is read here', () => {
    const other = path.join(base, 'elsewhere');
    const otherFile = write(other, 'src/a.ts', 'export const a = 1;\n');
    write(other, 'package.json', '{}');
    const script = `
      require(${JSON.stringify(requireBuilt.resolve('../../dist/src/index.js'))});
      const scan = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/parallel-scan.js'))});
      const live = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/live.js'))});
      const pendingAtLoad = scan.aheadJobPending();
      const model = live.projectModelFor(process.argv[1]);
      process.stdout.write(JSON.stringify({ pendingAtLoad, pendingAfter: scan.aheadJobPending(), taken: scan.scanWork.takenAhead, files: model.files.size }));
    `;
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    const output = execFileSync(process.execPath, ['-e', script, otherFile], { cwd: root, encoding: 'utf8', env: { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir } });
    expect(JSON.parse(output)).toEqual({ pendingAtLoad: helperPays, pendingAfter: false, taken: 0, files: 1 });
  });

  it('starts nothing where a cache exists (a warm start reads it), nor outside a project', () => {
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    expect(load(root, { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir }).started).toBe(helperPays ? 1 : 0);
    // The process above wrote the cache when it exited.
    const warm = load(root, { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir });
    expect(warm.started).toBe(0);
    expect(warm.work.byMain + warm.work.byHelper).toBe(0);
    expect([warm.read, warm.fromCache]).toEqual([0, sources.length]);
    const outside = mkdtempSync(path.join(os.tmpdir(), 'telegram-no-project-'));
    try {
      const result = load(outside, { TELEGRAM_BOT_LINT_CACHE: 'off' });
      expect(result.started).toBe(0);
      // The lint of a project elsewhere reads it itself.
      expect(result.work.byMain).toBe(sources.length);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

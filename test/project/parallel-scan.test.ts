// Files never seen are read and scanned on two threads. Which thread scans which file depends
// on timing; what the model gets must not: every file's scan, in the given order, the same as
// one thread alone gives. The helper runs from the build (a worker needs JavaScript), which
// `npm test` makes first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProjectModel } from '../../src/project/model.js';
import { decodeScans, runHelper, scanFiles, type Delivery } from '../../src/project/parallel-scan.js';
import { scanFileOnDisk, type ScannedFile } from '../../src/project/scan-file.js';

type ParallelScan = typeof import('../../src/project/parallel-scan.js');
type Model = typeof import('../../src/project/model.js');
// The built modules, where the helper's entry exists.
const requireBuilt = createRequire(import.meta.url);
const built = requireBuilt('../../dist/src/project/parallel-scan.js') as ParallelScan;
const builtModel = requireBuilt('../../dist/src/project/model.js') as Model;

const FILE_COUNT = 1300;
let root: string;
let files: string[];

/** A tree with every kind of file the scan tells apart, in a rotating mix. */
function writeTree(): string[] {
  const written: string[] = [];
  const kinds = [
    (n: number) => `import { Telegraf } from 'telegraf';\nimport { helper } from './lib-${n}.js';\nexport const bot = new Telegraf(process.env.BOT_TOKEN_${n % 3} ?? '');\n`,
    (n: number) => `export const value${n} = ${n};\n`,
    (n: number) => `const { fork } = require('node:child_process');\nfork('./jobs/job-${n}.js');\nif (require.main === module) main();\n`,
    (n: number) => `import cluster from 'node:cluster';\ncluster.fork();\nexport { x } from '../shared/x-${n}';\n`,
    (n: number) => `const text = "caf\u00e9 ${n}";\nexport default text;\n`,
    () => 'binary\0content\n',
  ];
  for (let n = 0; n < FILE_COUNT; n++) {
    const dir = path.join(root, 'src', `part-${n % 17}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `file-${n}.ts`);
    writeFileSync(file, (kinds[n % kinds.length] as (n: number) => string)(n));
    written.push(file);
  }
  // Bytes that are not UTF-8, and a file that is gone by the time it is read.
  const latin1 = path.join(root, 'src', 'latin1.js');
  writeFileSync(latin1, Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x61, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x3b, 0x0a]));
  written.push(latin1, path.join(root, 'src', 'deleted.ts'));
  return written;
}

const oneThread = (list: readonly string[]): ScannedFile[] => list.map((file) => {
  const { scan, cacheable } = scanFileOnDisk(file);
  return { scan, cacheable };
});

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'telegram-parallel-scan-'));
  files = writeTree();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scanFiles', () => {
  it('gives every file the scan one thread gives, in order, with the helper thread', () => {
    const before = { ...built.scanWork };
    const scans = built.scanFiles(files, { helper: true });
    expect(scans).toEqual(oneThread(files));
    // Every file was scanned once, by one thread or the other.
    expect(built.scanWork.byMain - before.byMain + (built.scanWork.byHelper - before.byHelper)).toBe(files.length);
  });

  it('gives the same without the helper, and without its entry file (run from the sources)', () => {
    expect(built.scanFiles(files, { helper: false })).toEqual(oneThread(files));
    expect(scanFiles(files, { helper: true })).toEqual(oneThread(files));
  });

  it('stats the files asked for before reading them, on either thread; a file that is gone has no stat', () => {
    const statNeeded = new Set(files.map((_file, index) => index).filter((index) => index % 2 === 0));
    const scans = built.scanFiles(files, { helper: true, statNeeded });
    files.forEach((file, index) => {
      const scanned = scans[index] as ScannedFile;
      if (!statNeeded.has(index) || file.endsWith('deleted.ts')) expect(scanned.stat, file).toBeUndefined();
      else expect(scanned.stat, file).toEqual({ size: statSync(file).size, mtimeMs: statSync(file).mtimeMs });
    });
    const deleted = files.length - 1;
    expect(built.scanFiles(files, { helper: false, statNeeded: new Set([deleted]) })[deleted]).toMatchObject({ cacheable: false });
  });

  it('tells problems that are facts about the content from a file that cannot be read', () => {
    const scans = built.scanFiles(files, { helper: true });
    const byName = (name: string) => scans[files.findIndex((file) => file.endsWith(name))] as ScannedFile;
    expect(byName('file-5.ts')).toMatchObject({ cacheable: true, scan: { problem: expect.stringContaining('binary') } });
    expect(byName('latin1.js')).toMatchObject({ cacheable: true, scan: { problem: expect.stringContaining('UTF-8') } });
    expect(byName('deleted.ts')).toMatchObject({ cacheable: false, scan: { problem: expect.stringContaining('ENOENT') } });
  });
});

describe('when a helper is started', () => {
  // In a process of its own: a helper pays only on a main thread, and this suite runs in a worker.
  it('starts none for a scan shorter than its start-up, and takes one started ahead', () => {
    expect(files.length).toBeGreaterThanOrEqual(built.PARALLEL_SCAN_MIN_FILES);
    expect(files.length).toBeLessThan(built.UNPREPARED_SCAN_MIN_FILES);
    const list = path.join(root, 'list.json');
    writeFileSync(list, JSON.stringify(files));
    const script = `
      const scan = require(${JSON.stringify(requireBuilt.resolve('../../dist/src/project/parallel-scan.js'))});
      const files = require(process.argv[1]);
      const counts = [];
      const scans = JSON.stringify(scan.scanFiles(files));
      counts.push(scan.helperStarts.count);
      scan.prepareScanHelper();
      counts.push(scan.helperStarts.count);
      const again = JSON.stringify(scan.scanFiles(files));
      counts.push(scan.helperStarts.count, scan.scanWork.byMain + scan.scanWork.byHelper);
      process.stdout.write(JSON.stringify({ counts, same: scans === again }));
    `;
    const { counts, same } = JSON.parse(execFileSync(process.execPath, ['-e', script, list], { encoding: 'utf8' })) as { counts: number[]; same: boolean };
    const helperPays = os.availableParallelism() > 1;
    // None for the scan alone; one started ahead (where a helper pays), taken by the next scan.
    expect(counts).toEqual([0, helperPays ? 1 : 0, helperPays ? 1 : 0, 2 * files.length]);
    expect(same).toBe(true);
  });
});

describe('the helper side', () => {
  const sharedFor = () => new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);

  it('claims every chunk left, posts each with its start, and says it is finished', () => {
    const shared = sharedFor();
    const { port1, port2 } = new MessageChannel();
    runHelper({ files: files.join('\0'), statNeeded: new Set(), shared, port: port2 });
    const results: ScannedFile[] = [];
    let messages = 0;
    for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1)) {
      const { start, scans: text } = message.message as Delivery;
      const scans = decodeScans(text);
      scans.forEach((scanned, offset) => (results[start + offset] = scanned));
      messages++;
    }
    port1.close();
    port2.close();
    const state = new Int32Array(shared);
    expect(results).toEqual(oneThread(files));
    expect(state[2]).toBe(messages); // chunks delivered
    expect(state[1]).toBe(2); // finished
  });

  it('does nothing once the main thread has closed the scan (it finished before the helper started)', () => {
    const shared = sharedFor();
    new Int32Array(shared)[1] = 3;
    const { port1, port2 } = new MessageChannel();
    runHelper({ files: files.join('\0'), statNeeded: new Set(), shared, port: port2 });
    expect(receiveMessageOnPort(port1)).toBeUndefined();
    expect(new Int32Array(shared)[0]).toBe(0); // nothing claimed
    port1.close();
    port2.close();
  });
});

describe('the model', () => {
  it('is the same whichever thread read what: its files in order, and its problems (a file gone before its stat is left out)', () => {
    const sources = files;
    const describeModel = (model: ProjectModel) => ({ files: [...model.files.values()], problems: model.problems, read: model.work.read });
    const withHelper = new builtModel.ProjectModel(root, sources, { scan: { helper: true } }) as unknown as ProjectModel;
    const alone = new ProjectModel(root, sources, { scan: { helper: false } });
    expect(describeModel(withHelper)).toEqual(describeModel(alone));
    expect(alone.work.read).toBe(sources.length - 1);
    expect(alone.files.has(path.join(root, 'src', 'deleted.ts'))).toBe(false);
  });
});

describe('a scan started ahead of its list', () => {
  it('is joined by the next scan: the files it may take come from it, the others (changed since, not listed) are read now', () => {
    const listed = files.slice(0, 1000);
    built.scanAhead(listed, { helper: true });
    // Changed after the scan ahead started: it must be read again.
    const changed = listed[7] as string;
    writeFileSync(changed, "import { Telegraf } from 'telegraf';\nexport const late = new Telegraf('');\n");
    const asked = [...files.slice(500).reverse(), changed];
    const usable = new Set(asked.map((_file, index) => index).filter((index) => asked[index] !== changed));
    const before = { ...built.scanWork };
    const scans = built.scanFiles(asked, { aheadUsable: usable });
    expect(scans).toEqual(oneThread(asked));
    expect(scans.at(-1)?.scan.mentionsLibrary).toBe(true);
    // The 500 listed files asked for were taken from the job; the ahead list was scanned once,
    // and the rest (not listed, or changed) once more.
    const taken = built.scanWork.takenAhead - before.takenAhead;
    const scanned = built.scanWork.byMain - before.byMain + (built.scanWork.byHelper - before.byHelper);
    expect(taken).toBe(500);
    expect(scanned).toBe(listed.length + (asked.length - taken));
  });

  it('is dropped when nothing takes it, and a scan on one thread does not join it', () => {
    built.scanAhead(files.slice(0, 800), { helper: true });
    built.releaseScanHelper();
    let before = { ...built.scanWork };
    expect(built.scanFiles(files.slice(0, 600), { helper: true })).toEqual(oneThread(files.slice(0, 600)));
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(0);
    expect(built.scanWork.byMain - before.byMain + (built.scanWork.byHelper - before.byHelper)).toBe(600);

    built.scanAhead(files.slice(0, 800), { helper: true });
    before = { ...built.scanWork };
    expect(built.scanFiles(files.slice(0, 600), { helper: false, aheadUsable: new Set([0, 1, 2]) })).toEqual(oneThread(files.slice(0, 600)));
    expect(built.scanWork.takenAhead - before.takenAhead).toBe(0);
    expect(built.scanWork.byMain - before.byMain).toBe(600);
  });
});

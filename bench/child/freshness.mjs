// Child process: editor freshness of the rule's project model on a corpus. The model is built
// (from the persistent cache when the caller set one) and the TypeScript parser loaded, as in an
// editor that already linted; then, for each kind of save, the time from the write to the end of
// the first lint-time model request (after a pause, as an editor lints) whose model shows it,
// its processes computed. Every change is undone at the end (content and mtime).
// Prints JSON: milliseconds per scenario (median of --repeat runs) and the checks' own cost.
import { readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [root, dist, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 3);
const require = createRequire(path.join(dist, '..', 'package.json'));
const { projectModelFor } = require(path.join(dist, 'src/project/live.js'));
require(path.join(dist, 'src/core/parse.js')).parseFile('warm-up.ts', 'export const warm: number = 1;\n');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
// An editor lints after a pause: longer than the model's idle threshold.
const PAUSE_MS = 150;

const buildStart = performance.now();
let model = projectModelFor(path.join(root, 'package.json'));
const processes = model.processes();
const buildMs = performance.now() - buildStart;
const starts = processes.flatMap((process) => process.events).filter((event) => event.kind === 'start');
const relevant = model.relevant();
const polling = starts[0].file;
const quiet = [...model.files.keys()].filter((file) => !relevant.has(file) && !model.watchedFiles().includes(file));
// The open file in the editor: one that names no bot library.
const open = quiet[0];
const unwatched = quiet[Math.floor(quiet.length / 2)];

/** Lints `open` after a pause until `seen(model)`; returns ms from the write and the lints it took. */
async function latency(write, seen) {
  model = projectModelFor(open);
  model.processes();
  await sleep(PAUSE_MS);
  write();
  const start = performance.now();
  let lints = 0;
  let lintMs = 0;
  for (;;) {
    const lintStart = performance.now();
    model = projectModelFor(open);
    model.processes();
    lintMs = performance.now() - lintStart;
    lints++;
    if (seen(model) || lints > 100) break;
    await sleep(PAUSE_MS);
  }
  return { ms: performance.now() - start, lastLintMs: lintMs, lints };
}

function saver(file) {
  const text = readFileSync(file, 'utf8');
  const { atime, mtime } = statSync(file);
  return {
    edit: (extra) => writeFileSync(file, `${text}${extra}`),
    restore: () => {
      writeFileSync(file, text);
      utimesSync(file, atime, mtime);
    },
  };
}

const results = { relevantSaved: [], openSaved: [], newFile: [], removedFile: [], unwatchedSaved: [], idleCheck: [], busyCheck: [] };
const restores = [];
try {
  for (let run = 0; run < repeat; run++) {
    const marker = `\n// bench edit ${run}\n`;
    const pollingFile = saver(polling);
    restores.push(pollingFile.restore);
    results.relevantSaved.push(await latency(() => pollingFile.edit(marker), (m) => m.files.get(polling)?.size === Buffer.byteLength(readFileSync(polling))));
    pollingFile.restore();

    const openFile = saver(open);
    restores.push(openFile.restore);
    results.openSaved.push(await latency(() => openFile.edit(marker), (m) => m.files.get(open)?.size === Buffer.byteLength(readFileSync(open))));
    openFile.restore();

    const created = path.join(path.dirname(polling), `bench-new-${run}.ts`);
    restores.push(() => {
      try {
        unlinkSync(created);
      } catch {
        // already gone
      }
    });
    results.newFile.push(await latency(() => writeFileSync(created, readFileSync(polling, 'utf8')), (m) => m.files.has(created)));
    results.removedFile.push(await latency(() => unlinkSync(created), (m) => !m.files.has(created)));

    const other = saver(unwatched);
    restores.push(other.restore);
    results.unwatchedSaved.push(await latency(() => other.edit(marker), (m) => m.files.get(unwatched)?.size === Buffer.byteLength(readFileSync(unwatched))));
    other.restore();

    await sleep(PAUSE_MS);
    let start = performance.now();
    projectModelFor(open).processes();
    results.idleCheck.push({ ms: performance.now() - start });
    start = performance.now();
    projectModelFor(open).processes();
    results.busyCheck.push({ ms: performance.now() - start });
  }
} finally {
  for (const restore of restores) restore();
}

const summary = Object.fromEntries(
  Object.entries(results).map(([name, samples]) => [name, { ms: median(samples.map((s) => s.ms)), runsMs: samples.map((s) => s.ms), lints: samples[0]?.lints }]),
);
console.log(JSON.stringify({ buildMs, files: model.files.size, ...summary, maxRssKb: process.resourceUsage().maxRSS }));

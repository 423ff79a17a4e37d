// Child process: one ESLint run through the Node API, as the CLI runs it (a fresh process, the
// given --concurrency, a config file), with `stats: true`; prints JSON: the run's wall, the
// process's CPU time, the worker threads ESLint used, and the time each rule took over all
// files (on every thread).
// The wall of the floor config and the rules' time of the recommended one give the rules' share.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const [root, configFile, concurrency, repoRoot] = process.argv.slice(2);
const require = createRequire(path.join(repoRoot, 'package.json'));
const { ESLint } = require('eslint');

const start = performance.now();
const eslint = new ESLint({ cwd: root, overrideConfigFile: configFile, concurrency: /^\d+$/.test(concurrency) ? Number(concurrency) : concurrency, stats: true });
const results = await eslint.lintFiles(['src']);
const wall = performance.now() - start;
const rules = {};
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    for (const [id, time] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + time.total;
  }
}
// CPU time of the whole process (every thread: ESLint's workers, the plugin's scan helper).
const usage = process.cpuUsage();
const cpu = (usage.user + usage.system) / 1000;
console.log(JSON.stringify({ wall, cpu, files: results.length, workers: workerCount(concurrency, results.length), rules }));

// ESLint's own rule (lib/eslint/eslint.js, ESLint 10): "auto" runs one worker per 50 files up to
// half the CPUs; "off" none; a number that many, at most one per file; and one worker means none.
function workerCount(setting, files) {
  if (setting === 'off') return 0;
  const workers = /^\d+$/.test(setting) ? Math.min(Number(setting), files) : Math.min(Math.ceil(files / 50), os.availableParallelism() >> 1);
  return workers > 1 ? workers : 0;
}

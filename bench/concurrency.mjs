// The ESLint CLI with --concurrency (default auto) on a generated corpus: the recommended config
// against the same run with one rule that does nothing (the floor), the recommended config both
// with an empty persistent cache (every worker builds the model, the last to finish writes it)
// and with the cache that run wrote (every worker reads it). Configs are written to a temp folder
// (ESLint workers need a config file, not objects). Interleaved runs, per-run ratios, median.
// Then the precise figure: fresh processes linting through ESLint's Node API with the same
// --concurrency and `stats: true` (bench/child/lint-stats.mjs), the floor and the recommended
// config (cold, then warm); the rules' time over all files and threads, per worker, as a share
// of the floor's wall. On a machine with fewer than four CPUs "auto" runs no worker at all.
// Options: --corpus 1000 --runs 3 --concurrency auto --stats-runs 3
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { generateCorpus } from './corpus.mjs';
import { benchDir, distDir, measure, median, ms, option, ratio, repoRoot, require, requireBuilt, table, writeResults } from './lib.mjs';

requireBuilt();
const corpusSize = Number(option('corpus', '1000'));
const runs = Number(option('runs', '3'));
const concurrency = option('concurrency', 'auto');
const statsRuns = Number(option('stats-runs', '3'));
const root = generateCorpus(corpusSize);
const dir = mkdtempSync(path.join(os.tmpdir(), 'telegram-bench-concurrency-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const url = (file) => JSON.stringify(pathToFileURL(file).href);
const base = `import tsParser from ${url(require.resolve('@typescript-eslint/parser'))};
export const base = [
  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], languageOptions: { ecmaVersion: 'latest' } },
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
];
`;
writeFileSync(path.join(dir, 'base.mjs'), base);
writeFileSync(
  path.join(dir, 'floor.config.mjs'),
  `import { base } from './base.mjs';
const noop = { meta: { name: 'bench-noop' }, rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };
export default [...base, { plugins: { bench: noop }, rules: { 'bench/noop': 'error' } }];
`,
);
writeFileSync(
  path.join(dir, 'recommended.config.mjs'),
  `import { base } from './base.mjs';
import plugin from ${url(path.join(distDir, 'src', 'index.js'))};
export default [...base, ...plugin.configs.recommended];
`,
);

const eslint = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const lint = (config, env) =>
  measure(process.execPath, [eslint, '-c', path.join(dir, `${config}.config.mjs`), `--concurrency=${concurrency}`, 'src'], { cwd: root, env, allowExit: [0, 1] });

const walls = { floor: [], cold: [], warm: [] };
const problems = {};
for (let run = 0; run < runs; run++) {
  const cacheDir = path.join(dir, `cache-${run}`);
  const order = [
    ['floor', () => lint('floor', { TELEGRAM_BOT_LINT_CACHE: 'off' })],
    ['cold', () => lint('recommended', { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir })],
    ['warm', () => lint('recommended', { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir })],
  ];
  for (const [name, run_] of order) {
    process.stderr.write(`run ${run + 1}: ${name}…\n`);
    const result = run_();
    walls[name].push(result.wall);
    problems[name] = (result.stdout.match(/ error /g) ?? []).length;
  }
}
const rows = [['config', 'median', 'runs', 'vs floor (per run, median)', 'errors reported']];
for (const name of Object.keys(walls)) {
  rows.push([name === 'floor' ? 'floor (no-op rule)' : `recommended, ${name} cache`, ms(median(walls[name])), walls[name].map((w) => w.toFixed(0)).join(', '), ratio(median(walls[name].map((w, i) => w / walls.floor[i]))), problems[name]]);
}
console.log(`generated ${corpusSize} files, eslint --concurrency=${concurrency}, ${runs} interleaved runs`);
console.log(table(rows));

// The rules' own time, from ESLint's stats, in fresh processes (one ESLint run each).
const statsChild = (config, env) => {
  // In the project's folder, as the CLI is run (the plugin scans the working folder's project ahead).
  const result = measure(process.execPath, [path.join(benchDir, 'child', 'lint-stats.mjs'), root, path.join(dir, `${config}.config.mjs`), concurrency, repoRoot], { cwd: root, env });
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
};
const stats = { floor: [], cold: [], warm: [] };
for (let run = 0; run < statsRuns; run++) {
  const cacheDir = path.join(dir, `stats-cache-${run}`);
  process.stderr.write(`stats run ${run + 1}…\n`);
  stats.floor.push(statsChild('floor', { TELEGRAM_BOT_LINT_CACHE: 'off' }));
  stats.cold.push(statsChild('recommended', { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir }));
  stats.warm.push(statsChild('recommended', { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir }));
}
const floorWall = median(stats.floor.map((sample) => sample.wall));
const pluginRules = (sample) => Object.entries(sample.rules).filter(([id]) => id.startsWith('telegram-bot/'));
const statsRows = [['recommended', 'workers', 'rules over all threads (median)', 'per thread', 'share of the floor\'s wall', 'runs', 'by rule (median)']];
for (const name of ['cold', 'warm']) {
  const samples = stats[name];
  const workers = samples[0].workers;
  const total = median(samples.map((sample) => pluginRules(sample).reduce((sum, [, time]) => sum + time, 0)));
  const perThread = total / Math.max(1, workers);
  const ids = [...new Set(samples.flatMap((sample) => pluginRules(sample).map(([id]) => id)))].sort();
  const byRule = ids.map((id) => `${id.replace('telegram-bot/', '')} ${ms(median(samples.map((sample) => sample.rules[id] ?? 0)))}`).join(', ');
  const runTotals = samples.map((sample) => pluginRules(sample).reduce((sum, [, time]) => sum + time, 0).toFixed(0)).join(', ');
  statsRows.push([`${name} cache`, workers, ms(total), ms(perThread), `${((100 * perThread) / floorWall).toFixed(2)}%`, runTotals, byRule]);
}
console.log(`\nESLint's stats, Node API, --concurrency=${concurrency}, ${statsRuns} fresh processes per config; floor wall (median): ${ms(floorWall)}`);
console.log(table(statsRows));
writeResults('concurrency', { corpus: corpusSize, concurrency, runs, walls, problems, stats });

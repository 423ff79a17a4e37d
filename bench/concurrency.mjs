// The ESLint CLI with --concurrency (default auto) on a generated corpus: the recommended config
// against the same run with one rule that does nothing (the floor), the recommended config both
// with an empty persistent cache (every worker builds the model, the last to finish writes it)
// and with the cache that run wrote (every worker reads it). Configs are written to a temp folder
// (ESLint workers need a config file, not objects). Interleaved runs, per-run ratios, median.
// Options: --corpus 1000 --runs 3 --concurrency auto
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { generateCorpus } from './corpus.mjs';
import { distDir, measure, median, ms, option, ratio, require, requireBuilt, table, writeResults } from './lib.mjs';

requireBuilt();
const corpusSize = Number(option('corpus', '1000'));
const runs = Number(option('runs', '3'));
const concurrency = option('concurrency', 'auto');
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
writeResults('concurrency', { corpus: corpusSize, concurrency, runs, walls, problems });

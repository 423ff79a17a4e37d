// `migrate --dry` wall time and peak memory on the corpus, against
//   jscodeshift with a no-op transform that parses every file (a codemod without a pre-filter),
//   jscodeshift running our own transform (it returns early without parsing for most files),
//   git grep -l over the same tree (the floor: reading the files).
// Every command runs in a child process (peak RSS and CPU seconds from GNU time). Median of --runs (default 3).
// Options: --corpus 5000 --runs 3 --jscodeshift-runs 2 --nm 1 (also the node_modules copy; 0 skips)
import path from 'node:path';

import { generateCorpus, listTree, nodeModulesCopy } from './corpus.mjs';
import { benchDir, binPath, distDir, mb, measure, median, ms, option, ratio, require, requireBuilt, table, writeResults } from './lib.mjs';

requireBuilt();
const { librarySources } = require(path.join(distDir, 'src/catalogue/libraries.js'));
const corpusSize = Number(option('corpus', '5000'));
const runs = Number(option('runs', '3'));
const jscRuns = Number(option('jscodeshift-runs', '2'));
const withNodeModules = option('nm', '1') !== '0';
const jscodeshiftBin = path.join(path.dirname(require.resolve('jscodeshift/package.json')), 'bin', 'jscodeshift.js');
const ownTransform = path.join(distDir, 'codemods/use-shared-bot/index.js');
const EXTENSIONS = 'ts,tsx,mts,cts,js,jsx,mjs,cjs';

function repeat(count, fn) {
  const samples = Array.from({ length: count }, fn);
  const cpu = samples.every((s) => s.cpuMs !== undefined) ? samples.map((s) => s.cpuMs) : undefined;
  return { wallMs: median(samples.map((s) => s.wall)), runsMs: samples.map((s) => s.wall), cpuMs: cpu && median(cpu), cpuRunsMs: cpu, maxRssKb: Math.max(...samples.map((s) => s.maxRssKb ?? 0)), last: samples.at(-1) };
}

function benchTree(label, root, owner, target) {
  const files = listTree(path.join(root, target)).length;
  const commands = {
    'git grep -l (floor)': {
      runs,
      run: () => measure('git', ['grep', '-l', '-F', ...librarySources.flatMap((s) => ['-e', s]), '--', target], { cwd: root, allowExit: [0, 1] }),
    },
    'migrate --dry': {
      runs,
      run: () => measure(process.execPath, [binPath, 'migrate', '--dry', '--json', '--owner', owner, target], { cwd: root, allowExit: [0, 1] }),
    },
    'jscodeshift, use-shared-bot transform': {
      runs: jscRuns,
      run: () => measure(process.execPath, [jscodeshiftBin, '--no-babel', '--dry', '--silent', `--extensions=${EXTENSIONS}`, '-t', ownTransform, `--owner=${owner}`, target], { cwd: root }),
    },
    'jscodeshift, no-op transform (parses every file)': {
      runs: jscRuns,
      run: () => measure(process.execPath, [jscodeshiftBin, '--no-babel', '--dry', '--silent', `--extensions=${EXTENSIONS}`, '-t', path.join(benchDir, 'noop-transform.cjs'), target], { cwd: root }),
    },
  };
  const results = {};
  for (const [name, command] of Object.entries(commands)) {
    process.stderr.write(`${label}: ${name}…\n`);
    results[name] = repeat(command.runs, command.run);
  }
  const migrate = results['migrate --dry'];
  let summary;
  try {
    summary = JSON.parse(migrate.last.stdout);
  } catch {
    summary = undefined;
  }
  const floor = results['git grep -l (floor)'].wallMs;
  const cpuRatio = (r) => (r.cpuMs !== undefined && migrate.cpuMs ? ratio(r.cpuMs / migrate.cpuMs) : '-');
  const rows = [['command', 'runs', 'median wall', 'files/s', 'peak RSS', 'vs migrate', 'vs git grep', 'median CPU', 'CPU vs migrate']];
  for (const [name, r] of Object.entries(results)) {
    rows.push([name, r.runsMs.length, ms(r.wallMs), Math.round(files / (r.wallMs / 1000)), mb(r.maxRssKb), ratio(r.wallMs / migrate.wallMs), ratio(r.wallMs / floor), r.cpuMs === undefined ? '-' : ms(r.cpuMs), cpuRatio(r)]);
  }
  console.log(`\n${label}: ${files} files`);
  console.log(table(rows));
  if (summary) console.log(`migrate: ${summary.scanned} scanned, ${summary.changed.length} to change, ${summary.left.length} left, ${summary.failed.length} failed`);
  const out = {};
  for (const [name, r] of Object.entries(results)) out[name] = { wallMs: r.wallMs, runsMs: r.runsMs, cpuMs: r.cpuMs, cpuRunsMs: r.cpuRunsMs, maxRssKb: r.maxRssKb };
  const noop = results['jscodeshift, no-op transform (parses every file)'];
  return {
    label, root, files,
    commands: out,
    migrateSummary: summary && { scanned: summary.scanned, changed: summary.changed, left: summary.left.length, failed: summary.failed.length },
    speedupVsJscodeshiftNoop: noop.wallMs / migrate.wallMs,
    cpuSpeedupVsJscodeshiftNoop: noop.cpuMs !== undefined && migrate.cpuMs ? noop.cpuMs / migrate.cpuMs : undefined,
    migrateVsGitGrep: migrate.wallMs / floor,
  };
}

const corpora = [benchTree(`generated backend`, generateCorpus(corpusSize), 'src/services/telegramBot.ts', 'src')];
if (withNodeModules) corpora.push(benchTree('node_modules copy', nodeModulesCopy(), 'app/telegramBot.ts', '.'));
writeResults('migrate', { corpora });

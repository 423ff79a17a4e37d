// `check` and the rule's project index on corpora of 1k, 5k and 20k files (and the
// node_modules copy): wall time, growth, peak RSS. Each command runs in a child process.
//   read all     walk the tree and read every file (the floor)
//   check        `eslint-plugin-telegram-bot check` (the project index, entries, findings)
//   rule index   the project index no-duplicate-poller builds without owners (cold, then a
//                re-validation by size and mtime)
// Options: --sizes 1000,5000,20000 --runs 3 (one run at 20k and above) --nm 1
import path from 'node:path';

import { generateCorpus, nodeModulesCopy } from './corpus.mjs';
import { benchDir, binPath, distDir, mb, measure, median, ms, option, requireBuilt, table, writeResults } from './lib.mjs';

requireBuilt();
const sizes = option('sizes', '1000,5000,20000').split(',').map(Number);
const runs = Number(option('runs', '3'));
const withNodeModules = option('nm', '1') !== '0';

function child(script, root) {
  const result = measure(process.execPath, [path.join(benchDir, 'child', script), root, distDir]);
  return { ...JSON.parse(result.stdout), wall: result.wall, maxRssKb: result.maxRssKb };
}

function benchTree(label, root, files) {
  const count = files >= 20000 ? Math.min(runs, 1) : runs;
  const pick = (samples, key) => ({ ms: median(samples.map((s) => s[key])), runsMs: samples.map((s) => s[key]), maxRssKb: Math.max(...samples.map((s) => s.maxRssKb ?? 0)) });
  process.stderr.write(`${label}…\n`);
  const read = Array.from({ length: count }, () => child('read-all.mjs', root));
  const check = Array.from({ length: count }, () => measure(process.execPath, [binPath, 'check', '--json'], { cwd: root, allowExit: [0, 1] }));
  const index = Array.from({ length: count }, () => child('poller-index.mjs', root));
  const findings = JSON.parse(check.at(-1).stdout).findings.length;
  return {
    label, root, files: read[0].files, bytes: read[0].bytes, runs: count,
    readAll: { ...pick(read, 'ms'), processWallMs: median(read.map((r) => r.wall)) },
    check: { ...pick(check, 'wall'), findings },
    ruleIndex: { ...pick(index, 'coldMs'), revalidateMs: median(index.map((r) => r.revalidateMs)), processWallMs: median(index.map((r) => r.wall)), filesWithPollers: index[0].filesWithPollers },
  };
}

const corpora = sizes.map((n) => benchTree(`generated ${n}`, generateCorpus(n), n));
if (withNodeModules) corpora.push(benchTree('node_modules copy', nodeModulesCopy(), 13000));

const base = corpora[0];
const rows = [['corpus', 'files', 'read all (in-process)', 'check (process wall)', 'check ms/1k files', 'check growth', 'check peak RSS', 'rule index cold', 'index re-validate', 'index peak RSS', 'index growth']];
for (const c of corpora) {
  const k = c.files / 1000;
  rows.push([
    c.label, c.files, ms(c.readAll.ms), ms(c.check.ms), ms(c.check.ms / k),
    `${(c.check.ms / base.check.ms).toFixed(2)}x for ${(c.files / base.files).toFixed(1)}x files`,
    mb(c.check.maxRssKb), ms(c.ruleIndex.ms), ms(c.ruleIndex.revalidateMs), mb(c.ruleIndex.maxRssKb),
    `${(c.ruleIndex.ms / base.ruleIndex.ms).toFixed(2)}x`,
  ]);
}
console.log(table(rows));
console.log('\n(check and the index run in their own process: their wall includes Node start and module loading; read all and the index times are measured inside the child)');
writeResults('check', { corpora });

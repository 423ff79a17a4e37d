// `check` and the rule's project model on corpora of 1k, 5k and 20k files (and the node_modules
// copy): wall time, growth, peak RSS, with and without the persistent cache. Each command runs
// in a child process; the runs of one corpus are interleaved, so ratios compare one moment.
//   read all      walk the tree and read every file (the floor), in-process and process wall
//   check         `eslint-plugin-telegram-bot check`: --no-cache, cold (empty cache folder),
//                 warm (the caches the cold run wrote: nothing changed, so its stored result);
//                 the corpora are git work trees; "no git" runs the same with GIT_DIR pointing
//                 nowhere (git answers "not a repository": the walk, stats, no stored result)
//   rule model    the model no-duplicate-poller builds without owners: no cache, cold (empty
//                 cache folder: built, and written when the process exits), warm (read from it)
//   freshness     (--fresh 1, largest generated corpus) the rule's model in an editor: from a
//                 save to the next lint that shows it (bench/child/freshness.mjs)
// An older build (BENCH_DIST, no cache) is measured without the cache variants; --against <dist>
// measures an older build's check (cold and warm too, when it has the cache) and rule model in
// the same runs (interleaved), for ratios.
// Options: --sizes 1000,5000,20000 --runs 3 --nm 1 --fresh 1 --against <dist>
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { generateCorpus, nodeModulesCopy } from './corpus.mjs';
import { benchDir, binPath, distDir, mb, measure, median, ms, option, requireBuilt, table, writeResults } from './lib.mjs';
import { existsSync } from 'node:fs';

requireBuilt();
const sizes = option('sizes', '1000,5000,20000').split(',').map(Number);
const runs = Number(option('runs', '3'));
const withNodeModules = option('nm', '1') !== '0';
const withFreshness = option('fresh', '1') !== '0';
const hasCache = existsSync(path.join(distDir, 'src', 'project', 'cache.js'));
const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'telegram-bench-cache-'));
process.on('exit', () => rmSync(cacheRoot, { recursive: true, force: true }));
let cacheCount = 0;
const emptyCacheDir = () => path.join(cacheRoot, `cache-${++cacheCount}`);

const against = option('against', undefined) && path.resolve(option('against'));

function child(script, root, env = {}, extra = [], dist = distDir) {
  const result = measure(process.execPath, [path.join(benchDir, 'child', script), root, dist, ...extra], { env });
  return { ...JSON.parse(result.stdout), wall: result.wall, cpuMs: result.cpuMs, maxRssKb: result.maxRssKb };
}

const check = (root, env, ...args) => measure(process.execPath, [binPath, 'check', '--json', ...args], { cwd: root, env, allowExit: [0, 1] });
const OFF = { TELEGRAM_BOT_LINT_CACHE: 'off' };
const NO_GIT = { GIT_DIR: path.join(cacheRoot, 'no-git') };
const againstHasCache = against && existsSync(path.join(against, 'src', 'project', 'cache.js'));
const checkWith = (bin, root, env) => measure(process.execPath, [bin, 'check', '--json'], { cwd: root, env, allowExit: [0, 1] });

function benchTree(label, root) {
  process.stderr.write(`${label}…\n`);
  const samples = { read: [], checkNoCache: [], checkCold: [], checkWarm: [], noGitCold: [], noGitWarm: [], modelNoCache: [], modelCold: [], modelWarm: [], oldCheck: [], oldCheckCold: [], oldCheckWarm: [], oldModel: [] };
  let findings;
  // One untimed read first: the machine may have dropped the tree from its page cache since it
  // was last read (here the first read of a run took 2-5 s against 0.6 s for the next ones).
  child('read-all.mjs', root);
  for (let run = 0; run < runs; run++) {
    samples.read.push(child('read-all.mjs', root));
    if (against) {
      const oldBin = path.join(against, 'src', 'cli', 'bin.js');
      samples.oldCheck.push(checkWith(oldBin, root, OFF));
      if (againstHasCache) {
        const oldCache = { TELEGRAM_BOT_LINT_CACHE_DIR: emptyCacheDir() };
        samples.oldCheckCold.push(checkWith(oldBin, root, oldCache));
        samples.oldCheckWarm.push(checkWith(oldBin, root, oldCache));
      }
      samples.oldModel.push(child('poller-index.mjs', root, {}, [], against));
    }
    if (!hasCache) {
      const result = check(root, {});
      samples.checkNoCache.push(result);
      findings = JSON.parse(result.stdout).findings.length;
      samples.modelNoCache.push(child('poller-index.mjs', root));
      continue;
    }
    samples.checkNoCache.push(check(root, OFF, '--no-cache'));
    const checkCache = { TELEGRAM_BOT_LINT_CACHE_DIR: emptyCacheDir() };
    samples.checkCold.push(check(root, checkCache));
    const warm = check(root, checkCache);
    samples.checkWarm.push(warm);
    findings = JSON.parse(warm.stdout).findings.length;
    if (JSON.stringify(JSON.parse(warm.stdout)) !== JSON.stringify(JSON.parse(samples.checkNoCache.at(-1).stdout))) throw new Error(`${label}: check from the cache differs from check without it`);
    const noGitCache = { ...NO_GIT, TELEGRAM_BOT_LINT_CACHE_DIR: emptyCacheDir() };
    samples.noGitCold.push(check(root, noGitCache));
    samples.noGitWarm.push(check(root, noGitCache));
    if (samples.noGitWarm.at(-1).stdout !== warm.stdout) throw new Error(`${label}: check outside git differs from check in git`);
    samples.modelNoCache.push(child('poller-index.mjs', root, OFF));
    const modelCache = { TELEGRAM_BOT_LINT_CACHE_DIR: emptyCacheDir() };
    samples.modelCold.push(child('poller-index.mjs', root, modelCache));
    samples.modelWarm.push(child('poller-index.mjs', root, modelCache));
  }
  const wall = (list) => (list.length ? { ms: median(list.map((s) => s.wall)), runsMs: list.map((s) => s.wall), cpuMs: list[0].cpuMs === undefined ? undefined : median(list.map((s) => s.cpuMs)), maxRssKb: Math.max(...list.map((s) => s.maxRssKb ?? 0)) } : undefined);
  const model = (list) => (list.length ? { ms: median(list.map((s) => s.coldMs)), runsMs: list.map((s) => s.coldMs), processWallMs: median(list.map((s) => s.wall)), revalidateMs: median(list.map((s) => s.revalidateMs)), maxRssKb: Math.max(...list.map((s) => s.maxRssKb ?? 0)), filesWithPollers: list[0].filesWithPollers } : undefined);
  // Same-run ratios: each run's check against that run's read-all.
  const ratios = (list, key) => (list.length ? median(list.map((s, i) => s.wall / samples.read[i][key])) : undefined);
  // The same on CPU time (user + system of the whole process, git included): steadier on a loaded machine.
  const cpuRatios = (list) => (list.length && list[0].cpuMs !== undefined && samples.read[0].cpuMs !== undefined ? median(list.map((s, i) => s.cpuMs / samples.read[i].cpuMs)) : undefined);
  return {
    label, root, files: samples.read[0].files, bytes: samples.read[0].bytes, runs,
    readAll: { ms: median(samples.read.map((s) => s.ms)), runsMs: samples.read.map((s) => s.ms), processWallMs: median(samples.read.map((s) => s.wall)), cpuMs: samples.read[0].cpuMs === undefined ? undefined : median(samples.read.map((s) => s.cpuMs)) },
    check: { noCache: wall(samples.checkNoCache), cold: wall(samples.checkCold), warm: wall(samples.checkWarm), noGitCold: wall(samples.noGitCold), noGitWarm: wall(samples.noGitWarm), findings },
    checkVsRead: {
      cold: ratios(samples.checkCold, 'ms'), warm: ratios(samples.checkWarm, 'ms'), noCache: ratios(samples.checkNoCache, 'ms'),
      noGitCold: ratios(samples.noGitCold, 'ms'), noGitWarm: ratios(samples.noGitWarm, 'ms'),
      oldCold: ratios(samples.oldCheckCold, 'ms'), oldWarm: ratios(samples.oldCheckWarm, 'ms'),
      cpu: {
        cold: cpuRatios(samples.checkCold), warm: cpuRatios(samples.checkWarm), noCache: cpuRatios(samples.checkNoCache),
        noGitCold: cpuRatios(samples.noGitCold), noGitWarm: cpuRatios(samples.noGitWarm), oldCold: cpuRatios(samples.oldCheckCold), oldWarm: cpuRatios(samples.oldCheckWarm),
      },
      coldVsReadProcess: ratios(samples.checkCold, 'wall'), warmVsReadProcess: ratios(samples.checkWarm, 'wall'), noCacheVsReadProcess: ratios(samples.checkNoCache, 'wall'),
    },
    ruleModel: { noCache: model(samples.modelNoCache), cold: model(samples.modelCold), warm: model(samples.modelWarm) },
    ...(against
      ? {
          against: { dist: against, check: wall(samples.oldCheck), checkCold: wall(samples.oldCheckCold), checkWarm: wall(samples.oldCheckWarm), ruleModel: model(samples.oldModel) },
          // Same-run ratios against the older build: this build's time / the older one's, per run, median.
          vsAgainst: {
            checkNoCache: median(samples.checkNoCache.map((s, i) => s.wall / samples.oldCheck[i].wall)),
            checkWarm: samples.checkWarm.length ? median(samples.checkWarm.map((s, i) => s.wall / (samples.oldCheckWarm[i] ?? samples.oldCheck[i]).wall)) : undefined,
            checkCold: samples.oldCheckCold.length ? median(samples.checkCold.map((s, i) => s.wall / samples.oldCheckCold[i].wall)) : undefined,
            modelNoCache: median(samples.modelNoCache.map((s, i) => s.coldMs / samples.oldModel[i].coldMs)),
            modelCold: samples.modelCold.length ? median(samples.modelCold.map((s, i) => s.coldMs / samples.oldModel[i].coldMs)) : undefined,
            modelWarm: samples.modelWarm.length ? median(samples.modelWarm.map((s, i) => s.coldMs / samples.oldModel[i].coldMs)) : undefined,
          },
        }
      : {}),
  };
}

const corpora = sizes.map((n) => benchTree(`generated ${n}`, generateCorpus(n)));
if (withNodeModules) corpora.push(benchTree('node_modules copy', nodeModulesCopy()));

const x = (value) => (value === undefined ? '-' : `${value.toFixed(2)}x`);
const t = (value) => (value === undefined ? '-' : ms(value.ms));
const rows = [['corpus', 'files', 'read all (in-process / process)', 'check no cache', 'check cold', 'check warm', 'warm / read all', 'cold / read all', 'check peak RSS', 'rule model: no cache', 'cold cache', 'warm cache', 'model peak RSS']];
for (const c of corpora) {
  rows.push([
    c.label, c.files, `${ms(c.readAll.ms)} / ${ms(c.readAll.processWallMs)}`, t(c.check.noCache), t(c.check.cold), t(c.check.warm),
    `${x(c.checkVsRead.warm)} (${x(c.checkVsRead.warmVsReadProcess)})`, `${x(c.checkVsRead.cold)} (${x(c.checkVsRead.coldVsReadProcess)})`,
    mb(Math.max(c.check.noCache?.maxRssKb ?? 0, c.check.cold?.maxRssKb ?? 0)),
    t(c.ruleModel.noCache), t(c.ruleModel.cold), t(c.ruleModel.warm),
    mb(Math.max(...Object.values(c.ruleModel).filter(Boolean).map((m) => m.maxRssKb))),
  ]);
}
console.log(table(rows));
const cpu = [['corpus', 'read all CPU', 'check CPU: no cache', 'cold', 'warm', 'warm / read all', 'cold / read all', 'no git: warm / read all', 'cold / read all', 'older: warm / read all', 'cold / read all']];
for (const c of corpora) {
  const r = c.checkVsRead.cpu;
  const cpuOf = (w) => (w?.cpuMs === undefined ? '-' : ms(w.cpuMs));
  cpu.push([c.label, ms(c.readAll.cpuMs ?? NaN), cpuOf(c.check.noCache), cpuOf(c.check.cold), cpuOf(c.check.warm), x(r.warm), x(r.cold), x(r.noGitWarm), x(r.noGitCold), x(r.oldWarm), x(r.oldCold)]);
}
console.log('\nCPU time (user + system of each process, children included; read all: its whole process), per-run ratios, median');
console.log(table(cpu));
const noGit = [['corpus', 'check cold, no git', 'check warm, no git', 'warm / read all', 'cold / read all']];
for (const c of corpora) noGit.push([c.label, t(c.check.noGitCold), t(c.check.noGitWarm), x(c.checkVsRead.noGitWarm), x(c.checkVsRead.noGitCold)]);
console.log('\noutside git (GIT_DIR pointing nowhere: the walk and a stat per file, no stored result)');
console.log(table(noGit));
if (against) {
  const old = [['corpus', 'older check (no cache / cold / warm)', 'older warm / read all', 'older cold / read all', 'older rule index/model', 'model no cache / older', 'cold cache / older', 'warm cache / older', 'check no cache / older', 'check cold / older', 'check warm / older']];
  for (const c of corpora) old.push([c.label, [c.against.check, c.against.checkCold, c.against.checkWarm].map(t).join(' / '), x(c.checkVsRead.oldWarm), x(c.checkVsRead.oldCold), t(c.against.ruleModel), x(c.vsAgainst.modelNoCache), x(c.vsAgainst.modelCold), x(c.vsAgainst.modelWarm), x(c.vsAgainst.checkNoCache), x(c.vsAgainst.checkCold), x(c.vsAgainst.checkWarm)]);
  console.log(`\nagainst ${against} (same runs, interleaved; per-run ratios, median)`);
  console.log(table(old));
}
console.log('\n(check: process wall, Node start and module loading included; read all and the rule model: measured inside their child; ratios: per run, against the same run\'s read all in-process (and, in brackets, its process wall), median)');

let freshness;
if (withFreshness && hasCache) {
  const largest = Math.max(...sizes);
  const root = generateCorpus(largest);
  process.stderr.write(`freshness on generated ${largest}…\n`);
  const cacheDir = emptyCacheDir();
  child('poller-index.mjs', root, { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir }); // writes the cache an editor would find
  freshness = { corpus: largest, ...child('freshness.mjs', root, { TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir }, [String(Math.max(runs, 3))]) };
  const fresh = [['after a save of…', 'save → model shows it (median)', 'runs', 'lints it took']];
  const names = { relevantSaved: 'a file that matters', openSaved: 'the open (linted) file', newFile: 'a new file', removedFile: 'a removed file', unwatchedSaved: 'a file that does not matter, edited outside the editor', idleCheck: 'nothing (a lint after a pause)', busyCheck: 'nothing (back-to-back lint)' };
  for (const [key, name] of Object.entries(names)) fresh.push([name, ms(freshness[key].ms), freshness[key].runsMs.map((v) => v.toFixed(0)).join(', '), freshness[key].lints ?? '-']);
  console.log(`\nfreshness on generated ${largest} (model built in ${ms(freshness.buildMs)} from the cache; lints 150 ms apart)`);
  console.log(table(fresh));
}
writeResults('check', { corpora, freshness });

// Lint time of the rules against the floor, in one process, interleaved runs, median.
//   floor        the same ESLint run with ONE rule that does nothing (a tiny local plugin):
//                parse, scope analysis and traversal cost the same as with any rule
//   recommended  telegramBot.configs.recommended (no options: the project model is on), with
//                the persistent cache empty (cold: the first run in a fresh checkout, or CI)
//   warm         the same with the cache the cold run left (every later run on a project)
//   owners       recommended + no-duplicate-poller with owners (as in example/backend), cold
//   restricted   the no-restricted-syntax selector a user would write instead
// Every run builds the rules' project model anew (as a new ESLint process does); the cache lives
// in a temp folder (TELEGRAM_BOT_LINT_CACHE_DIR): a real project has node_modules to hold it.
// Per-rule times come from ESLint's `stats: true` (extra runs per config, median).
// Options: --corpus 1000 (generated size) --runs 5 --nm 1000 (node_modules files, 0 to skip)
//          --stats-runs 3 (stats runs per config)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { generateCorpus, listTree, nodeModulesCopy } from './corpus.mjs';
import { distDir, median, ms, option, ratio, require, requireBuilt, table, writeResults } from './lib.mjs';

requireBuilt();
const { ESLint } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const plugin = require(path.join(distDir, 'src', 'index.js'));
const { clearProjectModels } = require(path.join(distDir, 'src', 'project', 'live.js'));
const { closeProjectCaches, openProjectCache } = require(path.join(distDir, 'src', 'project', 'cache.js'));

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'telegram-bench-rules-cache-'));
process.env.TELEGRAM_BOT_LINT_CACHE_DIR = cacheDir;
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));
/** Which configs start from an empty persistent cache (the others find what the last run saved). */
const COLD = new Set(['recommended', 'owners']);

const corpusSize = Number(option('corpus', '1000'));
const runs = Number(option('runs', '5'));
const nmCount = Number(option('nm', '1000'));
const statsRuns = Number(option('stats-runs', '3'));

const noopPlugin = { meta: { name: 'bench-noop' }, rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };

const RESTRICTED_SELECTOR = "NewExpression[callee.name=/^(TelegramBot|Telegraf|Bot)$/]";

function configs(root) {
  const base = [
    { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], languageOptions: { ecmaVersion: 'latest' } },
    { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ];
  return {
    floor: [...base, { plugins: { bench: noopPlugin }, rules: { 'bench/noop': 'error' } }],
    recommended: [...base, ...plugin.configs.recommended],
    warm: [...base, ...plugin.configs.recommended],
    owners: [
      ...base,
      ...plugin.configs.recommended,
      {
        rules: {
          'telegram-bot/no-duplicate-poller': ['error', {
            owners: [
              { module: path.join(root, 'src/services/telegramBot.ts'), token: 'TELEGRAM_BOT_TOKEN' },
              { module: path.join(root, 'src/services/iaeAgentBot.ts'), token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
              { module: path.join(root, 'src/modules/support/*.ts'), token: 'SUPPORT_BOT_TOKEN', export: 'supportBot' },
            ],
          }],
          'telegram-bot/no-polling-on-import': ['error', { entries: [path.join(root, 'src/server.ts'), path.join(root, 'src/scripts/**')] }],
        },
      },
    ],
    restricted: [...base, { rules: { 'no-restricted-syntax': ['error', { selector: RESTRICTED_SELECTOR, message: 'Import the shared bot instead.' }] } }],
  };
}

async function lintOnce(root, patterns, config, stats = false, cold = true) {
  clearProjectModels(); // every run builds the rules' project model anew, as a new process does
  closeProjectCaches(); // … and reads the persistent cache from disk
  if (cold) for (const name of readdirSync(cacheDir)) rmSync(path.join(cacheDir, name), { force: true });
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, stats, cache: false, errorOnUnmatchedPattern: false });
  const start = performance.now();
  const results = await eslint.lintFiles(patterns);
  const wall = performance.now() - start;
  // What a process writes at exit (or a second after its last change), outside the timed run.
  openProjectCache(root)?.save();
  return { wall, results };
}

function ruleTimes(results) {
  const totals = {};
  for (const result of results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) totals[rule] = (totals[rule] ?? 0) + time.total;
    }
  }
  const parse = results.reduce((sum, r) => sum + (r.stats?.times?.passes ?? []).reduce((s, p) => s + (p.parse?.total ?? 0), 0), 0);
  return { rules: totals, parse };
}

async function benchCorpus(label, root, patterns) {
  const all = configs(root);
  const names = Object.keys(all);
  const walls = Object.fromEntries(names.map((n) => [n, []]));
  const messages = {};
  // One warm-up each (JIT, parser loading), then interleaved runs so drift hits every config alike.
  for (const name of names) {
    const { results } = await lintOnce(root, patterns, all[name], false, COLD.has(name));
    messages[name] = results.reduce((sum, r) => sum + r.messages.length, 0);
    const fatal = results.filter((r) => r.messages.some((m) => m.fatal));
    if (fatal.length) messages[`${name}:fatal`] = fatal.length;
  }
  for (let run = 0; run < runs; run++) {
    // Rotate the order each round so that drift (JIT, heap growth) favours no config.
    for (let k = 0; k < names.length; k++) {
      const name = names[(run + k) % names.length];
      globalThis.gc?.();
      walls[name].push((await lintOnce(root, patterns, all[name], false, COLD.has(name))).wall);
    }
  }
  // Per-rule times: the median of statsRuns stats runs per config (one run's figure moves by a
  // third from one run to the next on a shared machine).
  const statsSamples = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run < statsRuns; run++) {
    for (const name of names) statsSamples[name].push(ruleTimes((await lintOnce(root, patterns, all[name], true, COLD.has(name))).results));
  }
  const perRule = {};
  for (const name of names) {
    const ruleNames = [...new Set(statsSamples[name].flatMap((sample) => Object.keys(sample.rules)))];
    perRule[name] = {
      rules: Object.fromEntries(ruleNames.map((rule) => [rule, median(statsSamples[name].map((sample) => sample.rules[rule] ?? 0))])),
      parse: median(statsSamples[name].map((sample) => sample.parse)),
      samples: statsSamples[name].map((sample) => sample.rules),
    };
  }
  const floor = median(walls.floor);
  const rows = [['config', 'median', 'min', 'max', 'vs floor (median)', 'vs floor (min)', 'messages']];
  const summary = {};
  for (const name of names) {
    const m = median(walls[name]);
    const min = Math.min(...walls[name]);
    summary[name] = { medianMs: m, minMs: min, maxMs: Math.max(...walls[name]), runsMs: walls[name], ratioMedian: m / floor, ratioMin: min / Math.min(...walls.floor), messages: messages[name] };
    rows.push([name, ms(m), ms(min), ms(Math.max(...walls[name])), ratio(m / floor), ratio(min / Math.min(...walls.floor)), messages[name]]);
  }
  console.log(`\n${label}: ${runs} runs per config, interleaved`);
  console.log(table(rows));
  const ruleRows = [['config', 'rule', 'total (stats)', 'per file', 'share of floor wall']];
  for (const name of names) {
    for (const [rule, total] of Object.entries(perRule[name].rules)) {
      ruleRows.push([name, rule, ms(total), `${((total * 1000) / patternsCount(patterns)).toFixed(1)} µs`, `${((total / floor) * 100).toFixed(2)}%`]);
    }
  }
  for (const name of names) {
    if (name === 'floor') continue;
    const total = Object.values(perRule[name].rules).reduce((sum, time) => sum + time, 0);
    ruleRows.push([name, '(all rules)', ms(total), `${((total * 1000) / patternsCount(patterns)).toFixed(1)} µs`, `${((total / floor) * 100).toFixed(2)}%`]);
  }
  console.log(`\nper-rule times (ESLint stats, median of ${statsRuns} runs per config)`);
  console.log(table(ruleRows));
  return { label, root, files: patternsCount(patterns), runs, configs: summary, perRule };
}

const patternsCount = (patterns) => patterns.length;

const out = { restrictedSelector: RESTRICTED_SELECTOR, corpora: [] };
const generated = generateCorpus(corpusSize);
const genFiles = listTree(generated);
out.corpora.push(await benchCorpus(`generated backend, ${genFiles.length} files`, generated, genFiles));

if (nmCount > 0) {
  // A deterministic sample of the real node_modules sources (JavaScript, under 200 kB each).
  const copy = nodeModulesCopy();
  const candidates = listTree(copy).filter((f) => /\.(?:c|m)?js$/.test(f) && statSync(f).size < 200_000);
  const step = Math.max(1, Math.floor(candidates.length / nmCount));
  const sample = candidates.filter((_, i) => i % step === 0).slice(0, nmCount);
  const telegram = sample.filter((f) => /node-telegram-bot-api|telegraf|grammy/.test(readFileSync(f, 'utf8'))).length;
  out.corpora.push({ ...(await benchCorpus(`node_modules sample, ${sample.length} JS files (${telegram} name a bot library)`, copy, sample)), telegramFiles: telegram });
}
writeResults('rules', out);

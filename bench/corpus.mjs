// The bench corpora.
//  - generateCorpus(n): a deterministic backend of n TS/JS files (features with services,
//    controllers, repositories, routes, tests, some CommonJS .js), 50-300 lines each for most,
//    plus a handful of Telegram modules: example/backend's (owner + two duplicate pollers, a
//    second bot, a send-only script) and a few more (a grammY bot and a CommonJS duplicate, a
//    send-only telegraf notifier, a type-only import). Cached under the temp folder, git-committed.
//  - nodeModulesFiles(): the real JS/TS sources of the installed node_modules (read only), and
//    nodeModulesCopy(): a copy of them in a temp tree for commands that walk or write.
// Run directly (`npm run bench:corpus`) it builds them and prints their sizes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ms, option, repoRoot, table, writeResults } from './lib.mjs';

const GENERATOR_VERSION = 3;
const COPY_VERSION = 4;
export const DEFAULT_SEED = 8;
export const benchTmp = path.join(os.tmpdir(), 'eslint-plugin-telegram-bot-bench');

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

export const NOUNS = ['user', 'order', 'invoice', 'payment', 'product', 'cart', 'session', 'report', 'ticket', 'team', 'project',
  'task', 'comment', 'upload', 'audit', 'metric', 'shipment', 'coupon', 'review', 'account', 'webhook', 'tenant', 'plan',
  'schedule', 'message', 'device', 'address', 'refund', 'warehouse', 'forecast'];
const VERBS = ['find', 'create', 'update', 'remove', 'list', 'sync', 'validate', 'normalize', 'export', 'import', 'archive',
  'restore', 'notify', 'compute', 'merge', 'resolve', 'refresh', 'load', 'save', 'count'];
const FIELDS = ['id', 'name', 'email', 'status', 'createdAt', 'updatedAt', 'total', 'currency', 'ownerId', 'tags', 'note',
  'priority', 'dueAt', 'quantity', 'price', 'locale', 'version', 'deletedAt', 'source', 'region'];
const PACKAGES = ["import express from 'express';", "import { z } from 'zod';", "import dayjs from 'dayjs';",
  "import { Pool } from 'pg';", "import Redis from 'ioredis';", "import axios from 'axios';", "import { randomUUID } from 'node:crypto';",
  "import path from 'node:path';", "import { readFile } from 'node:fs/promises';", "import { EventEmitter } from 'node:events';"];

export const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** One chunk of ordinary server code (several lines), TypeScript or JavaScript. */
function chunk(r, ts, noun) {
  const verb = r.pick(VERBS);
  const other = r.pick(NOUNS);
  const fields = Array.from({ length: r.int(2, 6) }, () => r.pick(FIELDS));
  const t = (type) => (ts ? `: ${type}` : '');
  const name = `${verb}${cap(other)}${r.int(1, 99)}`;
  switch (r.int(0, 6)) {
    case 0:
      return [
        `export async function ${name}(id${t('string')}, options${t('{ force?: boolean }')} = {})${t(`Promise<${cap(noun)}Record | null>`)} {`,
        `  const started = Date.now();`,
        `  try {`,
        `    const row = await db.query('SELECT ${fields.join(', ')} FROM ${other}s WHERE id = $1', [id]);`,
        `    if (!row && !options.force) {`,
        `      logger.warn('${other} %s not found', id);`,
        `      return null;`,
        `    }`,
        `    return { ...row, fetchedIn: Date.now() - started }${ts ? ` as ${cap(noun)}Record` : ''};`,
        `  } catch (error) {`,
        `    logger.error({ err: error, id }, 'failed to ${verb} ${other}');`,
        `    throw error;`,
        `  }`,
        `}`,
        ``,
      ];
    case 1:
      return [
        `export function ${name}(input${t('Record<string, unknown>')})${t('string[]')} {`,
        `  const problems${t('string[]')} = [];`,
        ...fields.flatMap((field) => [
          `  if (input.${field} === undefined || input.${field} === null) {`,
          `    problems.push('${field} is required');`,
          `  } else if (typeof input.${field} === 'string' && input.${field}.length > ${r.int(16, 512)}) {`,
          `    problems.push('${field} is too long');`,
          `  }`,
        ]),
        `  return problems;`,
        `}`,
        ``,
      ];
    case 2:
      return [
        `export const ${name} = (rows${t(`${cap(noun)}Record[]`)}) =>`,
        `  rows`,
        `    .filter((row) => row.${fields[0]} !== undefined && !row.deletedAt)`,
        `    .map((row) => ({`,
        ...fields.map((field) => `      ${field}: row.${field},`),
        `      label: \`\${row.${fields[0]}} (${other})\`,`,
        `    }))`,
        `    .sort((a, b) => String(a.${fields[1] ?? fields[0]}).localeCompare(String(b.${fields[1] ?? fields[0]})));`,
        ``,
      ];
    case 3:
      return [
        `export class ${cap(name)}Cache {`,
        `  ${ts ? 'private readonly ' : ''}entries = new Map${ts ? '<string, { value: unknown; expires: number }>' : ''}();`,
        ``,
        `  get(key${t('string')})${t('unknown')} {`,
        `    const entry = this.entries.get(key);`,
        `    if (!entry || entry.expires < Date.now()) return undefined;`,
        `    return entry.value;`,
        `  }`,
        ``,
        `  set(key${t('string')}, value${t('unknown')}, ttlMs = ${r.int(1, 60) * 1000})${t('void')} {`,
        `    this.entries.set(key, { value, expires: Date.now() + ttlMs });`,
        `    if (this.entries.size > ${r.int(100, 5000)}) this.entries.delete(this.entries.keys().next().value${ts ? ' as string' : ''});`,
        `  }`,
        `}`,
        ``,
      ];
    case 4:
      return [
        `const ${name.toUpperCase()}_DEFAULTS = {`,
        ...fields.map((field) => `  ${field}: ${r.chance(0.5) ? `'${r.pick(NOUNS)}-${r.int(1, 9999)}'` : r.int(0, 100000)},`),
        `  retries: ${r.int(1, 5)},`,
        `  timeoutMs: ${r.int(1, 30) * 1000},`,
        `  cron: '${r.int(0, 59)} ${r.int(0, 23)} * * *',`,
        `};`,
        ``,
      ];
    case 5:
      return [
        `export async function ${name}Handler(req${t('Request')}, res${t('Response')})${t('Promise<void>')} {`,
        `  const page = Number(req.query?.page ?? 1);`,
        `  const limit = Math.min(Number(req.query?.limit ?? 20), 100);`,
        `  const items = await ${noun}Repository.list({ offset: (page - 1) * limit, limit });`,
        `  if (items.length === 0 && page > 1) {`,
        `    res.status(404).json({ error: 'page ${'${page}'} out of range' });`,
        `    return;`,
        `  }`,
        `  res.setHeader('Cache-Control', 'private, max-age=${r.int(0, 600)}');`,
        `  res.json({ page, limit, items });`,
        `}`,
        ``,
      ];
    default:
      return [
        `// ${cap(verb)} ${other}s in batches of ${r.int(10, 500)} so a large tenant does not block the event loop.`,
        `export async function ${name}Batch(ids${t('readonly string[]')}, worker${t('(id: string) => Promise<void>')})${t('Promise<number>')} {`,
        `  let done = 0;`,
        `  for (let i = 0; i < ids.length; i += ${r.int(10, 500)}) {`,
        `    const slice = ids.slice(i, i + ${r.int(10, 500)});`,
        `    await Promise.all(slice.map(async (id) => {`,
        `      await worker(id);`,
        `      done += 1;`,
        `    }));`,
        `    await new Promise((resolve) => setImmediate(resolve));`,
        `  }`,
        `  return done;`,
        `}`,
        ``,
      ];
  }
}

function fileLines(r) {
  // Most files 50-300 lines, skewed small; 3% larger (300-1200).
  return r.chance(0.03) ? r.int(300, 1200) : 50 + Math.floor(250 * r.next() ** 1.6);
}

export function sourceFile(r, { ts, noun, imports }) {
  const target = fileLines(r);
  const lines = [`// ${cap(noun)} module: generated bench corpus file.`];
  if (ts) {
    lines.push(...imports.map((i) => `import { ${i.names.join(', ')} } from '${i.from}';`));
    lines.push(r.pick(PACKAGES), "import { logger } from '../../lib/logger';", "import { db } from '../../lib/db';");
    lines.push(`import type { ${cap(noun)}Record } from './${noun}.types';`, '');
  } else {
    lines.push("'use strict';", '');
    lines.push(...imports.map((i) => `const { ${i.names.join(', ')} } = require('${i.from}');`));
    lines.push("const { logger } = require('../../lib/logger');", "const { db } = require('../../lib/db');", '');
  }
  while (lines.length < target) lines.push(...chunk(r, ts, noun));
  let text = lines.join('\n');
  if (!ts) text = text.replace(/^export (async function|function|const|class) /gm, '$1 ') + '\nmodule.exports = {};\n';
  return `${text}\n`;
}

export const LIB_FILES = {
  'src/lib/logger.ts': "export const logger = {\n  info: (...args: unknown[]) => console.log(...args),\n  warn: (...args: unknown[]) => console.warn(...args),\n  error: (...args: unknown[]) => console.error(...args),\n};\n",
  'src/lib/db.ts': "export const db = {\n  async query(sql: string, params: unknown[] = []): Promise<any> {\n    return { sql, params };\n  },\n};\n",
};

/** The Telegram modules: example/backend's files and a few more, at fixed paths. */
function telegramFiles(n) {
  const example = path.join(repoRoot, 'example', 'backend');
  const files = {};
  for (const rel of ['src/server.ts', 'src/services/telegramBot.ts', 'src/routes/telegram.ts', 'src/config/telegram-service.ts',
    'src/services/iaeAgentBot.ts', 'src/scripts/send-daily-report.ts']) {
    files[rel] = readFileSync(path.join(example, rel), 'utf8');
  }
  if (n >= 1000) {
    files['src/modules/support/bot.ts'] =
      "import { Bot } from 'grammy';\n\nexport const supportBot = new Bot(process.env.SUPPORT_BOT_TOKEN ?? '');\n\nsupportBot.command('start', (ctx) => ctx.reply('Hi, how can we help?'));\n\nexport function startSupportBot(): void {\n  void supportBot.start();\n}\n";
    files['src/workers/support-worker.js'] =
      "'use strict';\n// Legacy worker: polls the support bot again (a duplicate).\nconst { Bot } = require('grammy');\n\nconst bot = new Bot(process.env.SUPPORT_BOT_TOKEN);\nbot.on('message', (ctx) => ctx.reply('queued'));\nbot.start();\n";
    files['src/modules/alerts/telegram-notify.ts'] =
      "import { Telegraf } from 'telegraf';\n\nconst alerts = new Telegraf(process.env.ALERT_BOT_TOKEN as string);\n\nexport async function alert(chatId: number, text: string): Promise<void> {\n  await alerts.telegram.sendMessage(chatId, `[alert] ${text}`);\n}\n";
    files['src/modules/alerts/telegram.types.ts'] =
      "import type TelegramBot from 'node-telegram-bot-api';\n\nexport type TelegramMessage = TelegramBot.Message;\nexport interface AlertTarget {\n  chatId: number;\n  topicId?: number;\n}\n";
  }
  return files;
}

/** Builds (or reuses) the corpus of `n` files; returns its root. Deterministic for (n, seed). */
export function generateCorpus(n, { seed = DEFAULT_SEED, git = true } = {}) {
  const root = path.join(benchTmp, `corpus-${n}-s${seed}-v${GENERATOR_VERSION}`);
  const marker = path.join(root, '.bench-complete');
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  const r = rng(seed * 7919 + n);
  const files = { ...LIB_FILES, ...telegramFiles(n) };
  const fixed = Object.keys(files).length;
  let feature = 0;
  while (Object.keys(files).length < n) {
    const noun = `${NOUNS[feature % NOUNS.length]}${Math.floor(feature / NOUNS.length) || ''}`;
    const dir = `src/modules/${noun}`;
    const ts = r.chance(0.8);
    const ext = ts ? 'ts' : 'js';
    const add = (rel, text) => {
      if (Object.keys(files).length < n) files[rel] = text;
    };
    add(`${dir}/${noun}.types.ts`, `export interface ${cap(noun)}Record {\n${FIELDS.map((f) => `  ${f}?: ${f.endsWith('At') ? 'Date' : 'string'};`).join('\n')}\n}\n`);
    add(`${dir}/${noun}.repository.${ext}`, sourceFile(r, { ts, noun, imports: [] }));
    add(`${dir}/${noun}.service.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Repository`], from: `./${noun}.repository` }] }));
    add(`${dir}/${noun}.controller.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Service`], from: `./${noun}.service` }] }));
    add(`${dir}/${noun}.routes.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Controller`], from: `./${noun}.controller` }] }));
    if (r.chance(0.6)) add(`${dir}/${noun}.utils.${ext}`, sourceFile(r, { ts, noun, imports: [] }));
    if (r.chance(0.5)) add(`${dir}/${noun}.test.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Service`], from: `./${noun}.service` }] }));
    add(`${dir}/index.${ext}`, ts ? `export * from './${noun}.service';\nexport * from './${noun}.controller';\n` : `module.exports = { ...require('./${noun}.service'), ...require('./${noun}.controller') };\n`);
    feature++;
  }
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: `bench-backend-${n}`, private: true, main: 'src/server.ts', scripts: { start: 'tsx src/server.ts', report: 'tsx src/scripts/send-daily-report.ts' } }, null, 2)}\n`);
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n.bench-complete\n');
  if (git) gitCommit(root);
  writeFileSync(marker, JSON.stringify({ n, seed, fixed }));
  return root;
}

export function gitCommit(root) {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };
  execFileSync('git', ['init', '-q'], { cwd: root, env });
  execFileSync('git', ['add', '-A'], { cwd: root, env });
  execFileSync('git', ['commit', '-q', '-m', 'corpus'], { cwd: root, env });
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Every JS/TS source of the installed node_modules (declaration files left out). */
export function nodeModulesFiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile() && SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) found.push(abs);
    }
  };
  walk(path.join(repoRoot, 'node_modules'));
  return found.sort();
}

/**
 * A copy of the node_modules sources in a temp tree, git-committed, for commands that walk a
 * project (they skip folders named node_modules, dist, build…, so those segments are renamed).
 */
export function nodeModulesCopy() {
  const root = path.join(benchTmp, `node-modules-copy-v${COPY_VERSION}`);
  const marker = path.join(root, '.bench-complete');
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  const base = path.join(repoRoot, 'node_modules');
  const renamed = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.history', '.git', 'test', 'tests', '__tests__']);
  let count = 0;
  for (const file of nodeModulesFiles()) {
    const rel = path.relative(base, file).split(path.sep).map((part) => (renamed.has(part) ? `${part}_` : part)).join('/');
    const target = path.join(root, 'pkgs', rel);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
    count++;
  }
  // An owner module, so that `migrate --owner app/telegramBot.ts` has something to migrate to.
  mkdirSync(path.join(root, 'app'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'example/backend/src/services/telegramBot.ts'), path.join(root, 'app/telegramBot.ts'));
  writeFileSync(path.join(root, 'package.json'), '{ "name": "bench-node-modules-copy", "private": true }\n');
  writeFileSync(path.join(root, '.gitignore'), '.bench-complete\n');
  gitCommit(root);
  writeFileSync(marker, JSON.stringify({ count }));
  return root;
}

/** Files of a tree (not .git), with total bytes and lines. */
export function treeStats(root, files) {
  const list = files ?? listTree(root);
  let bytes = 0;
  let lines = 0;
  const perFile = [];
  for (const file of list) {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    const count = text.split('\n').length;
    lines += count;
    perFile.push(count);
  }
  perFile.sort((a, b) => a - b);
  const q = (p) => perFile[Math.min(perFile.length - 1, Math.floor(p * perFile.length))] ?? 0;
  return { files: list.length, bytes, lines, linesP10: q(0.1), linesMedian: q(0.5), linesP90: q(0.9), linesMax: perFile.at(-1) ?? 0 };
}

export function listTree(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (SOURCE.test(entry.name)) found.push(abs);
    }
  };
  walk(root);
  return found.sort();
}

async function main() {
  const sizes = (option('sizes', '1000,5000,20000')).split(',').map(Number);
  const rows = [['corpus', 'files', 'MB', 'lines', 'lines p10/median/p90/max', 'telegram files', 'build']];
  const results = [];
  for (const n of sizes) {
    const start = performance.now();
    const root = generateCorpus(n);
    const took = performance.now() - start;
    const stats = treeStats(root);
    const telegram = listTree(root).filter((f) => /node-telegram-bot-api|telegraf|grammy/.test(readFileSync(f, 'utf8'))).length;
    results.push({ corpus: `generated-${n}`, root, ...stats, telegramFiles: telegram, buildMs: took });
    rows.push([`generated ${n}`, stats.files, (stats.bytes / 1e6).toFixed(1), stats.lines, `${stats.linesP10}/${stats.linesMedian}/${stats.linesP90}/${stats.linesMax}`, telegram, ms(took)]);
  }
  const start = performance.now();
  const copy = nodeModulesCopy();
  const took = performance.now() - start;
  const files = nodeModulesFiles();
  const stats = treeStats(copy, files);
  const telegram = files.filter((f) => /node-telegram-bot-api|telegraf|grammy/.test(readFileSync(f, 'utf8'))).length;
  results.push({ corpus: 'node_modules', root: copy, ...stats, telegramFiles: telegram, buildMs: took });
  rows.push(['node_modules (copy)', stats.files, (stats.bytes / 1e6).toFixed(1), stats.lines, `${stats.linesP10}/${stats.linesMedian}/${stats.linesP90}/${stats.linesMax}`, telegram, ms(took)]);
  console.log(table(rows));
  writeResults('corpus', { corpora: results });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();

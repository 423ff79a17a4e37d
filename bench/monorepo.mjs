// `check` on generated workspaces monorepos (npm workspaces, with node_modules links as npm
// makes them) of 25k, 50k and 100k files: wall time, peak RSS, findings, and time per file to
// show how it grows. Several apps and shared packages; the bots live in a shared package that
// the apps import by name (`@bench/bots`, `@bench/bots/poller`), its package.json pointing at
// dist/ and its tsconfig saying dist/ is built from src/. The findings are known in advance:
//   - two apps start the shared bot (SUPPORT_BOT_TOKEN)              → multi-process
//   - two apps import the shared module that polls at import          → multi-process, polling-on-import
//   - every app starts a bot of the shared factory with its own token → nothing (other bots)
//   - one app only sends with the shared bot                          → nothing
// so a run whose findings differ fails. Each size is its own tree, cached under the temp folder.
//   read all   walk the tree and read every file (the floor), in a child process
//   check      `eslint-plugin-telegram-bot check --json --no-cache`, a child process: its wall
//              time, and its CPU time (user + sys), which a loaded machine disturbs far less
// Options: --sizes 25000,50000,100000 --runs 1 --seed 8
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { benchTmp, cap, DEFAULT_SEED, gitCommit, LIB_FILES, NOUNS, rng, sourceFile } from './corpus.mjs';
import { benchDir, binPath, distDir, mb, measure, median, ms, option, requireBuilt, table, writeResults } from './lib.mjs';

const hasGnuTime = existsSync('/usr/bin/time');

/** `check` in a child: wall, CPU (user + sys, from GNU time, or a wrapper's resourceUsage) and peak RSS. */
function runCheck(root) {
  const env = { ...process.env, TELEGRAM_BOT_LINT_CACHE: 'off' };
  const args = [binPath, 'check', '--json', '--no-cache'];
  const command = hasGnuTime ? ['/usr/bin/time', ['-f', '__usage=%U %S %M', process.execPath, ...args]] : [process.execPath, [path.join(benchDir, 'child', 'usage.mjs'), ...args]];
  const start = performance.now();
  const result = spawnSync(command[0], command[1], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - start;
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1) throw new Error(`check exited ${result.status}\n${result.stderr.slice(-2000)}`);
  const usage = /__usage=([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  if (!usage) throw new Error(`no resource usage from the check child:\n${result.stderr.slice(-2000)}`);
  return { wall, cpuMs: (Number(usage[1]) + Number(usage[2])) * 1000, maxRssKb: Number(usage[3]), stdout: result.stdout };
}

const GENERATOR_VERSION = 1;
const SCOPE = '@bench';
const APPS = ['api', 'worker', 'jobs', 'cron', 'admin', 'notifier', 'billing', 'gateway'];
const SHARED = ['db', 'utils', 'auth', 'events', 'config', 'validation'];
/** Share of the generated feature files that go to the shared packages (the rest to the apps). */
const SHARED_SHARE = 0.15;

/** The findings every generated tree must give, whatever its size. */
export const EXPECTED_FINDINGS = [
  { kind: 'multi-process', token: 'SUPPORT_BOT_TOKEN' },
  { kind: 'multi-process', token: 'ALERTS_BOT_TOKEN' },
  { kind: 'polling-on-import', token: 'ALERTS_BOT_TOKEN' },
];

const json = (data) => `${JSON.stringify(data, null, 2)}\n`;
const TSCONFIG = json({ compilerOptions: { outDir: 'dist', rootDir: 'src', module: 'commonjs', target: 'es2022', strict: true } });

const BOT_FILES = {
  'src/index.ts': "export { supportBot } from './support';\nexport { makeBot } from './factory';\n",
  'src/support.ts': "import { Telegraf } from 'telegraf';\n\nexport const supportBot = new Telegraf(process.env.SUPPORT_BOT_TOKEN as string);\n\nsupportBot.command('help', (ctx) => ctx.reply('How can we help?'));\n",
  'src/factory.ts': "import { Bot } from 'grammy';\n\n/** One bot per token: each app passes its own. */\nexport function makeBot(token: string): Bot {\n  const bot = new Bot(token);\n  bot.command('ping', (ctx) => ctx.reply('pong'));\n  return bot;\n}\n",
  'src/poller.ts': "import { Telegraf } from 'telegraf';\n\n// Polls as soon as it is imported.\nexport const alertsBot = new Telegraf(process.env.ALERTS_BOT_TOKEN as string);\nvoid alertsBot.launch();\n",
};

/** What each app's main module does with the shared bots. */
function appBotLines(app) {
  const own = `void makeBot(process.env.${app.toUpperCase()}_BOT_TOKEN as string).start();`;
  switch (app) {
    case 'api':
    case 'worker':
      return [`import { makeBot, supportBot } from '${SCOPE}/bots';`, '', 'void supportBot.launch();', own];
    case 'jobs':
    case 'cron':
      return [`import '${SCOPE}/bots/poller';`, `import { makeBot } from '${SCOPE}/bots';`, '', own];
    case 'notifier':
      return [`import { supportBot } from '${SCOPE}/bots';`, '', "export async function notify(chatId: number, text: string): Promise<void> {", '  await supportBot.telegram.sendMessage(chatId, text);', '}'];
    default:
      return [`import { makeBot } from '${SCOPE}/bots';`, '', own];
  }
}

/** Builds (or reuses) the monorepo of about `n` source files; returns its root. Deterministic for (n, seed). */
export function generateMonorepo(n, { seed = DEFAULT_SEED } = {}) {
  const root = path.join(benchTmp, `monorepo-${n}-s${seed}-v${GENERATOR_VERSION}`);
  const marker = path.join(root, '.bench-complete');
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  const r = rng(seed * 104729 + n);
  const files = new Map();
  let sources = 0;
  const add = (rel, text) => {
    if (!files.has(rel) && /\.[jt]s$/.test(rel)) sources++;
    files.set(rel, text);
  };
  const packages = [
    ...APPS.map((name) => ({ name, dir: `apps/${name}`, app: true })),
    ...SHARED.map((name) => ({ name, dir: `packages/${name}`, app: false })),
    { name: 'bots', dir: 'packages/bots', app: false },
  ];
  const features = new Map(packages.map((item) => [item.name, []]));
  for (const item of packages) {
    const manifest = { name: `${SCOPE}/${item.name}`, version: '1.0.0', private: true };
    if (item.app) {
      manifest.scripts = { build: 'tsc -p tsconfig.json', start: 'node dist/main.js' };
      manifest.dependencies = Object.fromEntries([...SHARED, 'bots'].map((name) => [`${SCOPE}/${name}`, '1.0.0']));
    } else if (item.name === 'bots') {
      manifest.exports = { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './poller': { types: './dist/poller.d.ts', default: './dist/poller.js' } };
    } else {
      Object.assign(manifest, { main: 'dist/index.js', types: 'dist/index.d.ts' });
    }
    add(`${item.dir}/package.json`, json(manifest));
    add(`${item.dir}/tsconfig.json`, TSCONFIG);
    if (item.name === 'bots') {
      for (const [rel, text] of Object.entries(BOT_FILES)) add(`${item.dir}/${rel}`, text);
    } else {
      for (const [rel, text] of Object.entries(LIB_FILES)) add(`${item.dir}/${rel}`, text);
    }
  }
  // Features (a folder of services, controllers, repositories…) dealt to the apps and shared packages in turn.
  const apps = packages.filter((item) => item.app);
  const shared = packages.filter((item) => !item.app && item.name !== 'bots');
  let feature = 0;
  while (sources < n) {
    const owner = r.chance(SHARED_SHARE) ? shared[feature % shared.length] : apps[feature % apps.length];
    const noun = `${NOUNS[feature % NOUNS.length]}${Math.floor(feature / NOUNS.length) || ''}`;
    const dir = `${owner.dir}/src/modules/${noun}`;
    const ts = r.chance(0.8);
    const ext = ts ? 'ts' : 'js';
    const put = (rel, text) => {
      if (sources < n) add(rel, text);
    };
    // Half the services use a shared package by its name, as apps in a monorepo do.
    const sharedImport = owner.app && r.chance(0.5) ? [{ names: [`${r.pick(NOUNS)}Helper`], from: `${SCOPE}/${r.pick(SHARED)}` }] : [];
    put(`${dir}/${noun}.types.ts`, `export interface ${cap(noun)}Record {\n  id: string;\n  name?: string;\n  createdAt?: Date;\n}\n`);
    put(`${dir}/${noun}.repository.${ext}`, sourceFile(r, { ts, noun, imports: [] }));
    put(`${dir}/${noun}.service.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Repository`], from: `./${noun}.repository` }, ...sharedImport] }));
    put(`${dir}/${noun}.controller.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Service`], from: `./${noun}.service` }] }));
    put(`${dir}/${noun}.routes.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Controller`], from: `./${noun}.controller` }] }));
    if (r.chance(0.5)) put(`${dir}/${noun}.test.${ext}`, sourceFile(r, { ts, noun, imports: [{ names: [`${noun}Service`], from: `./${noun}.service` }] }));
    put(`${dir}/index.${ext}`, ts ? `export * from './${noun}.service';\nexport * from './${noun}.controller';\n` : `module.exports = { ...require('./${noun}.service'), ...require('./${noun}.controller') };\n`);
    features.get(owner.name).push(noun);
    feature++;
  }
  for (const item of packages) {
    const nouns = features.get(item.name);
    if (item.app) {
      add(`${item.dir}/src/main.ts`, [...appBotLines(item.name), '', ...nouns.map((noun) => `import './modules/${noun}';`), ''].join('\n'));
    } else if (item.name !== 'bots') {
      add(`${item.dir}/src/index.ts`, `${nouns.map((noun) => `export * from './modules/${noun}';`).join('\n')}\nexport const ${item.name}Ready = true;\n`);
    }
  }
  for (const [rel, text] of files) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  writeFileSync(path.join(root, 'package.json'), json({ name: `bench-monorepo-${n}`, private: true, workspaces: ['apps/*', 'packages/*'] }));
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\ndist/\n.bench-complete\n');
  // The links `npm install` makes for workspace packages.
  mkdirSync(path.join(root, 'node_modules', SCOPE), { recursive: true });
  for (const item of packages) symlinkSync(path.join('..', '..', item.dir), path.join(root, 'node_modules', SCOPE, item.name), 'dir');
  gitCommit(root);
  writeFileSync(marker, JSON.stringify({ n, seed, sources }));
  return root;
}

function summarize(findings) {
  return findings.map(({ kind, token }) => ({ kind, token }));
}

async function main() {
  requireBuilt();
  const sizes = option('sizes', '25000,50000,100000').split(',').map(Number);
  const runs = Number(option('runs', '1'));
  const seed = Number(option('seed', String(DEFAULT_SEED)));
  const results = [];
  for (const n of sizes) {
    process.stderr.write(`monorepo ${n}: generating…\n`);
    const started = performance.now();
    const root = generateMonorepo(n, { seed });
    const generatedMs = performance.now() - started;
    const read = [];
    const check = [];
    let findings;
    for (let run = 0; run < runs; run++) {
      process.stderr.write(`monorepo ${n}: run ${run + 1}/${runs}…\n`);
      const floor = measure(process.execPath, [path.join(benchDir, 'child', 'read-all.mjs'), root, distDir]);
      read.push({ ...JSON.parse(floor.stdout), wall: floor.wall });
      const result = runCheck(root);
      check.push(result);
      findings = JSON.parse(result.stdout).findings;
      const got = JSON.stringify(summarize(findings));
      if (got !== JSON.stringify(EXPECTED_FINDINGS)) throw new Error(`monorepo ${n}: findings ${got}, expected ${JSON.stringify(EXPECTED_FINDINGS)}`);
    }
    const files = read[0].files;
    const wall = median(check.map((s) => s.wall));
    const cpu = median(check.map((s) => s.cpuMs));
    results.push({
      files,
      bytes: read[0].bytes,
      root,
      generatedMs,
      runs,
      check: { ms: wall, runsMs: check.map((s) => s.wall), cpuMs: cpu, runsCpuMs: check.map((s) => s.cpuMs), maxRssKb: Math.max(...check.map((s) => s.maxRssKb)) },
      readAll: { ms: median(read.map((s) => s.ms)), processWallMs: median(read.map((s) => s.wall)) },
      checkVsRead: median(check.map((s, i) => s.wall / read[i].wall)),
      usPerFile: (wall * 1000) / files,
      cpuUsPerFile: (cpu * 1000) / files,
      findings: summarize(findings),
    });
  }
  const rows = [['files', 'MB', 'read all (process)', 'check wall', 'check / read all', 'wall µs/file', 'check CPU', 'CPU µs/file', 'CPU per file vs smallest', 'peak RSS', 'findings']];
  for (const result of results) {
    rows.push([
      result.files, (result.bytes / 1e6).toFixed(0), ms(result.readAll.processWallMs), ms(result.check.ms), `${result.checkVsRead.toFixed(2)}x`,
      result.usPerFile.toFixed(1), ms(result.check.cpuMs), result.cpuUsPerFile.toFixed(1), `${(result.cpuUsPerFile / results[0].cpuUsPerFile).toFixed(2)}x`,
      mb(result.check.maxRssKb), result.findings.length,
    ]);
  }
  console.log(table(rows));
  console.log(
    '\n(check: `check --json --no-cache` as a child process, Node start-up included, median of runs; CPU: its user + sys time, ' +
      'the figure to judge growth by on a loaded machine; read all: a child that walks and reads every file; findings checked against the known ones)',
  );
  writeResults('monorepo', { results });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();

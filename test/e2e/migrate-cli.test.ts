// `eslint-plugin-telegram-bot migrate` end to end: the built bin in a child process, on real
// files copied into temporary projects that resolve ESLint, the plugin and @types like an
// installed project. Needs `npm run build` first (npm test does it).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import { repositoryRoot as root, tempProjects } from '../helpers/temp-project.js';

const bin = path.join(root, 'dist/src/cli/bin.js');
const requireHere = createRequire(import.meta.url);

const projects = tempProjects();
afterAll(() => projects.cleanup());

function tempDir(name: string): string {
  return projects.make(name);
}

/** A copy of the example backend. */
function backendCopy(): string {
  const dir = tempDir('backend');
  cpSync(path.join(root, 'example/backend'), dir, { recursive: true });
  return dir;
}

function migrate(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'migrate', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

function snapshotTree(dir: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, read(dir, file)]));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd, encoding: 'utf8' });
}

const OWNERS = ['--owner', 'src/services/telegramBot.ts', '--owner', 'src/services/iaeAgentBot.ts'];
const SOURCES = [
  'src/server.ts',
  'src/routes/telegram.ts',
  'src/config/telegram-service.ts',
  'src/services/telegramBot.ts',
  'src/services/iaeAgentBot.ts',
  'src/scripts/send-daily-report.ts',
];

describe('migrate on the example backend', () => {
  it('rewrites the two duplicate pollers into imports of the shared bot and reports it', () => {
    const dir = backendCopy();
    const before = snapshotTree(dir, SOURCES);
    const { code, stdout, stderr } = migrate(dir, ...OWNERS);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('changed  src/config/telegram-service.ts');
    expect(stdout).toContain('changed  src/routes/telegram.ts');
    expect(stdout).toMatch(/7 files scanned: 2 changed, 0 sites left as they are, 0 failed\./);

    const after = snapshotTree(dir, SOURCES);
    // Only the two duplicates changed; the owners, the second bot and the send-only script did not.
    const changed = SOURCES.filter((file) => after[file] !== before[file]);
    expect(changed).toEqual(['src/routes/telegram.ts', 'src/config/telegram-service.ts']);
    // No package.json: under NodeNext the backend's files are CommonJS, whose relative
    // imports need no extension (the next test type-checks the result).
    expect(after['src/routes/telegram.ts']).toContain("import { bot as sharedBot } from '../services/telegramBot';");
    expect(after['src/routes/telegram.ts']).toContain('  bot = sharedBot;');
    // The token constant is still used by the guard, so it stays; the class is now only a type.
    expect(after['src/routes/telegram.ts']).toContain('const TELEGRAM_BOT_TOKEN = process.env.TELEGRAM_BOT_TOKEN;');
    expect(after['src/routes/telegram.ts']).toContain("import type TelegramBot from 'node-telegram-bot-api';");
    expect(after['src/config/telegram-service.ts']).toContain('  telegramService.bot = bot;');
    expect(after['src/config/telegram-service.ts']).not.toContain('const TOKEN');
  });

  it('afterwards no-duplicate-poller reports nothing and tsc --noEmit passes against @types/node-telegram-bot-api', async () => {
    const dir = backendCopy();
    expect(migrate(dir, ...OWNERS).code).toBe(0);
    const eslint = new ESLint({ cwd: dir });
    const results = await eslint.lintFiles(['src']);
    // What remains is the owners polling on import (defer-polling's job), not a duplicate.
    const messages = results.flatMap((result) => result.messages);
    expect(messages.filter((message) => message.ruleId !== 'telegram-bot/no-polling-on-import')).toEqual([]);
    expect(messages.length).toBe(2);
    const tsc = requireHere.resolve('typescript/bin/tsc');
    const typecheck = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.status).toBe(0);
  });

  it('a second run changes nothing', () => {
    const dir = backendCopy();
    expect(migrate(dir, ...OWNERS).code).toBe(0);
    const once = snapshotTree(dir, SOURCES);
    const second = migrate(dir, ...OWNERS);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 changed/);
    expect(snapshotTree(dir, SOURCES)).toEqual(once);
  });

  it('takes the owners from the ESLint config when no --owner is given', () => {
    const dir = backendCopy();
    const { code, stdout } = migrate(dir);
    expect(code).toBe(0);
    expect(stdout).toContain('src/services/telegramBot.ts exports `bot` (token TELEGRAM_BOT_TOKEN)');
    expect(stdout).toContain('src/services/iaeAgentBot.ts exports `iaeBot` (token IAE_BOT_TOKEN)');
    expect(stdout).toContain('changed  src/routes/telegram.ts');
  });

  it('--dry prints a unified diff and writes nothing', () => {
    const dir = backendCopy();
    const before = snapshotTree(dir, SOURCES);
    const { code, stdout } = migrate(dir, '--dry', ...OWNERS);
    expect(code).toBe(0);
    expect(stdout).toContain('--- a/src/routes/telegram.ts');
    expect(stdout).toContain('+++ b/src/routes/telegram.ts');
    expect(stdout).toContain('-  bot = new TelegramBot(TELEGRAM_BOT_TOKEN, { polling: true });');
    expect(stdout).toContain('+  bot = sharedBot;');
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(snapshotTree(dir, SOURCES)).toEqual(before);
  });

  it('--json prints a machine-readable summary', () => {
    const dir = backendCopy();
    const { code, stdout } = migrate(dir, '--json', '--dry', ...OWNERS);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toEqual({
      dry: true,
      owners: [
        { file: 'src/services/telegramBot.ts', export: 'bot', token: 'TELEGRAM_BOT_TOKEN' },
        { file: 'src/services/iaeAgentBot.ts', export: 'iaeBot', token: 'IAE_BOT_TOKEN' },
      ],
      scanned: 7,
      changed: ['src/config/telegram-service.ts', 'src/routes/telegram.ts'],
      left: [],
      failed: [],
      // The owner polls when imported: the migrated modules now start it when they are imported.
      ownersPollingAtImport: [{ owner: 'src/services/telegramBot.ts', files: ['src/config/telegram-service.ts', 'src/routes/telegram.ts'] }],
    });
  });
});

describe('migrate manners', () => {
  it('refuses to write in a dirty git work tree unless --force, and --dry is always allowed', () => {
    const dir = backendCopy();
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
    writeFileSync(path.join(dir, 'src/server.ts'), `${read(dir, 'src/server.ts')}// work in progress\n`);
    const before = snapshotTree(dir, SOURCES);

    const refused = migrate(dir, ...OWNERS);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes (1 file: src/server.ts)');
    expect(refused.stderr).toContain('--force');
    expect(snapshotTree(dir, SOURCES)).toEqual(before);

    expect(migrate(dir, '--dry', ...OWNERS).code).toBe(0);
    expect(snapshotTree(dir, SOURCES)).toEqual(before);

    const forced = migrate(dir, '--force', ...OWNERS);
    expect(forced.code).toBe(0);
    expect(read(dir, 'src/routes/telegram.ts')).toContain('bot = sharedBot;');
  });

  it('reports a file that does not parse with its line, goes on, and exits 1', () => {
    const dir = backendCopy();
    writeFileSync(path.join(dir, 'src/broken.ts'), "import TelegramBot from 'node-telegram-bot-api';\n\nconst bot = new TelegramBot(;\n");
    const { code, stdout } = migrate(dir, ...OWNERS);
    expect(code).toBe(1);
    expect(stdout).toMatch(/failed {3}src\/broken\.ts:3 {2}\S/);
    expect(stdout).toContain('changed  src/routes/telegram.ts');
    expect(read(dir, 'src/broken.ts')).toBe("import TelegramBot from 'node-telegram-bot-api';\n\nconst bot = new TelegramBot(;\n");
  });

  it('never touches pollers of a different token, and reports them', () => {
    const dir = tempDir('tokens');
    mkdirSync(path.join(dir, 'src'));
    const owner = "import TelegramBot from 'node-telegram-bot-api';\nexport const bot = new TelegramBot(process.env.MAIN_TOKEN!, { polling: true });\n";
    const other = "import TelegramBot from 'node-telegram-bot-api';\nexport const support = new TelegramBot(process.env.SUPPORT_TOKEN!, { polling: true });\n";
    const unknown = "import TelegramBot from 'node-telegram-bot-api';\nexport function make(token: string) {\n  return new TelegramBot(token, { polling: true });\n}\n";
    writeFileSync(path.join(dir, 'src/bot.ts'), owner);
    writeFileSync(path.join(dir, 'src/support.ts'), other);
    writeFileSync(path.join(dir, 'src/factory.ts'), unknown);
    const { code, stdout } = migrate(dir, '--owner', 'src/bot.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('left     src/support.ts:2  no owner module for token SUPPORT_TOKEN');
    expect(stdout).toContain('left     src/factory.ts:3  its token is unknown');
    expect(stdout).toMatch(/0 changed/);
    expect(read(dir, 'src/support.ts')).toBe(other);
    expect(read(dir, 'src/factory.ts')).toBe(unknown);
  });

  it('infers the owner when one module exports a polling bot of the token, and exits 2 listing candidates when two do', () => {
    const dir = tempDir('infer');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/bot.js'), "const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.launch();\nmodule.exports = { bot };\n");
    writeFileSync(path.join(dir, 'src/admin.js'), "const { Telegraf } = require('telegraf');\n\nconst adminBot = new Telegraf(process.env.BOT_TOKEN);\nadminBot.launch();\n\nadminBot.command('stats', (ctx) => ctx.reply('ok'));\n");
    const inferred = migrate(dir);
    expect(inferred.stderr).toBe('');
    expect(inferred.code).toBe(0);
    expect(read(dir, 'src/admin.js')).toBe("const { bot: adminBot } = require('./bot');\n\nadminBot.command('stats', (ctx) => ctx.reply('ok'));\n");

    writeFileSync(path.join(dir, 'src/other.js'), "const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.launch();\nmodule.exports = { bot };\n");
    const ambiguous = migrate(dir);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('token BOT_TOKEN: src/bot.js, src/other.js');
    expect(ambiguous.stderr).toContain('--owner');
  });

  it('an owner without token in the ESLint config owns only the token its module polls (read through a config module)', () => {
    const dir = tempDir('unnamed-owner');
    cpSync(path.join(root, 'test/fixtures/unnamed-owner'), dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'eslint.config.js'),
      "import telegramBot from 'eslint-plugin-telegram-bot';\n\nexport default [\n  ...telegramBot.configs.recommended,\n  { rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners: [{ module: 'src/services/telegramBot.ts' }] }] } },\n];\n",
    );
    const leadsBefore = read(dir, 'src/routes/leads.ts');
    const ownerBefore = read(dir, 'src/services/telegramBot.ts');
    const { code, stdout, stderr } = migrate(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Its send-only LEADS bot is not a poller of LEADS: the owner owns TRAFFIC alone.
    expect(stdout).toMatch(/Owners:\n {2}src\/services\/telegramBot\.ts exports `bot` \(token TRAFFIC_BOT_TOKEN\)\n(?! )/);
    expect(stdout).toContain('left     src/routes/leads.ts:3  no owner module for token LEADS_BOT_TOKEN');
    expect(stdout).toContain('changed  src/routes/traffic.ts');
    expect(stdout).toMatch(/1 changed, 1 site left as it is \(1 no owner\)/);
    expect(read(dir, 'src/routes/leads.ts')).toBe(leadsBefore);
    expect(read(dir, 'src/services/telegramBot.ts')).toBe(ownerBefore);
    expect(read(dir, 'src/routes/traffic.ts')).toBe(
      "import { bot as trafficBot } from '../services/telegramBot.js';\n\ntrafficBot.onText(/\\/daily/, (message) => {\n  void trafficBot.sendMessage(message.chat.id, 'Daily traffic: see the dashboard.');\n});\n",
    );
    const after = spawnSync(process.execPath, [requireHere.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(after.stdout, 'the project type-checks after').toBe('');
    expect(after.status).toBe(0);
  });

  it('infers owners and reads duplicates through the project model: tokens that only resolve across modules', () => {
    const dir = tempDir('infer-across-modules');
    cpSync(path.join(root, 'test/fixtures/unnamed-owner'), dir, { recursive: true });
    // A duplicate whose token also comes from the config module: only the project tells it is TRAFFIC.
    const alerts =
      "import TelegramBot from 'node-telegram-bot-api';\n\nimport { config } from '../config.js';\n\nconst alerts = new TelegramBot(config.telegram.trafficToken, { polling: true });\n\nexport async function alert(chatId: number): Promise<void> {\n  await alerts.sendMessage(chatId, 'alert');\n}\n";
    writeFileSync(path.join(dir, 'src/routes/alerts.ts'), alerts);
    const leadsBefore = read(dir, 'src/routes/leads.ts');
    const { code, stdout, stderr } = migrate(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Owners:\n {2}src\/services\/telegramBot\.ts exports `bot` \(token TRAFFIC_BOT_TOKEN\)\n(?! )/);
    expect(stdout).toContain('changed  src/routes/alerts.ts');
    expect(stdout).toContain('changed  src/routes/traffic.ts');
    expect(stdout).toContain('left     src/routes/leads.ts:3  no owner module for token LEADS_BOT_TOKEN');
    expect(read(dir, 'src/routes/leads.ts')).toBe(leadsBefore);
    // The config import stays: the rewrite never drops a project module's import.
    expect(read(dir, 'src/routes/alerts.ts')).toBe(
      "import { config } from '../config.js';\nimport { bot as alerts } from '../services/telegramBot.js';\n\nexport async function alert(chatId: number): Promise<void> {\n  await alerts.sendMessage(chatId, 'alert');\n}\n",
    );
    const after = spawnSync(process.execPath, [requireHere.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(after.stdout, 'the project type-checks after').toBe('');
    expect(after.status).toBe(0);
  });

  it('never hands a poller a send-only owner bot, and exports an owner\'s bot only when a rewritten module imports it', () => {
    const dir = tempDir('send-only-owner');
    mkdirSync(path.join(dir, 'src'));
    // The owner's bot never polls: the script that polls would stop receiving updates.
    const notify = "const TelegramBot = require('node-telegram-bot-api');\n\nconst notifier = new TelegramBot(process.env.BOT_TOKEN);\n\nasync function notify(chatId, text) {\n  await notifier.sendMessage(chatId, text);\n}\n\nmodule.exports = { notify };\n";
    const chatIds = "const TelegramBot = require('node-telegram-bot-api');\n\nconst bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });\nbot.on('message', (message) => console.log(message.chat.id));\n";
    writeFileSync(path.join(dir, 'src/notify.js'), notify);
    writeFileSync(path.join(dir, 'src/chatIds.js'), chatIds);
    const sendOnly = migrate(dir, '--owner', 'src/notify.js');
    expect(sendOnly.stderr).toBe('');
    expect(sendOnly.code).toBe(0);
    expect(sendOnly.stdout).toContain("left     src/chatIds.js:3  the owner's bot (notify.js) never polls: nothing in the project starts it");
    expect(sendOnly.stdout).toMatch(/0 changed, 1 site left as it is \(1 owner never polls\)/);
    expect(read(dir, 'src/chatIds.js')).toBe(chatIds);
    expect(read(dir, 'src/notify.js'), 'no export that nothing imports').toBe(notify);

    // A polling owner that does not export its bot, and only another token's bot elsewhere: nothing to import, nothing to export.
    const owner = "const TelegramBot = require('node-telegram-bot-api');\n\nconst bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });\nbot.on('message', (message) => bot.sendMessage(message.chat.id, 'hi'));\n";
    const support = "const TelegramBot = require('node-telegram-bot-api');\n\nconst support = new TelegramBot(process.env.SUPPORT_TOKEN, { polling: true });\nsupport.on('message', () => undefined);\n";
    writeFileSync(path.join(dir, 'src/notify.js'), owner);
    writeFileSync(path.join(dir, 'src/chatIds.js'), support);
    const unneeded = migrate(dir, '--owner', 'src/notify.js');
    expect(unneeded.code).toBe(0);
    expect(unneeded.stdout).toContain('left     src/chatIds.js:3  no owner module for token SUPPORT_TOKEN');
    expect(unneeded.stdout).toMatch(/0 changed/);
    expect(read(dir, 'src/notify.js')).toBe(owner);
  });

  it('an ESLint config that fails to load is an error naming it and the loader message (exit 2), unless --owner is given', () => {
    const dir = tempDir('broken-config');
    mkdirSync(path.join(dir, 'src'));
    const owner = "const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.launch();\nmodule.exports = { bot };\n";
    const duplicate = "const { Telegraf } = require('telegraf');\nconst adminBot = new Telegraf(process.env.BOT_TOKEN);\nadminBot.launch();\n";
    writeFileSync(path.join(dir, 'src/bot.js'), owner);
    writeFileSync(path.join(dir, 'src/admin.js'), duplicate);
    writeFileSync(path.join(dir, 'eslint.config.js'), "module.exports = [{ rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners: [ }] } }];\n");
    const broken = migrate(dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('the ESLint config eslint.config.js failed to load: ');
    expect(broken.stderr).toMatch(/Unexpected token/);
    expect(broken.stdout).toBe('');
    expect(read(dir, 'src/admin.js')).toBe(duplicate);

    const explicit = migrate(dir, '--owner', 'src/bot.js');
    expect(explicit.stderr).toBe('');
    expect(explicit.code).toBe(0);
    expect(read(dir, 'src/admin.js')).toBe("const { bot: adminBot } = require('./bot');\n");
  });

  it('leaves a file whose rewrite adds type errors, naming them, and writes the ones that type-check', () => {
    const dir = tempDir('typecheck');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: ['node'], noEmit: true, skipLibCheck: true }, include: ['src'] }),
    );
    // The owner's bot may be undefined (no token): a module that used its own bot unchecked
    // does not compile against it, one that checks (`?.`) does.
    const owner = "import TelegramBot from 'node-telegram-bot-api';\n\nconst token = process.env.BOT_TOKEN;\nexport const bot = token ? new TelegramBot(token, { polling: true }) : undefined;\n";
    const unchecked = "import TelegramBot from 'node-telegram-bot-api';\n\nconst adminBot = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n\nadminBot.onText(/\\/health/, (message) => {\n  void adminBot.sendMessage(message.chat.id, 'healthy');\n});\n";
    const checked = "import TelegramBot from 'node-telegram-bot-api';\n\nconst alerts = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n\nexport async function alert(chatId: number): Promise<void> {\n  await alerts?.sendMessage(chatId, 'alert');\n}\n";
    writeFileSync(path.join(dir, 'src/bot.ts'), owner);
    writeFileSync(path.join(dir, 'src/admin.ts'), unchecked);
    writeFileSync(path.join(dir, 'src/alerts.ts'), checked);
    const before = spawnSync(process.execPath, [requireHere.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(before.stdout, 'the project type-checks before').toBe('');

    const { code, stdout, stderr } = migrate(dir, '--owner', 'src/bot.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(read(dir, 'src/admin.ts')).toBe(unchecked);
    expect(stdout).toMatch(/left {5}src\/admin\.ts:3 {2}its rewrite would add type errors, so the file is left as it is: TS18048 at line \d+: 'adminBot' is possibly 'undefined'/);
    expect(stdout).toContain('changed  src/alerts.ts');
    expect(stdout).toMatch(/1 changed, 1 site left as it is \(1 type errors\)/);
    expect(read(dir, 'src/alerts.ts')).toBe("import { bot as alerts } from './bot.js';\n\nexport async function alert(chatId: number): Promise<void> {\n  await alerts?.sendMessage(chatId, 'alert');\n}\n");
    const after = spawnSync(process.execPath, [requireHere.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(after.stdout, 'the project still type-checks').toBe('');
  });

  it('usage errors exit 2 with the usage', () => {
    const dir = backendCopy();
    const unknownFlag = migrate(dir, '--frobnicate');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('--frobnicate');
    expect(unknownFlag.stderr).toContain('Usage: eslint-plugin-telegram-bot migrate');
    const missingOwner = migrate(dir, '--owner', 'src/nope.ts');
    expect(missingOwner.code).toBe(2);
    expect(missingOwner.stderr).toContain('owner module not found: src/nope.ts');
    const missingPath = migrate(dir, 'no-such-folder', ...OWNERS);
    expect(missingPath.code).toBe(2);
    expect(missingPath.stderr).toContain('no-such-folder');
  });

  it('--help prints the migrate usage', () => {
    const { code, stdout } = migrate(root, '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: eslint-plugin-telegram-bot migrate/);
  });
});

describe('the transform through jscodeshift', () => {
  it('npx jscodeshift -t <built transform> --owner=… rewrites the duplicates like migrate does', () => {
    const viaJscodeshift = backendCopy();
    const viaMigrate = backendCopy();
    const jscodeshift = path.join(root, 'node_modules/jscodeshift/bin/jscodeshift.js');
    const transform = path.join(root, 'dist/codemods/use-shared-bot/index.js');
    expect(existsSync(transform)).toBe(true);
    const result = spawnSync(
      process.execPath,
      // --no-babel: the transform is built JavaScript; without it jscodeshift runs Babel over
      // everything the transform loads (TypeScript's compiler included), which only costs time.
      [jscodeshift, '--no-babel', '-t', transform, '--owner=src/services/telegramBot.ts', '--extensions=ts', '--fail-on-error', 'src'],
      { cwd: viaJscodeshift, encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/2 ok/);
    expect(migrate(viaMigrate, '--owner', 'src/services/telegramBot.ts').code).toBe(0);
    expect(snapshotTree(viaJscodeshift, SOURCES)).toEqual(snapshotTree(viaMigrate, SOURCES));
  });
});

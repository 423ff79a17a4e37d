// `eslint-plugin-telegram-bot defer-polling` end to end: the built bin in a child process, on
// copies of the example backend in temporary projects that resolve ESLint, the plugin and
// @types like an installed project. Needs `npm run build` first (npm test does it).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import { repositoryRoot as root, tempProjects } from '../helpers/temp-project.js';

const bin = path.join(root, 'dist/src/cli/bin.js');
const requireHere = createRequire(import.meta.url);

const projects = tempProjects();
afterAll(() => projects.cleanup());

/** A copy of the example backend. */
function backendCopy(): string {
  const dir = projects.make('backend');
  cpSync(path.join(root, 'example/backend'), dir, { recursive: true });
  return dir;
}

function run(cwd: string, command: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, command, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const deferPolling = (cwd: string, ...args: string[]) => run(cwd, 'defer-polling', ...args);

function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

const SOURCES = [
  'src/server.ts',
  'src/routes/telegram.ts',
  'src/config/telegram-service.ts',
  'src/services/telegramBot.ts',
  'src/services/iaeAgentBot.ts',
  'src/scripts/send-daily-report.ts',
];

function snapshotTree(dir: string, files: readonly string[] = SOURCES): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, read(dir, file)]));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd, encoding: 'utf8' });
}

const TRAFFIC = ['src/services/telegramBot.ts', '--entry', 'src/server.ts'];
const IAE = ['src/services/iaeAgentBot.ts', '--entry', 'src/server.ts'];

async function lint(dir: string) {
  const results = await new ESLint({ cwd: dir }).lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: path.relative(dir, result.filePath).split(path.sep).join('/'),
      line: message.line,
      rule: message.ruleId,
    })),
  );
}

function typecheck(dir: string): { output: string; status: number | null } {
  const tsc = requireHere.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
  return { output: result.stdout + result.stderr, status: result.status };
}

describe('defer-polling on the example backend', () => {
  it('defers both owners, wires both into server.ts, and reports it', () => {
    const dir = backendCopy();
    const before = snapshotTree(dir);

    const first = deferPolling(dir, ...TRAFFIC);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'changed  src/services/telegramBot.ts\n' +
        'changed  src/server.ts\n' +
        'src/services/telegramBot.ts now exports startBot(); src/server.ts calls it once.\n',
    );
    const second = deferPolling(dir, ...IAE);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('src/services/iaeAgentBot.ts now exports startIaeBot(); src/server.ts calls it once.');

    const after = snapshotTree(dir);
    expect(SOURCES.filter((file) => after[file] !== before[file])).toEqual(['src/server.ts', 'src/services/telegramBot.ts', 'src/services/iaeAgentBot.ts']);
    expect(after['src/services/telegramBot.ts']).toContain('export const bot = new TelegramBot(BOT_TOKEN, { polling: false });');
    expect(after['src/services/telegramBot.ts']).toContain('export function startBot() {\n  if (!bot.isPolling()) {\n    void bot.startPolling();\n  }\n}\n');
    expect(after['src/services/iaeAgentBot.ts']).toContain('export const iaeBot = new TelegramBot(IAE_BOT_TOKEN, { polling: false });');
    expect(after['src/services/iaeAgentBot.ts']).toContain('export function startIaeBot() {');
    // The existing imports got the names (the side-effect import of the IAE bot became a named one),
    // and both calls share one block at the end of the entry.
    expect(after['src/server.ts']).toContain("import { initTelegramBot, startBot } from './services/telegramBot';\nimport { startIaeBot } from './services/iaeAgentBot';\n");
    expect(after['src/server.ts']).not.toContain("import './services/iaeAgentBot';");
    expect(after['src/server.ts']).toMatch(
      /server\.listen\(Number\(process\.env\.PORT \?\? 3000\), '127\.0\.0\.1'\);\n\n\/\/ Start polling once, here in the entry point \(not when a module is imported\)\.\nstartBot\(\);\nstartIaeBot\(\);\n$/,
    );
  });

  it('afterwards no-polling-on-import reports nothing and tsc passes', async () => {
    const dir = backendCopy();
    const beforeFindings = await lint(dir);
    // The finding this test is about is there to begin with.
    expect(beforeFindings.filter((finding) => finding.rule === 'telegram-bot/no-polling-on-import').map(({ file }) => file).sort()).toEqual([
      'src/services/iaeAgentBot.ts',
      'src/services/telegramBot.ts',
    ]);
    expect(deferPolling(dir, ...TRAFFIC).code).toBe(0);
    expect(deferPolling(dir, ...IAE).code).toBe(0);
    const findings = await lint(dir);
    expect(findings.filter((finding) => finding.rule === 'telegram-bot/no-polling-on-import')).toEqual([]);
    // What remains is migrate's job (the two duplicates), nothing new.
    expect(findings.map(({ file, rule }) => ({ file, rule })).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'src/config/telegram-service.ts', rule: 'telegram-bot/no-duplicate-poller' },
      { file: 'src/routes/telegram.ts', rule: 'telegram-bot/no-duplicate-poller' },
    ]);
    const { output, status } = typecheck(dir);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('migrate then defer-polling leaves a backend with no finding from the recommended config', async () => {
    const dir = backendCopy();
    const migrated = run(dir, 'migrate', '--owner', 'src/services/telegramBot.ts', '--owner', 'src/services/iaeAgentBot.ts');
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    expect(deferPolling(dir, ...TRAFFIC).code).toBe(0);
    expect(deferPolling(dir, ...IAE).code).toBe(0);
    expect(await lint(dir)).toEqual([]);
    const { output, status } = typecheck(dir);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('a second run says there is nothing to do and changes nothing', () => {
    const dir = backendCopy();
    expect(deferPolling(dir, ...TRAFFIC).code).toBe(0);
    const once = snapshotTree(dir);
    const again = deferPolling(dir, ...TRAFFIC);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('src/services/telegramBot.ts does not start polling when it is imported: nothing to do.\n');
    expect(snapshotTree(dir)).toEqual(once);
  });

  it('--dry prints a unified diff of both files and writes nothing', () => {
    const dir = backendCopy();
    const before = snapshotTree(dir);
    const { code, stdout } = deferPolling(dir, '--dry', ...TRAFFIC);
    expect(code).toBe(0);
    expect(stdout).toContain('--- a/src/services/telegramBot.ts');
    expect(stdout).toContain('+++ b/src/services/telegramBot.ts');
    expect(stdout).toContain('-export const bot = new TelegramBot(BOT_TOKEN, { polling: true });');
    expect(stdout).toContain('+export const bot = new TelegramBot(BOT_TOKEN, { polling: false });');
    expect(stdout).toContain('+export function startBot() {');
    expect(stdout).toContain('--- a/src/server.ts');
    expect(stdout).toContain("+import { initTelegramBot, startBot } from './services/telegramBot';");
    expect(stdout).toContain('+startBot();');
    expect(stdout).toContain('would change  src/services/telegramBot.ts');
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--json prints a machine-readable summary', () => {
    const dir = backendCopy();
    const dry = deferPolling(dir, '--json', '--dry', ...IAE);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      dry: true,
      module: 'src/services/iaeAgentBot.ts',
      entry: 'src/server.ts',
      startFunctions: ['startIaeBot'],
      changed: ['src/services/iaeAgentBot.ts', 'src/server.ts'],
      left: [],
      failed: [],
    });
    // --json alone writes, and prints the JSON only (no diff, no prose).
    const written = deferPolling(dir, '--json', ...IAE);
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ dry: false, startFunctions: ['startIaeBot'], changed: ['src/services/iaeAgentBot.ts', 'src/server.ts'] });
    expect(read(dir, 'src/server.ts')).toContain('startIaeBot();');
  });

  it('reports a site it leaves, with its line, and changes neither file', () => {
    const dir = projects.make('left');
    mkdirSync(path.join(dir, 'src'));
    const bot = "import TelegramBot from 'node-telegram-bot-api';\n\nexport default new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n";
    const entry = "import bot from './bot';\n\nvoid bot.getMe();\n";
    writeFileSync(path.join(dir, 'src/bot.ts'), bot);
    writeFileSync(path.join(dir, 'src/index.ts'), entry);
    const human = deferPolling(dir, 'src/bot.ts', '--entry', 'src/index.ts');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^left {5}src\/bot\.ts:3 {2}the bot is not kept in a module-level variable/);
    expect(human.stdout).not.toContain('nothing to do');
    const json = JSON.parse(deferPolling(dir, '--json', 'src/bot.ts', '--entry', 'src/index.ts').stdout) as { left: unknown[]; changed: unknown[] };
    expect(json.changed).toEqual([]);
    expect(json.left).toEqual([{ file: 'src/bot.ts', line: 3, reason: expect.stringContaining('module-level variable') }]);
    expect(read(dir, 'src/bot.ts')).toBe(bot);
    expect(read(dir, 'src/index.ts')).toBe(entry);
  });
});

describe('defer-polling manners', () => {
  it('refuses to write in a dirty git work tree unless --force, and --dry is always allowed', () => {
    const dir = backendCopy();
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
    writeFileSync(path.join(dir, 'src/routes/telegram.ts'), `${read(dir, 'src/routes/telegram.ts')}// work in progress\n`);
    const before = snapshotTree(dir);

    const refused = deferPolling(dir, ...TRAFFIC);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes (1 file: src/routes/telegram.ts)');
    expect(refused.stderr).toContain('--force');
    expect(refused.stdout).toBe('');
    expect(snapshotTree(dir)).toEqual(before);

    expect(deferPolling(dir, '--dry', ...TRAFFIC).code).toBe(0);
    expect(snapshotTree(dir)).toEqual(before);

    const forced = deferPolling(dir, '--force', ...TRAFFIC);
    expect(forced.code).toBe(0);
    expect(read(dir, 'src/services/telegramBot.ts')).toContain('{ polling: false }');
    expect(read(dir, 'src/server.ts')).toContain('startBot();');
  });

  it('a clean git work tree is written without --force', () => {
    const dir = backendCopy();
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
    const { code, stderr } = deferPolling(dir, ...TRAFFIC);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe(' M src/server.ts\n M src/services/telegramBot.ts\n');
  });

  it('a module that does not parse exits 1 with its line and writes neither file', () => {
    const dir = backendCopy();
    const broken = "import TelegramBot from 'node-telegram-bot-api';\n\nexport const bot = new TelegramBot(;\n";
    writeFileSync(path.join(dir, 'src/services/telegramBot.ts'), broken);
    const before = snapshotTree(dir);
    const { code, stdout } = deferPolling(dir, ...TRAFFIC);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^failed {3}src\/services\/telegramBot\.ts:3 {2}\S/m);
    expect(stdout).not.toContain('changed');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('an entry that does not parse exits 1 and the module is not written either', () => {
    const dir = backendCopy();
    writeFileSync(path.join(dir, 'src/server.ts'), `${read(dir, 'src/server.ts')}\nconst broken = ;\n`);
    const before = snapshotTree(dir);
    const { code, stdout } = deferPolling(dir, ...TRAFFIC);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^failed {3}src\/server\.ts:\d+ {2}\S/m);
    // Both files or neither: a module that no longer polls, with no caller, would stop the bot.
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('usage errors exit 2 with the usage and write nothing', () => {
    const dir = backendCopy();
    const before = snapshotTree(dir);
    const cases: { args: string[]; message: string }[] = [
      { args: ['--entry', 'src/server.ts'], message: 'give exactly one module' },
      { args: ['src/services/telegramBot.ts', 'src/services/iaeAgentBot.ts', '--entry', 'src/server.ts'], message: 'give exactly one module' },
      { args: ['src/services/telegramBot.ts'], message: "'--entry <file>' is required" },
      { args: [...TRAFFIC, '--entry', 'src/routes/telegram.ts'], message: "option '--entry' may be given once" },
      { args: [...TRAFFIC, '--frobnicate'], message: "unknown option '--frobnicate'" },
      { args: ['src/services/telegramBot.ts', '--entry'], message: "option '--entry' needs a value" },
    ];
    for (const { args, message } of cases) {
      const result = deferPolling(dir, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr, args.join(' ')).toContain('Usage: eslint-plugin-telegram-bot defer-polling <module> --entry <file>');
      expect(result.stdout, args.join(' ')).toBe('');
    }
    const missingModule = deferPolling(dir, 'src/services/nope.ts', '--entry', 'src/server.ts');
    expect(missingModule.code).toBe(2);
    expect(missingModule.stderr).toContain('module not found: src/services/nope.ts');
    const missingEntry = deferPolling(dir, 'src/services/telegramBot.ts', '--entry', 'src/main.ts');
    expect(missingEntry.code).toBe(2);
    expect(missingEntry.stderr).toContain('entry not found: src/main.ts');
    const same = deferPolling(dir, 'src/server.ts', '--entry', 'src/server.ts');
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('the same file');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('--help prints the defer-polling usage and exits 0', () => {
    const { code, stdout } = deferPolling(root, '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: eslint-plugin-telegram-bot defer-polling <module> --entry <file>/);
  });
});

// The project model on fixture projects shaped like real backends (test/project/fixtures): a bot
// created in one module and started in another, factories, wrapper classes, tokens that travel
// through config modules, env helpers and constructor parameters, class methods started through
// an instance made elsewhere, and entry guards kept in a constant. Each shape has a twin that a
// correct tool leaves silent. Both `check` (the built bin) and no-duplicate-poller (ESLint's Node
// API, as editors and CI run it) are asked, from the project root and from its parent folder.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import { repositoryRoot, tempProjects } from '../helpers/temp-project.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const bin = path.join(repositoryRoot, 'dist/src/cli/bin.js');
const projects = tempProjects();
afterAll(() => projects.cleanup());

interface Finding {
  kind: string;
  token: string;
  sites: { file: string; line: number }[];
}

function copy(fixture: string): string {
  const dir = projects.make(fixture);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  return dir;
}

function check(cwd: string, ...args: string[]): Finding[] {
  const result = spawnSync(process.execPath, [bin, 'check', '--json', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  const { findings } = JSON.parse(result.stdout) as { findings: Finding[] };
  expect(result.status).toBe(findings.length > 0 ? 1 : 0);
  return findings.map(({ kind, token, sites }) => ({ kind, token, sites }));
}

async function lint(dir: string, cwd: string, rule = 'no-duplicate-poller'): Promise<{ file: string; line: number; message: string }[]> {
  const plugin = (await import(path.join(repositoryRoot, 'dist/src/index.js'))).default;
  const tsParser = (await import('@typescript-eslint/parser')).default;
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,ts}'], plugins: { 'telegram-bot': plugin }, rules: { [`telegram-bot/${rule}`]: 'error' } },
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    ],
  });
  const results = await eslint.lintFiles([path.join(dir, 'src')]);
  return results
    .flatMap((result) => result.messages.map((message) => ({ file: path.relative(dir, result.filePath).split(path.sep).join('/'), line: message.line, message: message.message })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** check from the root and from the parent folder, and the rule from both: the same answers. */
async function audit(fixture: string): Promise<{ findings: Finding[]; lint: { file: string; line: number; message: string }[] }> {
  const dir = copy(fixture);
  const findings = check(dir);
  expect(check(path.dirname(dir), path.basename(dir))).toEqual(findings);
  const fromRoot = await lint(dir, dir);
  expect(await lint(dir, path.dirname(dir))).toEqual(fromRoot.map((item) => ({ ...item, message: item.message.replaceAll('src/', `${path.basename(dir)}/src/`) })));
  return { findings, lint: fromRoot };
}

describe('the project model follows bots and tokens across modules', () => {
  it('a bot created in one module and launched in another (TypeScript, NodeNext ESM)', async () => {
    const { findings, lint } = await audit('start-elsewhere');
    expect(findings).toEqual([
      { kind: 'same-process-duplicate', token: 'BOT_TOKEN', sites: [{ file: 'src/admin.ts', line: 7 }, { file: 'src/index.ts', line: 5 }] },
    ]);
    expect(lint.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/admin.ts', line: 7 },
      { file: 'src/index.ts', line: 5 },
    ]);
    expect(lint[0]?.message).toContain('also polled in src/index.ts:5');
  });

  it('twin: the second bot has its own token', async () => {
    const { findings, lint } = await audit('start-elsewhere-other-token');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('twin: the second "Telegraf" is a local class of the same name', async () => {
    const { findings, lint } = await audit('local-class-trap');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('run(createBot()) with the factory in another module (ESM JavaScript)', async () => {
    const { findings, lint } = await audit('factory');
    expect(findings).toEqual([
      { kind: 'same-process-duplicate', token: 'BOT_TOKEN', sites: [{ file: 'src/main.js', line: 6 }, { file: 'src/notifier.js', line: 3 }] },
    ]);
    expect(lint.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/main.js', line: 6 },
      { file: 'src/notifier.js', line: 3 },
    ]);
  });

  it('twin: the factory bot only sends', async () => {
    const { findings, lint } = await audit('factory-send-only');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('a token passed to a wrapper class whose constructor creates the bot (CommonJS JavaScript)', async () => {
    const { findings, lint } = await audit('wrapper-class');
    expect(findings).toEqual([
      { kind: 'same-process-duplicate', token: 'REWARD_BOT_TOKEN', sites: [{ file: 'src/alerts.js', line: 3 }, { file: 'src/reward-bot.js', line: 5 }] },
    ]);
    expect(lint.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/alerts.js', line: 3 },
      { file: 'src/reward-bot.js', line: 5 },
    ]);
  });

  it('twin: without an argument the parameter default is another token', async () => {
    const { findings, lint } = await audit('wrapper-class-default');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('tokens from a config module, an env helper of another module and an imported constant (TypeScript, CommonJS)', async () => {
    const { findings, lint } = await audit('travelling-token');
    expect(findings).toEqual([
      { kind: 'same-process-duplicate', token: 'TG_TOKEN', sites: [{ file: 'src/leads-bot.ts', line: 6 }, { file: 'src/main-bot.ts', line: 5 }] },
    ]);
    expect(lint.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/leads-bot.ts', line: 6 },
      { file: 'src/main-bot.ts', line: 5 },
    ]);
  });

  it('twin: the init call is commented out, and a same-named method of another object runs', async () => {
    const { findings, lint } = await audit('travelling-token-commented');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('this.bot.launch() in a method called through an instance made in another module; an isMain guard in a constant', async () => {
    const { findings, lint } = await audit('class-service');
    // The legacy bot polls only when its module is run directly: another process, not this one.
    expect(findings).toEqual([
      { kind: 'multi-process', token: 'BOT_TOKEN', sites: [{ file: 'src/bot-service.js', line: 9 }, { file: 'src/legacy-bot.js', line: 7 }] },
    ]);
    expect(lint).toEqual([]);
  });

  it('twin: the start method is never called', async () => {
    const { findings, lint } = await audit('class-service-uncalled');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('a barrel with export * and a default re-export, a tsconfig path alias, a namespace import, startPolling() on the imported instance', async () => {
    const { findings, lint } = await audit('barrel-alias');
    expect(findings).toEqual([
      { kind: 'same-process-duplicate', token: 'BOT_TOKEN', sites: [{ file: 'src/bot/legacy.ts', line: 3 }, { file: 'src/index.ts', line: 3 }] },
    ]);
    expect(lint.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/bot/legacy.ts', line: 3 },
      { file: 'src/index.ts', line: 3 },
    ]);
  });

  it('twin: the re-exported default bot does not poll', async () => {
    const { findings, lint } = await audit('barrel-alias-not-polling');
    expect(findings).toEqual([]);
    expect(lint).toEqual([]);
  });

  it('CommonJS exports.x, module.exports.x and module.exports = { … }', async () => {
    const { findings, lint } = await audit('cjs-exports');
    expect(findings).toEqual([
      { kind: 'same-process-duplicate', token: 'BOT_TOKEN', sites: [{ file: 'src/bot.js', line: 5 }, { file: 'src/index.js', line: 5 }] },
    ]);
    expect(lint.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/bot.js', line: 5 },
      { file: 'src/index.js', line: 5 },
    ]);
  });

  it('no-polling-on-import: a module that exports something and starts an imported bot at top level', async () => {
    const dir = copy('import-starts');
    const found = await lint(dir, dir, 'no-polling-on-import');
    expect(found.map(({ file, line }) => ({ file, line }))).toEqual([{ file: 'src/start.js', line: 3 }]);
    expect(found[0]?.message).toContain('the bot of BOT_TOKEN');
    expect(found[0]?.message).toContain('call `bot.start()`');
  });

  it('twin: the same start in an entry script that exports nothing', async () => {
    const dir = copy('import-starts-entry');
    expect(await lint(dir, dir, 'no-polling-on-import')).toEqual([]);
  });
});

// A mistyped owner module is one configuration error naming the option, whether ESLint runs
// through its Node API or its command line, not an "outside its owner" report on every poller
// (the real owner's included). The project on disk is a copy of example/backend.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../../src/index.js';

const repository = path.resolve(import.meta.dirname, '../../..');
const requireHere = createRequire(import.meta.url);
let project: string;

beforeAll(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'telegram-bot-missing-owner-'));
  cpSync(path.join(repository, 'example/backend/src'), path.join(project, 'src'), { recursive: true });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function eslintWith(owners: unknown[]): ESLint {
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } },
    { plugins: { 'telegram-bot': plugin as never }, rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners }] } },
  ];
  return new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: config });
}

describe('owners[].module that names no file', () => {
  it('is a configuration error naming the option, the path and the cwd', async () => {
    const run = eslintWith([{ module: 'src/services/nope.ts', token: 'TELEGRAM_BOT_TOKEN' }]).lintFiles(['src']);
    await expect(run).rejects.toThrow(
      `telegram-bot/no-duplicate-poller: option owners[0].module 'src/services/nope.ts' names no file: ${project}/src/services/nope.ts (relative to ESLint's cwd ${project}`,
    );
  });

  it('names the first owner that is missing, absolute paths and globs included', async () => {
    const absolute = path.join(project, 'src/services/gone.ts');
    await expect(
      eslintWith([{ module: 'src/services/telegramBot.ts', token: 'TELEGRAM_BOT_TOKEN' }, { module: absolute, token: 'IAE_BOT_TOKEN' }]).lintFiles(['src']),
    ).rejects.toThrow(`option owners[1].module '${absolute}' names no file: ${absolute}`);
    await expect(eslintWith([{ module: 'lib/**/bot.ts' }]).lintFiles(['src'])).rejects.toThrow(`option owners[0].module 'lib/**/bot.ts' names no existing folder`);
  });

  it('accepts owners that exist: a file, a module without extension, a glob', async () => {
    const results = await eslintWith([
      { module: 'src/services/telegramBot', token: 'TELEGRAM_BOT_TOKEN' },
      { module: 'src/services/iae*.ts', token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
    ]).lintFiles(['src']);
    const reports = results.flatMap((result) => result.messages.map((message) => `${path.relative(project, result.filePath)}:${message.line} ${message.messageId}`));
    expect(reports.sort()).toEqual(['src/config/telegram-service.ts:10 outsideOwner', 'src/routes/telegram.ts:14 outsideOwner']);
  });

  it('is found once created: a missing owner is looked for again at the next lint', async () => {
    const eslint = eslintWith([{ module: 'src/services/later.ts', token: 'TELEGRAM_BOT_TOKEN' }]);
    await expect(eslint.lintFiles(['src/routes/telegram.ts'])).rejects.toThrow("option owners[0].module 'src/services/later.ts' names no file");
    writeFileSync(path.join(project, 'src/services/later.ts'), 'export const later = 1;\n');
    try {
      await expect(eslint.lintFiles(['src/routes/telegram.ts'])).resolves.toHaveLength(1);
    } finally {
      rmSync(path.join(project, 'src/services/later.ts'));
    }
  });

  it('is looked for once per options and cwd once found, not once per linted file', async () => {
    // ESLint 9.15+ hands each file a new options object (its defaults merged in): found owners
    // are remembered by the options' value, so the disk is not asked again for every file.
    writeFileSync(path.join(project, 'src/services/once.ts'), 'export const once = 1;\n');
    const eslint = eslintWith([{ module: 'src/services/once.ts', token: 'TELEGRAM_BOT_TOKEN' }]);
    await expect(eslint.lintFiles(['src/routes/telegram.ts'])).resolves.toHaveLength(1);
    rmSync(path.join(project, 'src/services/once.ts'));
    await expect(eslint.lintFiles(['src/config/telegram-service.ts'])).resolves.toHaveLength(1);
  });

  it('eslint on the command line prints it once and exits 2, with no finding', () => {
    const imported = (specifier: string) => JSON.stringify(pathToFileURL(requireHere.resolve(specifier)).href);
    writeFileSync(
      path.join(project, 'eslint.config.mjs'),
      `import telegramBot from ${imported('../../../dist/src/index.js')};
export default [
  ...telegramBot.configs.recommended,
  { rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners: [{ module: 'src/services/nope.ts', token: 'TELEGRAM_BOT_TOKEN' }] }] } },
];
`,
    );
    const result = spawnSync(process.execPath, [path.join(repository, 'node_modules/eslint/bin/eslint.js'), 'src'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split("option owners[0].module 'src/services/nope.ts' names no file")).toHaveLength(2);
    expect(result.stderr).not.toContain('outside its owner');
  });
});

// Owners from the project's ESLint config: looked for where ESLint looks (from the working folder
// and from each file's folder up), and ESLint is not loaded when no config file is there at all.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ownersFromEslintConfig } from '../../src/cli/owners-from-config.js';

let dir: string;
const write = (relative: string, text: string) => {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const pluginUrl = pathToFileURL(path.resolve('dist/src/index.js')).href;
const configWithOwner = (module: string) =>
  `import plugin from ${JSON.stringify(pluginUrl)};\nexport default [{ files: ['**/*.ts'], plugins: { 'telegram-bot': plugin }, rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners: [{ module: ${JSON.stringify(module)}, token: 'BOT_TOKEN' }] }] } }];\n`;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'telegram-owners-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ownersFromEslintConfig', () => {
  it('is undefined when no config file is in the project or above it', async () => {
    const file = write('src/bot.ts', "import { Telegraf } from 'telegraf';\n");
    expect(await ownersFromEslintConfig(dir, [file])).toBeUndefined();
  });

  it('reads the owners of a config in the working folder', async () => {
    const file = write('src/bot.ts', "import { Telegraf } from 'telegraf';\n");
    write('eslint.config.mjs', configWithOwner('src/bot.ts'));
    const found = await ownersFromEslintConfig(dir, [file]);
    expect(found?.owners.map((owner) => [path.relative(dir, owner.file), owner.tokens])).toEqual([['src/bot.ts', ['BOT_TOKEN']]]);
  });

  it('finds a config in a package folder below the working folder, above the file (ESLint 10 looks from the file)', async () => {
    const file = write('packages/api/src/bot.ts', "import { Telegraf } from 'telegraf';\n");
    // Owner modules are named from the working folder, as the rule names them from ESLint's cwd.
    write('packages/api/eslint.config.mjs', configWithOwner('packages/api/src/bot.ts'));
    const found = await ownersFromEslintConfig(dir, [file]);
    expect(found?.owners.map((owner) => path.relative(dir, owner.file))).toEqual(['packages/api/src/bot.ts']);
  });
});

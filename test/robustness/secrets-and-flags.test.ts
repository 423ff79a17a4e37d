// Secrets never leave in any output; invalid options and flags fail the documented way.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ESLint, Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';
import { cli, expectNoStackTrace, fakeToken, tempDir } from './helpers.js';

const code = fakeToken('123456789', 1);
const env1 = fakeToken('222222222', 2);
const url = fakeToken('333333333', 3);
const broken = fakeToken('444444444', 4);
const named = fakeToken('555555555', 5);
const SECRETS = [code, env1, url, broken, named].map((t) => t.secret);

let project: ReturnType<typeof tempDir>;
beforeAll(() => {
  project = tempDir('secrets');
  const src = path.join(project.dir, 'src');
  mkdirSync(src);
  const w = (rel: string, text: string) => writeFileSync(path.join(project.dir, rel), text);
  w('src/bot.js', `const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot('${code.token}', { polling: true });\nmodule.exports = { bot };\n`);
  w('src/dup.js', `const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot('${code.token}', { polling: true });\nfetch('https://api.telegram.org/bot${url.token}/getMe');\n`);
  w('src/env.js', "const { Telegraf } = require('telegraf');\nnew Telegraf(process.env.A_TOKEN).launch();\nnew Telegraf(process.env.B_TOKEN).launch();\n");
  w('.env', `A_TOKEN=${env1.token}\nB_TOKEN="${env1.token}"\n`);
  w('src/broken.js', `const TelegramBot = require('node-telegram-bot-api');\nconst t = '${broken.token}' +;\n`);
  w(`src/${named.token.replace(':', '_')}.js`, "require('node-telegram-bot-api');\n");
  w(`src/x-${named.token}.js`, `const TelegramBot = require('node-telegram-bot-api');\nnew TelegramBot('${named.token}', { polling: true });\n`);
});
afterAll(() => project.cleanup());

function expectNoSecret(label: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${label} holds a secret`).toBe(false);
}

describe('secrets', () => {
  it('no CLI output (human, --json, --dry diffs, errors) holds a secret part', () => {
    const runs = [
      ['check'],
      ['check', '--json'],
      ['migrate', '--dry', '--owner', 'src/bot.js'],
      ['migrate', '--dry', '--json', '--owner', 'src/bot.js'],
      ['migrate', '--dry'],
      ['defer-polling', 'src/bot.js', '--entry', 'src/dup.js', '--dry'],
      ['defer-polling', 'src/broken.js', '--entry', 'src/dup.js', '--dry', '--json'],
      ['migrate', '--dry', '--owner', `src/x-${named.token}.js`, '--owner', 'src/missing.js'],
    ];
    for (const args of runs) {
      const result = cli(project.dir, args);
      expectNoStackTrace(result);
      expectNoSecret(`${args.join(' ')} stdout`, result.stdout);
      expectNoSecret(`${args.join(' ')} stderr`, result.stderr);
    }
    // The fixtures do reach the output: the bot ids are shown, so the test would see a leak.
    expect(cli(project.dir, ['migrate', '--dry', '--owner', 'src/bot.js']).stdout).toContain('123456789:<secret>');
  });

  it('no rule message or formatter output (stylish, json) holds a secret part', async () => {
    const eslint = new ESLint({
      cwd: project.dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.js'], plugins: { 'telegram-bot': plugin as never }, rules: { 'telegram-bot/no-hardcoded-token': 'error', 'telegram-bot/no-duplicate-poller': 'error', 'telegram-bot/no-polling-on-import': 'error' } }],
    });
    const results = await eslint.lintFiles(['src']);
    expect(results.flatMap((r) => r.messages).some((m) => m.ruleId === 'telegram-bot/no-hardcoded-token')).toBe(true);
    for (const message of results.flatMap((r) => r.messages)) expectNoSecret(`rule message ${message.message}`, JSON.stringify(message));
    for (const name of ['stylish', 'json']) {
      const formatter = await eslint.loadFormatter(name);
      // ESLint prints file paths as they are (one fixture is named after a token), and `source`
      // is its echo of the input of a file that does not parse: neither is a rule's output.
      const text = await formatter.format(results.map((r, i) => ({ ...r, filePath: `/file-${i}.js`, source: undefined })));
      expectNoSecret(name, text);
    }
  });
});

describe('invalid options and flags', () => {
  const linter = new Linter({ configType: 'flat' });
  const verify = (rule: string, options: unknown) => () =>
    linter.verify('x;', [{ files: ['**/*.js'], plugins: { 'telegram-bot': plugin as never }, rules: { [`telegram-bot/${rule}`]: ['error', options] as never } }], 'a.js');

  it('each rule rejects invalid options with ESLint\'s schema error naming the option', () => {
    // ESLint 10: `Key "rules": Key "telegram-bot/<rule>":` then `Value … should …` or `Unexpected property "…"`.
    expect(verify('no-duplicate-poller', { owner: [] })).toThrow(/Key "telegram-bot\/no-duplicate-poller":[\s\S]*Unexpected property "owner"/);
    expect(verify('no-polling-on-import', { entries: 'src/a.js' })).toThrow(/Key "telegram-bot\/no-polling-on-import":[\s\S]*Value "src\/a\.js" should be array/);
    expect(verify('no-polling-on-import', { entry: [] })).toThrow(/Unexpected property "entry"/);
    expect(verify('no-hardcoded-token', { allow: true })).toThrow(/Key "telegram-bot\/no-hardcoded-token":[\s\S]*should NOT have more than 0 items/);
  });

  it('every command exits 2 with its usage on an invalid flag', () => {
    const dir = project.dir;
    for (const [args, usage] of [
      [['migrate', '--bogus'], /Usage: eslint-plugin-telegram-bot migrate/],
      [['migrate', '--dry=yes'], /Usage: eslint-plugin-telegram-bot migrate/],
      [['check', '--owner', 'x'], /Usage: eslint-plugin-telegram-bot check/],
      [['defer-polling', 'a.js', '--entry'], /Usage: eslint-plugin-telegram-bot defer-polling/],
      [['defer-polling', '--nope'], /Usage: eslint-plugin-telegram-bot defer-polling/],
      [['--bogus'], /Usage: eslint-plugin-telegram-bot <command>/],
    ] as const) {
      const result = cli(dir, args);
      expectNoStackTrace(result);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(usage);
    }
  });
});

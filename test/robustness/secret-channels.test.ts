// Every channel the CLI and the rules print through, with token secrets planted in file names,
// file contents, parser errors, options and the environment: no secret comes out anywhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';
import { redactSecrets } from '../../src/core/redact.js';
import plugin from '../../src/index.js';
import { cli, fakeToken, tempDir } from './helpers.js';

const inName = fakeToken('610000001', 61); // a changed file and a progress label are named after it
const inCode = fakeToken('620000002', 62); // hard-coded in polling code (diffs, summaries)
const glued = fakeToken('630000003', 63); // followed by '-', '_' or letters in the text
const lone = fakeToken('640000004', 64); // its secret alone is what a parser quotes
const inOption = fakeToken('650000005', 65); // typed as an option value
const inEnv = fakeToken('660000006', 66); // in the environment only
const inOwnerName = fakeToken('670000007', 67); // the owner is named after it
const ALL = [inName, inCode, glued, lone, inOption, inEnv, inOwnerName];

let project: ReturnType<typeof tempDir>;
beforeAll(() => {
  project = tempDir('secret-channels');
  const w = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(project.dir, rel)), { recursive: true });
    writeFileSync(path.join(project.dir, rel), text);
  };
  const ntba = "const TelegramBot = require('node-telegram-bot-api');\n";
  w(`src/a-owner-${inOwnerName.token}.js`, `${ntba}const bot = new TelegramBot('${inCode.token}', { polling: true });\nmodule.exports = { bot };\n`);
  w('src/bot.js', `${ntba}const bot = new TelegramBot('${inCode.token}', { polling: true });\nmodule.exports = { bot };\n`);
  // Sorted last, so the final progress label names it; a duplicate, so diffs and summaries do too.
  w(`src/zz-${inName.token}-copy.js`, `${ntba}const local = new TelegramBot('${inCode.token}', { polling: true });\nlocal.on('message', () => '${glued.token}-suffix ${glued.token}_x ${glued.token}abc');\n`);
  w('src/dup.js', `${ntba}const again = new TelegramBot('${inCode.token}', { polling: true });\nagain.on('message', () => 1);\n`);
  // The parser's error quotes the secret without its bot id: "Unexpected token AA…".
  w('src/broken.js', `${ntba}const t = 1 ${lone.secret};\n`);
  // One process runs the owner and bot.js: no-duplicate-poller names the other file in its message.
  w('src/entry.js', `require('./bot');\nrequire('./a-owner-${inOwnerName.token}');\n`);
});
afterAll(() => project.cleanup());

function expectClean(label: string, text: string): void {
  for (const { secret } of ALL) expect(text.includes(secret), `${label} shows a secret:\n${text.slice(0, 3000)}`).toBe(false);
}

async function inProcess(args: string[], isTTY = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { isTTY, progressDelayMs: 0, stdout: (text: string) => void (out += text), stderr: (text: string) => void (err += text) };
  const code = await main(args, io, project.dir);
  return { code, out, err };
}

describe('no channel shows a planted secret', () => {
  it('human, --json, diffs, progress, parse errors and usage errors of every command', async () => {
    const previous = process.env.PLANTED_TOKEN;
    process.env.PLANTED_TOKEN = inEnv.token;
    try {
      const runs: [string[], boolean][] = [
        [['migrate', '--dry', '--owner', 'src/bot.js'], true], // progress on a terminal, diffs
        [['migrate', '--dry', '--json', '--owner', 'src/bot.js'], false],
        [['migrate', '--dry', '--owner', `src/a-owner-${inOwnerName.token}.js`], false],
        [['migrate', '--dry', '--owner', `src/missing-${inOwnerName.token}.js`, '--json'], false],
        [['migrate', '--same-token', inOption.token], false], // usage error echoing the value
        [['migrate', '--same-token', `A,${inOption.token}`, '--dry', '--owner', 'src/bot.js'], false],
        [['migrate', '--dry', `src/nothing-${inOption.token}.js`], false],
        [['check'], true],
        [['check', '--json'], false],
        [['defer-polling', 'src/bot.js', '--entry', 'src/entry.js', '--dry'], false],
        [['defer-polling', 'src/broken.js', '--entry', 'src/entry.js', '--dry', '--json'], false],
        [['defer-polling', `src/zz-${inName.token}-copy.js`, '--entry', 'src/entry.js', '--dry'], false],
      ];
      let sawDiff = false;
      let sawParseError = false;
      for (const [args, isTTY] of runs) {
        const { out, err } = await inProcess(args, isTTY);
        expectClean(`${args.join(' ')} stdout`, out);
        expectClean(`${args.join(' ')} stderr`, err);
        if (out.includes('+++ b/src/zz-610000001:<secret>-copy.js')) sawDiff = true;
        if (/Unexpected token <secret>/.test(out)) sawParseError = true;
      }
      // The planted names and texts did reach the output, redacted: the test would see a leak.
      expect(sawDiff).toBe(true);
      expect(sawParseError).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.PLANTED_TOKEN;
      else process.env.PLANTED_TOKEN = previous;
    }
  });

  it('an unexpected error is printed redacted, by main() and by the real bin', async () => {
    let err = '';
    const missing = path.join(project.dir, `gone-${inName.token}`);
    const code = await main(['check'], { stdout: () => undefined, stderr: (text) => void (err += text) }, missing);
    expect(code).toBe(2);
    expect(err).toContain('610000001:<secret>');
    expectClean('main() error', err);

    const result = cli(project.dir, ['migrate', '--dry', '--owner', `src/a-owner-${inOwnerName.token}.js`, '--same-token', `${inOption.token}`]);
    expectClean('bin stdout', result.stdout);
    expectClean('bin stderr', result.stderr);
    expect(result.code).toBe(2);
  });

  it('rule messages, no-duplicate-poller\'s path of another file among them', async () => {
    const eslint = new ESLint({
      cwd: project.dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.js'], plugins: { 'telegram-bot': plugin as never }, rules: { 'telegram-bot/no-duplicate-poller': 'error', 'telegram-bot/no-hardcoded-token': 'error' } }],
    });
    const results = await eslint.lintFiles(['src']);
    // Rule messages only: "Parsing error: …" is ESLint's own, quoting its parser (see the docs).
    const messages = results.flatMap((result) => result.messages.filter((message) => message.ruleId !== null).map((message) => message.message));
    expect(messages.some((message) => /also polled in src\/(?:zz|a-owner)-\d+:<secret>/.test(message))).toBe(true);
    for (const message of messages) expectClean('rule message', message);
  });
});

describe('redactSecrets', () => {
  const { token, secret } = fakeToken('123456789', 7);
  it('redacts a secret after its bot id whatever follows it, and keeps the bot id', () => {
    for (const after of ['', '-', '_', 'abc', '/getMe', '"', '\n']) {
      expect(redactSecrets(`x ${token}${after} y`)).toBe(`x 123456789:<secret>${after} y`);
    }
  });

  it('redacts a secret standing alone, by its shape', () => {
    expect(redactSecrets(`Unexpected token ${secret}`)).toBe('Unexpected token <secret>');
    expect(redactSecrets(`src/${secret}.js`)).toBe('src/<secret>.js');
  });

  it('leaves long names and repeated letters alone', () => {
    for (const text of ['handleIncomingMessageFromTelegram12', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'src/features/feature0001.ts', '1700000000:short']) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});

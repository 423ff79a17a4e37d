/**
 * Token identity: which two token expressions name the same bot, and what the message
 * shows. Hard-coded tokens are FAKE strings with the real shape; the message may show the
 * bot id (the digits before the colon) but never the secret.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { noDuplicatePoller } from '../../../rules/no-duplicate-poller.js';
import { ALL_LANGS, fakeToken, invalid, runShapes, valid, type Lang } from './harness.js';

const FAKE = fakeToken('123456789');
const FAKE_OTHER = fakeToken('987654321', 'B');
const HARD = 'hard-coded token of bot 123456789';

const NTBA: Record<Lang, string> = {
  ts: `import TelegramBot from 'node-telegram-bot-api';`,
  esm: `import TelegramBot from 'node-telegram-bot-api';`,
  cjs: `const TelegramBot = require('node-telegram-bot-api');`,
};

/** `first` and `second` are token expressions (with any statements they need in `setup`). */
interface Pair {
  readonly name: string;
  readonly setup?: string;
  readonly first: string;
  readonly second: string;
  /** How the message names the shared token. */
  readonly token: string;
  readonly langs?: readonly Lang[];
}

const same: Pair[] = [
  { name: 'process.env.X', first: 'process.env.BOT_TOKEN', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: "process.env['X'] and process.env.X", first: "process.env['BOT_TOKEN']", second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'process.env[`X`]', first: 'process.env[`BOT_TOKEN`]', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'import.meta.env.X', first: 'import.meta.env.VITE_BOT_TOKEN', second: 'import.meta.env.VITE_BOT_TOKEN', token: 'VITE_BOT_TOKEN', langs: ['ts', 'esm'] },
  { name: 'module const', setup: 'const TOKEN = process.env.BOT_TOKEN;', first: 'TOKEN', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'module const through another const', setup: 'const raw = process.env.BOT_TOKEN;\nconst token = raw;', first: 'token', second: 'raw', token: 'BOT_TOKEN' },
  { name: 'const { X } = process.env', setup: 'const { BOT_TOKEN } = process.env;', first: 'BOT_TOKEN', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'renamed and defaulted destructuring of process.env', setup: "const { BOT_TOKEN: token, OTHER = '' } = process.env;\nconst { BOT_TOKEN: t2 = '' } = process.env;", first: 'token', second: 't2', token: 'BOT_TOKEN' },
  { name: "process.env.X || 'literal'", first: "process.env.BOT_TOKEN || 'dev-token'", second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'process.env.X ?? fallback', first: 'process.env.BOT_TOKEN ?? fallbackToken', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'A || B overlaps B', first: 'process.env.TELEGRAM_TOKEN || process.env.BOT_TOKEN', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'A || B overlaps A', first: 'process.env.BOT_TOKEN', second: 'process.env.BOT_TOKEN || process.env.LEGACY_TOKEN', token: 'BOT_TOKEN' },
  { name: 'NODE_ENV ternary between env names overlaps', first: "process.env.NODE_ENV === 'production' ? process.env.PROD_TOKEN : process.env.DEV_TOKEN", second: 'process.env.DEV_TOKEN', token: 'DEV_TOKEN' },
  { name: 'two ternaries sharing one name', first: 'isProd ? process.env.PROD_TOKEN : process.env.DEV_TOKEN', second: 'isCi ? process.env.CI_TOKEN : process.env.PROD_TOKEN', token: 'PROD_TOKEN' },
  { name: 'String(x)', first: 'String(process.env.BOT_TOKEN)', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN' },
  { name: 'template `${x}` and .trim()', first: '`${process.env.BOT_TOKEN}`', second: 'process.env.BOT_TOKEN.trim()', token: 'BOT_TOKEN' },
  { name: 'x! and as string', first: 'process.env.BOT_TOKEN!', second: 'process.env.BOT_TOKEN as string', token: 'BOT_TOKEN', langs: ['ts'] },
  { name: 'const token: string = String(process.env.X!)', setup: 'const token: string = String(process.env.BOT_TOKEN!);', first: 'token', second: '<string>process.env.BOT_TOKEN', token: 'BOT_TOKEN', langs: ['ts'] },
  { name: 'hard-coded token literal', first: `'${FAKE}'`, second: `"${FAKE}"`, token: HARD },
  { name: 'hard-coded token in a module const and a template', setup: `const TOKEN = '${FAKE}';`, first: 'TOKEN', second: `\`${FAKE}\``, token: HARD },
  { name: 'env with a hard-coded fallback meets the hard-coded token', first: `process.env.BOT_TOKEN || '${FAKE}'`, second: `'${FAKE}'`, token: HARD },
  { name: "import process from 'node:process'", setup: "import process from 'node:process';", first: 'process.env.BOT_TOKEN', second: 'process.env.BOT_TOKEN', token: 'BOT_TOKEN', langs: ['ts', 'esm'] },
];

const different: Pair[] = [
  { name: 'different env names', first: 'process.env.SUPPORT_TOKEN', second: 'process.env.SALES_TOKEN', token: '' },
  { name: 'different hard-coded bot ids', first: `'${FAKE}'`, second: `'${FAKE_OTHER}'`, token: '' },
  { name: 'ternaries with no name in common', first: 'a ? process.env.A_TOKEN : process.env.B_TOKEN', second: 'b ? process.env.C_TOKEN : process.env.D_TOKEN', token: '' },
  { name: 'A && B is B only', first: 'process.env.ENABLED && process.env.BOT_TOKEN', second: 'process.env.ENABLED', token: '' },
  { name: 'function parameter (unknown)', setup: 'function make(token) { return new TelegramBot(token, { polling: true }); }', first: 'process.env.BOT_TOKEN', second: 'config.token', token: '' },
  { name: 'config object member (unknown) twice', first: 'config.telegram.token', second: 'config.telegram.token', token: '' },
  { name: 'a let reassigned later (unknown)', setup: 'let token = process.env.BOT_TOKEN;\ntoken = loadToken();', first: 'token', second: 'token', token: '' },
  { name: 'a local process that is not Node’s', setup: "const process = { env: { BOT_TOKEN: 'x' } };", first: 'process.env.BOT_TOKEN', second: 'process.env.BOT_TOKEN', token: '' },
  { name: 'a string that is not a token', first: "'not-a-token'", second: "'not-a-token'", token: '' },
  { name: 'env object alias (unknown)', setup: 'const env = loadEnv();', first: 'env.BOT_TOKEN', second: 'env.BOT_TOKEN', token: '' },
];

function pairCode(lang: Lang, pair: Pair, marks: boolean): string {
  const m = (n: number) => (marks ? ` // #${n}` : '');
  return [
    NTBA[lang],
    ...(pair.setup ? [pair.setup] : []),
    `const a = new TelegramBot(${pair.first}, { polling: true });${m(1)}`,
    `const b = new TelegramBot(${pair.second}, { polling: true });${m(2)}`,
  ].join('\n');
}

function langsOf(pair: Pair): readonly Lang[] {
  const langs = pair.langs ?? ALL_LANGS;
  // `import` setups need a module.
  return pair.setup?.startsWith('import') ? langs.filter((lang) => lang !== 'cjs') : langs;
}

const functionLocal = ALL_LANGS.flatMap((lang) => [
  invalid(
    lang,
    `${NTBA[lang]}
function main() {
  const token = process.env.BOT_TOKEN;
  const bot = new TelegramBot(token, { polling: true }); // #1
  return bot;
}
function worker() {
  const { BOT_TOKEN } = process.env;
  return new TelegramBot(BOT_TOKEN, { polling: true }); // #2
}`,
    'BOT_TOKEN',
    { name: 'function-local consts' },
  ),
  valid(
    lang,
    `${NTBA[lang]}
const token = process.env.BOT_TOKEN;
const bot = new TelegramBot(token, { polling: true });
function other(config) {
  const token = config.token;
  return new TelegramBot(token, { polling: true });
}`,
    { name: 'a function-local const shadows the module const' },
  ),
]);

runShapes('no-duplicate-poller: token identity', {
  valid: [
    ...different.flatMap((pair) => langsOf(pair).map((lang) => valid(lang, pairCode(lang, pair, false), { name: pair.name }))),
    ...functionLocal.filter((test) => !('errors' in test)),
  ],
  invalid: [
    ...same.flatMap((pair) =>
      langsOf(pair).flatMap((lang) => {
        const code = pairCode(lang, pair, true);
        const make = (globals: boolean) => invalid(lang, code, pair.token, { name: pair.name, globals });
        return lang === 'esm' ? [make(false)] : [make(false), make(true)];
      }),
    ),
    ...functionLocal.filter((test) => 'errors' in test),
  ] as ReturnType<typeof invalid>[],
});

describe('no-duplicate-poller: a hard-coded secret never reaches the message', () => {
  const secret = FAKE.split(':')[1] as string;
  const linter = new Linter({ configType: 'flat' });
  const config = [
    {
      files: ['**/*.js'],
      plugins: { tg: { rules: { 'no-duplicate-poller': noDuplicatePoller as never } } },
      rules: { 'tg/no-duplicate-poller': 'error' as const },
    },
  ];

  it('shows the bot id only', () => {
    const code = `import TelegramBot from 'node-telegram-bot-api';
const TOKEN = '${FAKE}';
const a = new TelegramBot(TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN || '${FAKE}', { polling: true });`;
    const messages = linter.verify(code, config, 'src/bot.js');
    expect(messages.map((message) => [message.line, message.messageId])).toEqual([[4, 'duplicateInFile']]);
    const [message] = messages;
    expect(message?.message).toContain('hard-coded token of bot 123456789');
    expect(message?.message).toContain('line 3');
    expect(message?.message).not.toContain(secret);
    expect(message?.message).not.toContain(FAKE);
  });
});

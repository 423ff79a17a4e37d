/**
 * Shared pieces of the no-polling-on-import suites.
 *
 * Each case names its language, `ts`, `esm` or `cjs` (test/helpers/rule-testing.ts says how each
 * is parsed); `globals: true` declares Node's globals as users do.
 *
 * Report locations are not counted by hand: each expected report names the exact source text
 * of the reported node (`at`: the option value for constructor polling, the whole call for a
 * start call), and the helper turns its n-th occurrence into line and columns.
 */
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';

import { noPollingOnImport, type MessageIds, type NoPollingOnImportOptions, type Options } from '../../../rules/no-polling-on-import.js';
import { FILENAMES, languageOptions, spanOf, type Lang as AnyLang, type Span } from '../../helpers/rule-testing.js';

export type Lang = Extract<AnyLang, 'ts' | 'esm' | 'cjs'>;
export type { MessageIds, Options };
export { FILENAMES };

export const ALL_LANGS: readonly Lang[] = ['ts', 'esm', 'cjs'];
/** Languages with `import` / `export` (and top-level `await`, `import.meta`). */
export const ESM_LANGS: readonly Lang[] = ['ts', 'esm'];

/** How each library is brought into scope, per language. */
export const IMPORTS = {
  ntba: { ts: "import TelegramBot from 'node-telegram-bot-api';", esm: "import TelegramBot from 'node-telegram-bot-api';", cjs: "const TelegramBot = require('node-telegram-bot-api');" },
  telegraf: { ts: "import { Telegraf } from 'telegraf';", esm: "import { Telegraf } from 'telegraf';", cjs: "const { Telegraf } = require('telegraf');" },
  grammy: { ts: "import { Bot } from 'grammy';", esm: "import { Bot } from 'grammy';", cjs: "const { Bot } = require('grammy');" },
  runner: {
    ts: "import { Bot } from 'grammy';\nimport { run } from '@grammyjs/runner';",
    esm: "import { Bot } from 'grammy';\nimport { run } from '@grammyjs/runner';",
    cjs: "const { Bot } = require('grammy');\nconst { run } = require('@grammyjs/runner');",
  },
} as const satisfies Record<string, Record<Lang, string>>;

/** The usual way of exporting `name` in each language. */
export function exportOf(lang: Lang, name = 'bot'): string {
  return lang === 'cjs' ? `module.exports = ${name};` : `export default ${name};`;
}

/** The token expression, `!` in TypeScript as real code writes it. */
export function token(lang: Lang, name = 'BOT_TOKEN'): string {
  return `process.env.${name}${lang === 'ts' ? '!' : ''}`;
}

/** What the message says to do, per reason kind. */
export const FIX = {
  constructor: 'call `bot.startPolling()` (with `polling: false` here)',
  startPolling: 'call `bot.startPolling()`',
  launch: 'call `bot.launch()`',
  start: 'call `bot.start()`',
  run: 'call `run(bot)`',
} as const;

export const BOT_TOKEN = 'the bot of BOT_TOKEN';
export const UNKNOWN_BOT = 'a Telegram bot';

export interface CaseOptions {
  /** Declare Node's globals (`globals.node`). */
  readonly globals?: boolean;
  /** Override the file name (relative to the cwd: an absolute one changes RuleTester's cwd). */
  readonly filename?: string;
  readonly options?: NoPollingOnImportOptions;
  /** A label for the test title. */
  readonly name?: string;
}

export interface Expected {
  /** The exact source text of the reported node. */
  readonly at: string;
  /** Which occurrence of `at` (default 0). */
  readonly nth?: number;
  readonly fix: string;
  /** How the message names the bot (default `the bot of BOT_TOKEN`). */
  readonly bot?: string;
}

export { spanOf, type Span };

function title(lang: Lang, options: CaseOptions, code: string): string {
  const extra = [options.globals ? '+globals.node' : '', options.filename ?? '', options.options ? JSON.stringify(options.options) : '']
    .filter(Boolean)
    .join(' ');
  return `[${lang}${extra ? ` ${extra}` : ''}] ${options.name ?? ''}\n${code}`;
}

/** A file in which the rule must stay silent. */
export function valid(lang: Lang, code: string, options: CaseOptions = {}): ValidTestCase<Options> {
  return {
    name: title(lang, options, code),
    code,
    filename: options.filename ?? FILENAMES[lang],
    languageOptions: languageOptions(lang, { globals: options.globals ?? false }),
    ...(options.options ? { options: [options.options] as Options } : {}),
  };
}

/** A file with the given reports, in source order. */
export function invalid(lang: Lang, code: string, expected: readonly Expected[], options: CaseOptions = {}): InvalidTestCase<MessageIds, Options> {
  if (expected.length === 0) throw new Error('an invalid case needs at least one report');
  const errors = expected.map(({ at, nth, fix, bot }) => ({
    messageId: 'pollingOnImport' as const,
    data: { bot: bot ?? BOT_TOKEN, fix },
    ...spanOf(code, at, nth),
  }));
  return { ...valid(lang, code, options), errors };
}

/** The same case without and with Node's globals declared. */
export function bothGlobals<T>(make: (withGlobals: boolean) => T): T[] {
  return [make(false), make(true)];
}

/**
 * The rule typed as the tester expects it: @typescript-eslint/rule-tester types rules with its
 * own copy of @typescript-eslint/utils. Casting to the tester's parameter type (not `never`)
 * keeps messageIds and options of every case type-checked.
 */
const ruleTester = new RuleTester();
export const rule = noPollingOnImport as unknown as Parameters<typeof ruleTester.run<MessageIds, Options>>[1];

export function run(name: string, tests: { valid: ValidTestCase<Options>[]; invalid: InvalidTestCase<MessageIds, Options>[] }): void {
  ruleTester.run(name, rule, tests);
}

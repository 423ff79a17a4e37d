/**
 * Shared pieces of the no-hardcoded-token suites.
 *
 * Each case names its language, `ts`, `esm`, `cjs`, `tsx` or `jsx` (test/helpers/rule-testing.ts
 * says how each is parsed).
 *
 * Report locations are not counted by hand: `spanOf` finds the n-th occurrence of a fake token
 * in the code (plain `indexOf`, no token pattern) and turns it into line and columns.
 */
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';

import { noHardcodedToken, type MessageIds, type Options } from '../../../rules/no-hardcoded-token.js';
import { FILENAMES, languageOptions, spanOf, type Lang, type Span } from '../../helpers/rule-testing.js';

export type { Lang, MessageIds, Options };
export { languageOptions };

export const ALL_LANGS: readonly Lang[] = ['ts', 'esm', 'cjs'];

/** Fake tokens with the real shape: bot id, colon, 35 characters. Never real secrets. */
export const FAKE_SECRET = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export const FAKE_TOKEN = `123456789:${FAKE_SECRET}`;
export const OTHER_SECRET = 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
export const OTHER_TOKEN = `987654321:${OTHER_SECRET}`;
/** Ten-digit bot id (newer bots), `-` and `_` in the secret part. */
export const MIXED_SECRET = 'AAHx-9_kQzR2bT7uVwXyZ0aBcDeFgHiJkLm';
export const MIXED_TOKEN = `7012345678:${MIXED_SECRET}`;
/** The example token of Telegram's Bot API documentation (six-digit id, 34 characters). */
export const DOCS_SECRET = 'ABC-DEF1234ghIkl-zyx57W2v1u123ew11';
export const DOCS_TOKEN = `123456:${DOCS_SECRET}`;

export const ALL_SECRETS = [FAKE_SECRET, OTHER_SECRET, MIXED_SECRET, DOCS_SECRET];

/** What the report says, per bot id. */
export function reportMessage(botId: string): string {
  return `Hard-coded Telegram bot token of bot ${botId}. Every copy of this code polls the same bot (409 Conflict) and the secret leaks with the source: read it from an environment variable.`;
}

export { spanOf, type Span };

export interface Expected {
  /** The token as written in the code (its span is the report's location). */
  readonly token: string;
  /** Which occurrence of `token` in the code (default 0). */
  readonly nth?: number;
  /** The suggestion: its replacement text (the description's data) and the whole output. */
  readonly suggestion?: { readonly replacement: string; readonly output: string };
}

function title(lang: Lang, name: string | undefined, code: string): string {
  return `[${lang}] ${name ?? ''}\n${code}`;
}

/** A file in which the rule must stay silent. */
export function valid(lang: Lang, code: string, name?: string): ValidTestCase<Options> {
  return { name: title(lang, name, code), code, filename: FILENAMES[lang], languageOptions: languageOptions(lang) };
}

/** A file with the given reports, in source order, each at its token. */
export function invalid(lang: Lang, code: string, expected: readonly Expected[], name?: string): InvalidTestCase<MessageIds, Options> {
  const errors = expected.map(({ token, nth, suggestion }) => ({
    messageId: 'hardcodedToken' as const,
    data: { botId: token.slice(0, token.indexOf(':')) },
    ...spanOf(code, token, nth),
    suggestions: suggestion
      ? [{ messageId: 'readFromEnv' as const, data: { replacement: suggestion.replacement }, output: suggestion.output }]
      : [],
  }));
  return { ...valid(lang, code, name), errors };
}

/**
 * The rule typed as the tester expects it: @typescript-eslint/rule-tester types rules with its
 * own copy of @typescript-eslint/utils. Casting to the tester's parameter type (not `never`)
 * keeps messageIds and options of every case type-checked.
 */
const ruleTester = new RuleTester();
export const rule = noHardcodedToken as unknown as Parameters<typeof ruleTester.run<MessageIds, Options>>[1];

export function run(
  name: string,
  tests: { valid: ValidTestCase<Options>[]; invalid: InvalidTestCase<MessageIds, Options>[] },
): void {
  ruleTester.run(name, rule, tests);
}

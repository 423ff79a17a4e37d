/**
 * Shared helpers for the no-duplicate-poller shape suites (rule used WITHOUT options: the
 * "second polling bot of the same token in one file" mode).
 *
 * Each case names its language, `ts`, `esm` or `cjs` (test/helpers/rule-testing.ts says how each
 * is parsed); `globals: true` declares Node's globals as users do.
 *
 * Lines are not counted by hand: the code marks the line where the first poller starts
 * polling (its start call, or the `new` whose options poll) with `// #1` and each reported
 * start of a duplicate with `// #2` (`// #3`, … for more), and the helper turns the marks
 * into the expected `line` of the report and the `line` in its message data.
 */
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';

import { noDuplicatePoller, type MessageIds, type Options } from '../../../rules/no-duplicate-poller.js';
import { FILENAMES, languageOptions, type Lang as AnyLang } from '../../helpers/rule-testing.js';

export type Lang = Extract<AnyLang, 'ts' | 'esm' | 'cjs'>;

export interface CaseOptions {
  /** Declare Node's globals (`globals.node`). */
  readonly globals?: boolean;
  /** Override the file name (relative: an absolute one breaks `context.cwd`). */
  readonly filename?: string;
  /** A label for the test title. */
  readonly name?: string;
}

function title(lang: Lang, options: CaseOptions): string {
  return `[${lang}${options.globals ? ' +globals.node' : ''}] ${options.name ?? ''}`.trim();
}

/** A file in which the rule must stay silent. */
export function valid(lang: Lang, code: string, options: CaseOptions = {}): ValidTestCase<Options> {
  return {
    name: `${title(lang, options)}\n${code}`,
    code,
    filename: options.filename ?? FILENAMES[lang],
    languageOptions: languageOptions(lang, { globals: options.globals ?? false }),
  };
}

/** 1-based line of the only line that carries `mark`; throws when the mark is missing or repeated. */
export function lineOf(code: string, mark: string): number {
  const lines = code.split('\n');
  const found = lines.flatMap((text, index) => (text.includes(mark) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`mark ${mark} found ${found.length} times in:\n${code}`);
  return found[0] as number;
}

/**
 * A file with duplicates. `token` is how the message names the token (an env name, or
 * `hard-coded token of bot <id>`). By default one duplicate start (`// #2`) of a token the
 * first poller starts at `// #1`; `duplicates` > 1 expects `// #2`, `// #3`, … all pointing
 * at `// #1` (two starts of one second instance are two sites).
 */
export function invalid(
  lang: Lang,
  code: string,
  token: string,
  options: CaseOptions & { readonly duplicates?: number } = {},
): InvalidTestCase<MessageIds, Options> {
  const first = String(lineOf(code, '// #1'));
  const count = options.duplicates ?? 1;
  const errors = Array.from({ length: count }, (_, i) => ({
    messageId: 'duplicateInFile' as const,
    data: { token, line: first },
    line: lineOf(code, `// #${i + 2}`),
  }));
  return { ...valid(lang, code, options), errors };
}

/** The same case with and without Node's globals declared. */
export function withAndWithoutGlobals<T extends { name?: string }>(make: (options: CaseOptions) => T, name?: string): T[] {
  return [make({ name }), make({ name, globals: true })];
}

/** A FAKE token with the real shape (bot id, colon, 35 characters). Never a real secret. */
export function fakeToken(botId: string, fill = 'A'): string {
  return `${botId}:${fill.repeat(35)}`;
}

/** One way of bringing a library class (or function) into scope. */
export interface ImportForm {
  readonly name: string;
  readonly langs: readonly Lang[];
  /** Statements that bring the class into scope (may be empty). */
  readonly header: string;
  /** The expression written after `new` (or called). */
  readonly ctor: string;
  /** Uses `require`: run with and without Node globals declared. */
  readonly usesRequire?: boolean;
}

/** One case per language of the form; `require` forms also with `globals.node`. */
export function variants<T>(form: ImportForm, make: (lang: Lang, options: CaseOptions) => T): T[] {
  return form.langs.flatMap((lang) => {
    const name = form.name;
    if (!form.usesRequire) return [make(lang, { name })];
    return [make(lang, { name }), make(lang, { name, globals: true })];
  });
}

/** CommonJS has no top-level await: wrap the code in an async IIFE there. */
export function asyncBody(lang: Lang, code: string): string {
  return lang === 'cjs' ? `(async () => {\n${code}\n})();` : code;
}

export const ALL_LANGS: readonly Lang[] = ['ts', 'esm', 'cjs'];

const ruleTester = new RuleTester();

/** Runs the suites. */
export function runShapes(
  title: string,
  tests: { valid: ValidTestCase<Options>[]; invalid: InvalidTestCase<MessageIds, Options>[] },
): void {
  ruleTester.run(title, noDuplicatePoller, tests);
}

// Small helpers the rule suites share: the languages a case is written in, where a needle sits
// in code (for report locations), and what ESLint says when a rule's options fail its schema
// (RuleTester cannot assert that).
import '../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { createRequire } from 'node:module';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import globals from 'globals';

/**
 * The languages a case is written in, each with the file name it is linted as:
 * - `ts`:  `src/bot.ts`, @typescript-eslint/parser, ESM;
 * - `esm`: `src/bot.mjs`, espree (ESLint's own parser), sourceType module;
 * - `cjs`: `src/bot.cjs`, espree, sourceType commonjs (ESLint then declares `require`, `module`
 *   and `exports` itself, as it does for real `.cjs` files);
 * - `tsx`: `src/Bot.tsx`, @typescript-eslint/parser (JSX from the extension);
 * - `jsx`: `src/Bot.jsx`, espree with JSX on.
 */
export type Lang = 'ts' | 'esm' | 'cjs' | 'tsx' | 'jsx';

export const FILENAMES: Record<Lang, string> = { ts: 'src/bot.ts', esm: 'src/bot.mjs', cjs: 'src/bot.cjs', tsx: 'src/Bot.tsx', jsx: 'src/Bot.jsx' };

// ESLint's own default parser, resolved the way ESLint resolves it (it is ESLint's dependency,
// not ours), so JavaScript cases parse exactly as a plain ESLint config would.
const fromProject = createRequire(path.join(process.cwd(), 'package.json'));
export const espree = createRequire(fromProject.resolve('eslint'))('espree') as typeof tsParser;

/**
 * languageOptions of a case in `lang`. `globals: true` declares Node's globals (`globals.node`)
 * the way users do; without it `require`, `module` and `process` are undeclared in TS and ESM.
 */
export function languageOptions(lang: Lang, options: { readonly globals?: boolean } = {}) {
  const declared = options.globals ? { globals: globals.node } : {};
  if (lang === 'ts' || lang === 'tsx') return { parser: tsParser, ...declared };
  const sourceType = lang === 'cjs' ? ('commonjs' as const) : ('module' as const);
  const jsx = lang === 'jsx' ? { ecmaFeatures: { jsx: true } } : {};
  return { parser: espree, sourceType, parserOptions: { ecmaVersion: 'latest' as const, sourceType, ...jsx }, ...declared };
}

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Line and 1-based columns of the `nth` (0-based) occurrence of `needle`; throws when absent. */
export function spanOf(code: string, needle: string, nth = 0): Span {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = code.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`occurrence ${nth} of ${needle} not found in:\n${code}`);
  }
  const position = (offset: number) => {
    const before = code.slice(0, offset).split('\n');
    return { line: before.length, column: (before.at(-1) as string).length + 1 };
  };
  const start = position(index);
  const end = position(index + needle.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

const linter = new Linter({ configType: 'flat' });

/** Lint a trivial file with the rule and these options (throws ESLint's schema error for bad ones). */
export function lintWithOptions(ruleName: string, rule: unknown, options: unknown): Linter.LintMessage[] {
  return linter.verify(
    'const x = 1;\n',
    {
      files: ['**/*.js'],
      plugins: { 'telegram-bot': { rules: { [ruleName]: rule as never } } },
      rules: { [`telegram-bot/${ruleName}`]: ['error', options] as Linter.RuleEntry },
    },
    'src/a.js',
  );
}

/** The message of the schema error these options raise for the rule, or undefined when accepted. */
export function schemaError(ruleName: string, rule: unknown, options: unknown): string | undefined {
  try {
    lintWithOptions(ruleName, rule, options);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

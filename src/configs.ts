/**
 * The shared configs. `recommended` is a list of two config objects, so that it can be pasted into
 * any eslint.config.* as it is: TypeScript files get typescript-eslint's parser (loaded on the
 * first such file, with a clear message when it is not installed), JavaScript files keep ESLint's
 * own parser, and the rules run on both.
 */
import type { ESLint, Linter } from 'eslint';

import { loadTypeScriptParser, typeScriptParserVersion } from './core/typescript-parser.js';
import { packageInfo } from './package-info.js';

export const JAVASCRIPT_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];
export const TYPESCRIPT_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];

/**
 * A parser object that hands TypeScript files to @typescript-eslint/parser with whatever
 * parserOptions the user's config gives (typed linting included). Not loaded before it is needed,
 * so a JavaScript-only lint run never loads TypeScript.
 */
export const typeScriptParser: Linter.Parser = {
  // ESLint's cache keys on the parser's meta: a new parser version invalidates it.
  meta: { name: `${packageInfo.name}/typescript-parser`, version: `${packageInfo.version}+${typeScriptParserVersion() ?? 'none'}` },
  parseForESLint(code: string, options?: Record<string, unknown>) {
    return loadTypeScriptParser().parseForESLint(code, options as never) as unknown as Linter.ESLintParseResult;
  },
};

export function recommendedConfigs(plugin: ESLint.Plugin, rules: Linter.RulesRecord): Linter.Config[] {
  return [
    {
      name: 'telegram-bot/recommended/typescript-parser',
      files: TYPESCRIPT_FILES,
      languageOptions: { parser: typeScriptParser },
    },
    {
      name: 'telegram-bot/recommended',
      files: [...JAVASCRIPT_FILES, ...TYPESCRIPT_FILES],
      plugins: { 'telegram-bot': plugin },
      rules,
    },
  ];
}

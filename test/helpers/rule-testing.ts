// Small helpers the rule suites share: where a needle sits in code (for report locations), and
// what ESLint says when a rule's options fail its schema (RuleTester cannot assert that).
import { Linter } from 'eslint';

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

/**
 * Invalid options fail the rule's schema. RuleTester cannot assert a schema error as a test case
 * (it throws while building the config), so these run ESLint's Linter directly and check what
 * ESLint says. A valid counterpart of every invalid value shows that the error comes from that
 * value alone.
 */
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { describe, expect, it } from 'vitest';

import { lintWithOptions, schemaError as schemaErrorOf } from '../../helpers/rule-testing.js';
import { rule, type Options } from './helpers.js';

const schemaError = (options: unknown) => schemaErrorOf('no-polling-on-import', rule, options);
const lint = (options: unknown) => lintWithOptions('no-polling-on-import', rule, options);

const invalid: { name: string; options: unknown; names: string[] }[] = [
  { name: 'entries a string', options: { entries: 'src/bot.ts' }, names: ['Value "src/bot.ts" should be array'] },
  { name: 'entries of numbers', options: { entries: [1] }, names: ['Value 1 should be string'] },
  { name: 'entries with an empty path', options: { entries: ['src/bot.ts', ''] }, names: ['Value "" should NOT be shorter than 1 characters'] },
  { name: 'unknown key', options: { entry: ['src/bot.ts'] }, names: ['Unexpected property "entry"', 'Expected properties: "entries"'] },
  { name: 'options not an object', options: ['src/bot.ts'], names: ['should be object'] },
];

const validCounterparts: { name: string; options: Options[0] }[] = [
  { name: 'empty object', options: {} },
  { name: 'empty entries', options: { entries: [] } },
  { name: 'relative, glob and absolute entries', options: { entries: ['src/bot.ts', 'scripts/**/*.mjs', '/repo/apps/bot/src/main.ts'] } },
];

describe('no-polling-on-import: options schema', () => {
  for (const { name, options, names } of invalid) {
    it(`rejects: ${name}`, () => {
      const message = schemaError(options);
      expect(message, 'options were accepted').toBeDefined();
      expect(message).toContain('telegram-bot/no-polling-on-import');
      for (const part of names) expect(message).toContain(part);
    });
  }
  for (const { name, options } of validCounterparts) {
    it(`accepts: ${name}`, () => {
      expect(schemaError(options)).toBeUndefined();
      expect(lint(options)).toEqual([]);
    });
  }
});

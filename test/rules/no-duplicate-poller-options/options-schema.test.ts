/**
 * Invalid options fail the rule's schema. Neither RuleTester can assert a schema error as a
 * test case (both throw while building the config), so these run ESLint's Linter directly and
 * check what the error says about the option at fault. A valid counterpart of every invalid value
 * shows that the error comes from that value alone.
 */
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { describe, expect, it } from 'vitest';

import { lintWithOptions, schemaError as schemaErrorOf } from '../../helpers/rule-testing.js';
import { rule, type Options } from './helpers.js';

const schemaError = (options: unknown) => schemaErrorOf('no-duplicate-poller', rule, options);
const lint = (options: unknown) => lintWithOptions('no-duplicate-poller', rule, options);

/**
 * `names`: what the message must contain. ESLint 10 prints each schema error as
 * `Value <the offending value> <ajv message>` WITHOUT the option's path, so the option is named
 * where ESLint names it (a missing or unknown key, with the expected keys) and otherwise the
 * message shows the offending value and what is wrong with it.
 */
const invalid: { name: string; options: unknown; names: string[] }[] = [
  { name: 'unknown top-level key', options: { owner: [{ module: 'src/bot.ts' }] }, names: ['Unexpected property "owner"', 'Expected properties: "owners", "sameToken"'] },
  { name: 'owners not an array', options: { owners: { module: 'src/bot.ts' } }, names: ['Value {"module":"src/bot.ts"} should be array'] },
  { name: 'owner without module', options: { owners: [{ token: 'BOT_TOKEN' }] }, names: ['Value {"token":"BOT_TOKEN"}', "should have required property 'module'"] },
  { name: 'empty module', options: { owners: [{ module: '' }] }, names: ['Value "" should NOT be shorter than 1 characters'] },
  { name: 'module not a string', options: { owners: [{ module: 1 }] }, names: ['Value 1 should be string'] },
  { name: 'unknown owner key', options: { owners: [{ module: 'src/bot.ts', tokens: ['A'] }] }, names: ['Unexpected property "tokens"', 'Expected properties: "module", "token", "export"'] },
  { name: 'empty token string', options: { owners: [{ module: 'src/bot.ts', token: '' }] }, names: ['Value "" should NOT be shorter than 1 characters', 'Value "" should match exactly one schema in oneOf'] },
  { name: 'empty token list', options: { owners: [{ module: 'src/bot.ts', token: [] }] }, names: ['Value [] should NOT have fewer than 1 items'] },
  { name: 'token list with an empty name', options: { owners: [{ module: 'src/bot.ts', token: ['A', ''] }] }, names: ['Value ["A",""] should match exactly one schema in oneOf', 'Value "" should NOT be shorter than 1 characters'] },
  { name: 'token a number (a bot id must be a string)', options: { owners: [{ module: 'src/bot.ts', token: 123456789 }] }, names: ['Value 123456789 should be string'] },
  { name: 'export not an identifier', options: { owners: [{ module: 'src/bot.ts', export: 'my-bot' }] }, names: ['Value "my-bot" should match pattern'] },
  { name: 'export starting with a digit', options: { owners: [{ module: 'src/bot.ts', export: '1bot' }] }, names: ['Value "1bot" should match pattern'] },
  { name: 'second owner invalid', options: { owners: [{ module: 'src/bot.ts' }, { module: '' }] }, names: ['Value "" should NOT be shorter than 1 characters'] },
  { name: 'sameToken not a list of lists', options: { sameToken: ['A', 'B'] }, names: ['Value "A" should be array'] },
  { name: 'sameToken group of one', options: { sameToken: [['A']] }, names: ['Value ["A"] should NOT have fewer than 2 items'] },
  { name: 'sameToken empty name', options: { sameToken: [['A', '']] }, names: ['Value "" should NOT be shorter than 1 characters'] },
  { name: 'options not an object', options: 'src/bot.ts', names: ['Value "src/bot.ts" should be object'] },
];

const validCounterparts: { name: string; options: Options[0] }[] = [
  { name: 'empty object', options: {} },
  { name: 'module only', options: { owners: [{ module: 'src/bot.ts' }] } },
  { name: 'token string', options: { owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] } },
  { name: 'token list', options: { owners: [{ module: 'src/bot.ts', token: ['A', 'B'] }] } },
  { name: 'bot id token', options: { owners: [{ module: 'src/bot.ts', token: '123456789' }] } },
  { name: 'export identifier', options: { owners: [{ module: 'src/bot.ts', export: '$bot_1' }] } },
  { name: 'glob and absolute modules', options: { owners: [{ module: '/repo/src/**/bot.ts' }, { module: 'src/admin' }] } },
  { name: 'sameToken groups', options: { sameToken: [['A', 'B'], ['C', 'D', 'E']] } },
  { name: 'both', options: { owners: [{ module: 'src/bot.ts', token: 'A' }], sameToken: [['A', 'B']] } },
];

describe('no-duplicate-poller: options schema', () => {
  for (const { name, options, names } of invalid) {
    it(`rejects: ${name}`, () => {
      const message = schemaError(options);
      expect(message, 'options were accepted').toBeDefined();
      expect(message).toContain('telegram-bot/no-duplicate-poller');
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

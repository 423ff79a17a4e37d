// Shared pieces of the no-duplicate-poller option suites.
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import { RuleTester } from '@typescript-eslint/rule-tester';

import { noDuplicatePoller, type MessageIds, type Options } from '../../../rules/no-duplicate-poller.js';
import { languageOptions } from '../../helpers/rule-testing.js';

/** The tester's default parser is @typescript-eslint/parser (TS cases). */
export const ruleTester = new RuleTester();

/** The rule's options tuple, for shared option constants. */
export type { Options };

/**
 * The rule typed as the tester expects it. @typescript-eslint/rule-tester 8.72 types rules with
 * its nested copy of @typescript-eslint/utils, the rule is built with the project's 8.73: the
 * types differ by identity only. Casting to the tester's own parameter type (not to `never`)
 * keeps messageIds and options of every case type-checked.
 */
export const rule = noDuplicatePoller as unknown as Parameters<typeof ruleTester.run<MessageIds, Options>>[1];

/** languageOptions of a JavaScript case parsed as ESLint parses it by default. */
export function jsLanguage(sourceType: 'module' | 'commonjs') {
  return languageOptions(sourceType === 'module' ? 'esm' : 'cjs');
}

/** A fake token: right shape, made-up bot id and secret. Never a real one. */
export const FAKE_SECRET = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export const FAKE_TOKEN = `123456789:${FAKE_SECRET}`;

export const NTBA_IMPORT = "import TelegramBot from 'node-telegram-bot-api';";

/** A TS module that polls `process.env[envName]` from the constructor. */
export function pollerModule(envName: string, local = 'bot'): string {
  return `${NTBA_IMPORT}\nconst ${local} = new TelegramBot(process.env.${envName}!, { polling: true });\n`;
}

/** The one suggestion expected on `pollerModule(…)` in a TS file: the declaration becomes an
 * import, and the library import, which nothing else reads, goes. */
export function importSuggestion(specifier: string, local = 'bot', exportName = 'bot') {
  const binding = local === exportName ? local : `${exportName} as ${local}`;
  return [
    {
      messageId: 'importOwnerInstance' as const,
      data: { exportName, specifier },
      output: `import { ${binding} } from '${specifier}';\n`,
    },
  ];
}

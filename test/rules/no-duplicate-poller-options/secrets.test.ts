/**
 * No message (report or suggestion) ever carries a token's secret part, whichever messageId
 * reports a hard-coded token. Runs ESLint's Linter on real reports and reads every text.
 */
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { FAKE_SECRET, FAKE_TOKEN, NTBA_IMPORT, rule, type Options } from './helpers.js';

const linter = new Linter({ configType: 'flat' });

function lint(code: string, filename: string, options?: Options[0]): Linter.LintMessage[] {
  return linter.verify(
    code,
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser as Linter.Parser },
      plugins: { 'telegram-bot': { rules: { 'no-duplicate-poller': rule as never } } },
      rules: { 'telegram-bot/no-duplicate-poller': options ? ['error', options] : 'error' },
    },
    filename,
  );
}

const poller = `new TelegramBot('${FAKE_TOKEN}', { polling: true })`;
/** Another fake token of the same bot: a different secret, still never shown. */
const OTHER_SECRET = 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

const cases: { name: string; code: string; filename: string; options?: Options[0]; messageId: string }[] = [
  { name: 'duplicateInFile', filename: 'src/a.ts', code: `${NTBA_IMPORT}\nconst a = ${poller};\nconst b = new TelegramBot('123456789:${OTHER_SECRET}', { polling: true });\n`, messageId: 'duplicateInFile' },
  { name: 'outsideOwner (with a suggestion)', filename: 'src/a.ts', code: `${NTBA_IMPORT}\nconst bot = ${poller};\n`, options: { owners: [{ module: 'src/bot.ts', token: '123456789' }] }, messageId: 'outsideOwner' },
  { name: 'noOwner', filename: 'src/a.ts', code: `${NTBA_IMPORT}\nconst bot = ${poller};\n`, options: { owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }, messageId: 'noOwner' },
  { name: 'token in a const, trimmed', filename: 'src/a.ts', code: `${NTBA_IMPORT}\nconst TOKEN = '${FAKE_TOKEN}';\nconst bot = new TelegramBot(TOKEN.trim(), { polling: true });\n`, options: { owners: [{ module: 'src/bot.ts', token: '123456789' }] }, messageId: 'outsideOwner' },
];

describe('no-duplicate-poller: messages never show a token secret', () => {
  for (const { name, code, filename, options, messageId } of cases) {
    it(name, () => {
      const messages = lint(code, filename, options);
      expect(messages.map((message) => message.messageId)).toEqual([messageId]);
      const texts = messages.flatMap((message) => [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)]);
      expect(texts.join('\n')).toContain('hard-coded token of bot 123456789');
      for (const text of texts) {
        expect(text).not.toContain(FAKE_SECRET);
        expect(text).not.toContain(OTHER_SECRET);
        expect(text).not.toMatch(/\d+:[A-Za-z0-9_-]{30,}/);
      }
    });
  }
});

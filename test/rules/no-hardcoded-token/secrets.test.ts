/**
 * No report message, no suggestion description and no suggestion output carries a token's
 * secret part. Runs ESLint's Linter (10 and 9) on real reports, applies every suggestion by hand
 * and reads every text. Also checks that nothing is an autofix (`--fix` must never rewrite it).
 */
import { Linter } from 'eslint';
import { Linter as Linter9 } from 'eslint9';
import { describe, expect, it } from 'vitest';

import { ALL_SECRETS, DOCS_TOKEN, FAKE_TOKEN, languageOptions, MIXED_TOKEN, OTHER_TOKEN, reportMessage, rule, type Lang } from './helpers.js';

interface Message {
  message: string;
  messageId?: string;
  fix?: unknown;
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
}

const linters: [string, { verify(code: string, config: unknown, filename: string): Message[] }][] = [
  ['ESLint 10', new Linter({ configType: 'flat' }) as never],
  ['ESLint 9', new Linter9({ configType: 'flat' }) as never],
];

const FILES: Record<Lang, string> = { ts: 'src/a.ts', esm: 'src/a.mjs', cjs: 'src/a.cjs', tsx: 'src/A.tsx', jsx: 'src/A.jsx' };

function lint(linter: (typeof linters)[number][1], lang: Lang, code: string): Message[] {
  return linter.verify(
    code,
    {
      files: ['**/*.*'],
      languageOptions: languageOptions(lang),
      plugins: { 'telegram-bot': { rules: { 'no-hardcoded-token': rule } } },
      rules: { 'telegram-bot/no-hardcoded-token': 'error' },
    },
    FILES[lang],
  );
}

const cases: { name: string; lang: Lang; code: string; botIds: string[]; suggestions: number }[] = [
  { name: 'named const', lang: 'ts', code: `const BOT_TOKEN = '${FAKE_TOKEN}';\n`, botIds: ['123456789'], suggestions: 1 },
  { name: 'env default', lang: 'esm', code: `const token = process.env.BOT_TOKEN || '${MIXED_TOKEN}';\n`, botIds: ['7012345678'], suggestions: 1 },
  { name: 'object property', lang: 'cjs', code: `module.exports = { botToken: \`${DOCS_TOKEN}\` };\n`, botIds: ['123456'], suggestions: 1 },
  { name: 'JSX attribute', lang: 'tsx', code: `export const L = () => <Login botToken="${FAKE_TOKEN}" />;\n`, botIds: ['123456789'], suggestions: 1 },
  { name: 'constructor argument', lang: 'cjs', code: `new (require('node-telegram-bot-api'))('${FAKE_TOKEN}', { polling: true });\n`, botIds: ['123456789'], suggestions: 0 },
  { name: 'URL', lang: 'ts', code: `fetch(\`https://api.telegram.org/bot${OTHER_TOKEN}/\${method}\`);\n`, botIds: ['987654321'], suggestions: 0 },
  {
    name: 'two properties',
    lang: 'ts',
    code: `export const config = { token: '${FAKE_TOKEN}', adminToken: '${OTHER_TOKEN}' };\n`,
    botIds: ['123456789', '987654321'],
    suggestions: 2,
  },
];

const applied = (code: string, fix: { range: [number, number]; text: string }) => code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);

for (const [version, linter] of linters) {
  describe(`no-hardcoded-token under ${version}: the secret never shows`, () => {
    for (const { name, lang, code, botIds, suggestions } of cases) {
      it(`[${lang}] ${name}`, () => {
        const messages = lint(linter, lang, code);
        expect(messages.map((message) => message.message)).toEqual(botIds.map(reportMessage));
        expect(messages.every((message) => message.fix === undefined)).toBe(true);
        const offered = messages.flatMap((message) => message.suggestions ?? []);
        expect(offered).toHaveLength(suggestions);
        const texts = [
          ...messages.map((message) => message.message),
          ...offered.map((suggestion) => suggestion.desc),
          ...offered.map((suggestion) => suggestion.fix.text),
        ];
        for (const text of texts) {
          for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
        }
        // The suggestion's output removes the token it was offered for (and touches nothing else).
        for (const message of messages) {
          for (const suggestion of message.suggestions ?? []) {
            const output = applied(code, suggestion.fix);
            const botId = /bot (\d+)\./.exec(message.message)?.[1] as string;
            expect(output).not.toContain(`${botId}:`);
            expect(output).toContain('process.env.');
            const others = botIds.filter((id) => id !== botId);
            for (const id of others) expect(output).toContain(`${id}:`);
          }
        }
      });
    }
  });
}

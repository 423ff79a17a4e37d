/**
 * True positives: every token in a string literal, a template literal's static text or JSX text
 * is reported, at the token, once per occurrence. Suggestions are asserted here only where the
 * shape offers one; their variety is in suggestions.test.ts.
 */
import {
  ALL_LANGS,
  DOCS_TOKEN,
  FAKE_TOKEN,
  invalid,
  MIXED_TOKEN,
  OTHER_TOKEN,
  run,
  type Lang,
} from './helpers.js';

/** How each language loads the library (the rule does not care; the files look real). */
function header(lang: Lang): string {
  return lang === 'cjs' ? "const TelegramBot = require('node-telegram-bot-api');" : "import TelegramBot from 'node-telegram-bot-api';";
}

const perLanguage = ALL_LANGS.flatMap((lang) => [
  invalid(
    lang,
    `${header(lang)}\nconst bot = new TelegramBot('${FAKE_TOKEN}', { polling: true });\n`,
    [{ token: FAKE_TOKEN }],
    'plain literal as the constructor argument (no name: no suggestion)',
  ),
  invalid(
    lang,
    `${header(lang)}\nconst bot = new TelegramBot("${MIXED_TOKEN}");\n`,
    [{ token: MIXED_TOKEN }],
    'double quotes, ten-digit bot id, - and _ in the secret',
  ),
  invalid(lang, `const token = '${DOCS_TOKEN}';\n`, [
    { token: DOCS_TOKEN, suggestion: { replacement: 'process.env.TOKEN', output: 'const token = process.env.TOKEN;\n' } },
  ], "the Bot API documentation's example token"),
  invalid(lang, `const BOT_TOKEN = \`${FAKE_TOKEN}\`;\n`, [
    { token: FAKE_TOKEN, suggestion: { replacement: 'process.env.BOT_TOKEN', output: 'const BOT_TOKEN = process.env.BOT_TOKEN;\n' } },
  ], 'template literal without expressions'),
  invalid(
    lang,
    `export async function call(method, body) {\n  return fetch(\`https://api.telegram.org/bot${FAKE_TOKEN}/\${method}\`, { method: 'POST', body });\n}\n`.replace(
      'export ',
      lang === 'cjs' ? '' : 'export ',
    ),
    [{ token: FAKE_TOKEN }],
    'template literal with the token in a static part (a URL)',
  ),
  invalid(
    lang,
    `const url = \`\${base}/bot${FAKE_TOKEN}/sendMessage?chat_id=\${chatId}\`;\n`,
    [{ token: FAKE_TOKEN }],
    'token in a middle static part',
  ),
  invalid(
    lang,
    `fetch('https://api.telegram.org/bot${FAKE_TOKEN}/sendMessage', { method: 'POST' });\n`,
    [{ token: FAKE_TOKEN }],
    'URL in a plain string',
  ),
  invalid(
    lang,
    `const webhook = 'https://example.com/telegram/${FAKE_TOKEN}';\n`,
    [{ token: FAKE_TOKEN }],
    'token as a webhook path (whole-literal name, but not the whole literal: no suggestion)',
  ),
  invalid(
    lang,
    `const envFile = \`\nNODE_ENV=production\nBOT_TOKEN=${FAKE_TOKEN}\nADMIN_BOT_TOKEN=${OTHER_TOKEN}\nPORT=3000\n\`;\n`,
    [{ token: FAKE_TOKEN }, { token: OTHER_TOKEN }],
    '.env-like multi-line template: two tokens, two reports on their lines',
  ),
  invalid(
    lang,
    `const tokens = '${FAKE_TOKEN},${OTHER_TOKEN}';\n`,
    [{ token: FAKE_TOKEN }, { token: OTHER_TOKEN }],
    'two tokens in one string',
  ),
  invalid(
    lang,
    `const pair = '${FAKE_TOKEN} ${FAKE_TOKEN}';\n`,
    [{ token: FAKE_TOKEN, nth: 0 }, { token: FAKE_TOKEN, nth: 1 }],
    'the same token twice in one string: one report per occurrence',
  ),
  invalid(
    lang,
    `const bots = ['${FAKE_TOKEN}', '${OTHER_TOKEN}'];\n`,
    [{ token: FAKE_TOKEN }, { token: OTHER_TOKEN }],
    'array of tokens (no name: no suggestion)',
  ),
  invalid(
    lang,
    `const message = 'it\\'s "quoted" \\u00e9 then ${FAKE_TOKEN}';\n`,
    [{ token: FAKE_TOKEN }],
    'escapes before the token: the location is still the token',
  ),
  invalid(
    lang,
    `const raw = String.raw\`${FAKE_TOKEN}\`;\n`,
    [{ token: FAKE_TOKEN }],
    'tagged template (no suggestion: the tag would swallow the replacement)',
  ),
  invalid(
    lang,
    `const byToken = { '${FAKE_TOKEN}': 'main' };\n`,
    [{ token: FAKE_TOKEN }],
    'token as an object key',
  ),
  invalid(
    lang,
    `const note = 'token:${FAKE_TOKEN}';\n`,
    [{ token: FAKE_TOKEN }],
    'token right after a word and a colon',
  ),
  invalid(
    lang,
    `function send(text) {\n  return post('https://api.telegram.org/bot${FAKE_TOKEN}/sendMessage', { text });\n}\n// ${OTHER_TOKEN} in a comment is not reported\n`,
    [{ token: FAKE_TOKEN }],
    'a literal and a comment: only the literal',
  ),
]);

const typescriptOnly = [
  invalid('ts', `type Token = '${FAKE_TOKEN}';\n`, [{ token: FAKE_TOKEN }], 'string literal type'),
  invalid('ts', `enum Secrets {\n  Bot = '${FAKE_TOKEN}',\n}\n`, [{ token: FAKE_TOKEN }], 'string enum member (no suggestion: enum values must be constant)'),
  invalid(
    'ts',
    `import TelegramBot from 'node-telegram-bot-api';\nexport const bot = new TelegramBot('${FAKE_TOKEN}' as string, { polling: true } as TelegramBot.ConstructorOptions);\n`,
    [{ token: FAKE_TOKEN }],
    'behind `as string`',
  ),
];

const jsx = (['tsx', 'jsx'] as const).flatMap((lang) => [
  invalid(lang, `export const Help = () => <p>Token: ${FAKE_TOKEN}</p>;\n`, [{ token: FAKE_TOKEN }], 'JSX text'),
  invalid(
    lang,
    `export const Widget = () => <TelegramLogin bot="${FAKE_TOKEN}" size="large" />;\n`,
    [{ token: FAKE_TOKEN, suggestion: { replacement: '{process.env.BOT}', output: 'export const Widget = () => <TelegramLogin bot={process.env.BOT} size="large" />;\n' } }],
    'JSX attribute string (named by the attribute, wrapped in braces)',
  ),
  invalid(
    lang,
    `export const Link = () => <a href="https://api.telegram.org/bot${FAKE_TOKEN}/getMe">getMe</a>;\n`,
    [{ token: FAKE_TOKEN }],
    'JSX attribute URL',
  ),
]);

run('no-hardcoded-token: true positives', { valid: [], invalid: [...perLanguage, ...typescriptOnly, ...jsx] });

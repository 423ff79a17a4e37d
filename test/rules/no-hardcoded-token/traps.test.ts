/**
 * Traps: text that looks a little like a token, or a token the rule must leave alone. Each trap
 * runs twice: as written, and with a token in a trailing comment. The comment gets the file
 * past the rule's text pre-check, so the listeners really look at the trap (comments themselves
 * are out of scope); without it most traps would be silent before any listener ran.
 */
import { ALL_LANGS, FAKE_SECRET, FAKE_TOKEN, run, valid, type Lang } from './helpers.js';

const COMMENT = `\n// e.g. BOT_TOKEN=${FAKE_TOKEN}\n`;

const traps: { name: string; code: string; langs?: readonly Lang[] }[] = [
  { name: 'short fake', code: "const token = '123:abc';" },
  { name: 'right id, short secret', code: "const token = '123456789:short';" },
  { name: 'secret one character too short (29)', code: `const token = '123456789:${'A'.repeat(29)}';` },
  { name: 'four-digit id', code: `const token = '1234:${FAKE_SECRET}';` },
  { name: 'sixteen-digit id', code: `const token = '1234567890123456:${FAKE_SECRET}';` },
  { name: 'no colon', code: `const token = '123456789${FAKE_SECRET}';` },
  { name: 'redacted token', code: "const shown = '123456789:<secret>';\nconst masked = '123456789:***********************************';" },
  { name: 'the secret part alone (no bot id: not a token)', code: `const secret = '${FAKE_SECRET}';` },
  { name: 'interpolated env var', code: 'const url = `https://api.telegram.org/bot${process.env.BOT_TOKEN}/getMe`;' },
  { name: 'interpolation only', code: 'const token = `${process.env.BOT_TOKEN}`;' },
  { name: 'interpolated variable', code: 'const url = `https://api.telegram.org/bot${token}/sendMessage`;' },
  { name: 'id and secret interpolated separately', code: 'const token = `${botId}:${secret}`;' },
  { name: 'secret split by an interpolation', code: `const token = \`\${botId}:${FAKE_SECRET}\`;` },
  { name: 'id split by an interpolation', code: `const token = \`12345\${rest}6789:${FAKE_SECRET}\`;` },
  { name: 'id and secret in two concatenated literals', code: `const token = '123456789:' + '${FAKE_SECRET}';` },
  { name: 'concatenation of a prefix and an env var', code: "const url = 'https://api.telegram.org/bot' + process.env.BOT_TOKEN + '/getMe';" },
  { name: 'env var', code: "const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });", langs: ['cjs'] },
  { name: 'times', code: "const at = '12:30:45';\nconst iso = '2024-05-01T12:30:45.123Z';\nconst cron = '0 30 12 * * *';" },
  { name: 'ports and hosts', code: "const url = 'http://127.0.0.1:8080/webhook';\nconst host = 'localhost:3000';\nconst redis = 'redis://user@cache.internal:6379/0';" },
  { name: 'UUID', code: "const id = '550e8400-e29b-41d4-a716-446655440000';\nconst ref = 'urn:uuid:550e8400-e29b-41d4-a716-446655440000';" },
  { name: 'short hash, commit and digest', code: "const short = 'a1b2c3d';\nconst commit = '3f786850e387550fdab836ed7e6dc881de23001b';\nconst digest = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';" },
  { name: 'chat ids and message ids', code: "const chat = '-1001234567890';\nconst key = '-1001234567890:42';" },
  { name: 'token in a line comment', code: `// const token = '${FAKE_TOKEN}';\nconst token = process.env.BOT_TOKEN;` },
  { name: 'token in a block comment', code: `/**\n * BOT_TOKEN=${FAKE_TOKEN}\n */\nexport {};`, langs: ['ts', 'esm'] },
  { name: 'regular expression literal', code: 'const shape = /^\\d{5,15}:[A-Za-z0-9_-]{30,}$/;' },
  { name: 'numbers', code: 'const a = 123456789;\nconst b = 0x123456789;' },
];

const cases = traps.flatMap(({ name, code, langs }) =>
  (langs ?? ALL_LANGS).flatMap((lang) => [valid(lang, `${code}\n`, name), valid(lang, `${code}${COMMENT}`, `${name} (past the pre-check)`)]),
);

const jsx = (['tsx', 'jsx'] as const).flatMap((lang) => [
  valid(lang, `export const Time = () => <p title="12:30:45">Opens at 09:00:00, port 8080:80</p>;${COMMENT}`, 'JSX text and attribute with times'),
  valid(lang, `export const Link = ({ token }) => <a href={\`https://api.telegram.org/bot\${token}/getMe\`}>getMe</a>;${COMMENT}`, 'JSX attribute with an interpolation'),
  valid(lang, `export const Help = () => (\n  <p>\n    {/* ${FAKE_TOKEN} */}\n    Set BOT_TOKEN in .env\n  </p>\n);\n`, 'JSX comment'),
]);

run('no-hardcoded-token: traps stay valid', { valid: [...cases, ...jsx], invalid: [] });

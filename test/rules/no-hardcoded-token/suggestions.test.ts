/**
 * The suggestion: offered only when the literal is the whole token and a name is evident from
 * where it is written; its output is asserted exactly. Never an autofix (`output` stays null).
 */
import { describe, expect, it } from 'vitest';

import { envNameOf } from '../../../rules/no-hardcoded-token.js';
import { ALL_LANGS, FAKE_TOKEN, invalid, OTHER_TOKEN, run, type Lang } from './helpers.js';

/** One report at FAKE_TOKEN whose suggestion turns `code` into `output`. */
function suggests(lang: Lang, code: string, replacement: string, output: string, name?: string) {
  return invalid(lang, code, [{ token: FAKE_TOKEN, suggestion: { replacement, output } }], name);
}

/** One report at FAKE_TOKEN without a suggestion. */
function noSuggestion(lang: Lang, code: string, name?: string) {
  return invalid(lang, code, [{ token: FAKE_TOKEN }], name);
}

const t = `'${FAKE_TOKEN}'`;

const everywhere = ALL_LANGS.flatMap((lang) => [
  suggests(lang, `const BOT_TOKEN = ${t};\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN = process.env.BOT_TOKEN;\n', 'UPPER_SNAKE const keeps its name'),
  suggests(lang, `const telegramBotToken = ${t};\n`, 'process.env.TELEGRAM_BOT_TOKEN', 'const telegramBotToken = process.env.TELEGRAM_BOT_TOKEN;\n', 'camelCase const'),
  suggests(lang, `let token = ${t};\n`, 'process.env.TOKEN', 'let token = process.env.TOKEN;\n', 'let'),
  suggests(lang, `var HTTPBotToken2 = ${t};\n`, 'process.env.HTTP_BOT_TOKEN2', 'var HTTPBotToken2 = process.env.HTTP_BOT_TOKEN2;\n', 'acronym and digit'),
  suggests(lang, `const config = {\n  token: ${t},\n};\n`, 'process.env.TOKEN', 'const config = {\n  token: process.env.TOKEN,\n};\n', 'object property `token`'),
  suggests(lang, `const config = { port: 3000, 'bot-token': ${t} };\n`, 'process.env.BOT_TOKEN', "const config = { port: 3000, 'bot-token': process.env.BOT_TOKEN };\n", 'quoted kebab-case key'),
  invalid(
    lang,
    `const config = { botToken: ${t}, adminBotToken: '${OTHER_TOKEN}' };\n`,
    [
      { token: FAKE_TOKEN, suggestion: { replacement: 'process.env.BOT_TOKEN', output: `const config = { botToken: process.env.BOT_TOKEN, adminBotToken: '${OTHER_TOKEN}' };\n` } },
      { token: OTHER_TOKEN, suggestion: { replacement: 'process.env.ADMIN_BOT_TOKEN', output: `const config = { botToken: ${t}, adminBotToken: process.env.ADMIN_BOT_TOKEN };\n` } },
    ],
    'two properties: one suggestion each, each output touches its own literal',
  ),
  suggests(lang, `config.botToken = ${t};\n`, 'process.env.BOT_TOKEN', 'config.botToken = process.env.BOT_TOKEN;\n', 'assignment to a member'),
  suggests(lang, `config['telegram_token'] = ${t};\n`, 'process.env.TELEGRAM_TOKEN', "config['telegram_token'] = process.env.TELEGRAM_TOKEN;\n", 'assignment to a computed string member'),
  suggests(lang, `let token;\ntoken = ${t};\n`, 'process.env.TOKEN', 'let token;\ntoken = process.env.TOKEN;\n', 'assignment to a variable'),
  suggests(lang, `const token = process.env.BOT_TOKEN || ${t};\n`, 'process.env.BOT_TOKEN', 'const token = process.env.BOT_TOKEN;\n', 'default after || : the env read alone'),
  suggests(lang, `const token = process.env.BOT_TOKEN ?? ${t};\n`, 'process.env.BOT_TOKEN', 'const token = process.env.BOT_TOKEN;\n', 'default after ??'),
  suggests(lang, `const bot = new TelegramBot(process.env['BOT_TOKEN'] || ${t});\n`, "process.env['BOT_TOKEN']", "const bot = new TelegramBot(process.env['BOT_TOKEN']);\n", 'default as an argument, bracket access kept as written'),
  suggests(lang, `const token = process.env.BOT_TOKEN || process.env.TELEGRAM_TOKEN || ${t};\n`, 'process.env.BOT_TOKEN || process.env.TELEGRAM_TOKEN', 'const token = process.env.BOT_TOKEN || process.env.TELEGRAM_TOKEN;\n', 'default after two env reads'),
  suggests(lang, `function start(token = ${t}) {\n  return token;\n}\n`, 'process.env.TOKEN', 'function start(token = process.env.TOKEN) {\n  return token;\n}\n', 'parameter default'),
  suggests(lang, `const { botToken = ${t} } = options;\n`, 'process.env.BOT_TOKEN', 'const { botToken = process.env.BOT_TOKEN } = options;\n', 'destructuring default'),
  suggests(lang, `class Bot {\n  botToken = ${t};\n}\n`, 'process.env.BOT_TOKEN', 'class Bot {\n  botToken = process.env.BOT_TOKEN;\n}\n', 'class field'),
  suggests(lang, `class Bot {\n  #adminToken = ${t};\n}\n`, 'process.env.ADMIN_TOKEN', 'class Bot {\n  #adminToken = process.env.ADMIN_TOKEN;\n}\n', 'private class field'),
  suggests(lang, `class Bot {\n  constructor() {\n    this.token = ${t};\n  }\n}\n`, 'process.env.TOKEN', 'class Bot {\n  constructor() {\n    this.token = process.env.TOKEN;\n  }\n}\n', '`this.token =`'),
  suggests(lang, `const BOT_TOKEN = \`${FAKE_TOKEN}\`;\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN = process.env.BOT_TOKEN;\n', 'template literal'),
  suggests(lang, `const BOT_TOKEN = '  ${FAKE_TOKEN}\\n';\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN = process.env.BOT_TOKEN;\n', 'surrounding whitespace is still the whole token'),

  noSuggestion(lang, `const bot = new TelegramBot(${t}, { polling: true });\n`, 'constructor argument: no name is evident'),
  noSuggestion(lang, `bot.telegram.setWebhook(url, ${t});\n`, 'call argument'),
  noSuggestion(lang, `const BOT_TOKEN = 'https://api.telegram.org/bot${FAKE_TOKEN}/getMe';\n`, 'token inside a URL: not the whole literal'),
  noSuggestion(lang, `const BOT_TOKEN = 'BOT_TOKEN=${FAKE_TOKEN}';\n`, 'token inside an env line'),
  noSuggestion(lang, `const BOT_TOKEN = \`${FAKE_TOKEN}\${suffix}\`;\n`, 'template literal with an expression'),
  noSuggestion(lang, `const token = config.token || ${t};\n`, 'default after something that is not an env read'),
  noSuggestion(lang, `const token = process.env.BOT_TOKEN && ${t};\n`, '&& is not a default'),
  noSuggestion(lang, `const token = isProd ? process.env.BOT_TOKEN : ${t};\n`, 'ternary'),
  noSuggestion(lang, `token += ${t};\n`, 'compound assignment'),
  noSuggestion(lang, `const config = { [key]: ${t} };\n`, 'computed key'),
  noSuggestion(lang, `const _ = ${t};\n`, 'a name that gives no env name'),
  noSuggestion(lang, `const $1 = ${t};\n`, 'a name whose env name would start with a digit'),
  noSuggestion(lang, `const tokens = [${t}];\n`, 'array element'),
  noSuggestion(lang, `const BOT_TOKEN = String.raw\`${FAKE_TOKEN}\`;\n`, 'tagged template'),
]);

const typescript = [
  suggests('ts', `const BOT_TOKEN = ${t} as const;\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN = process.env.BOT_TOKEN;\n', '`as const` goes with the literal'),
  suggests('ts', `const BOT_TOKEN = <const>${t};\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN = process.env.BOT_TOKEN;\n', '`<const>` goes with the literal'),
  suggests('ts', `const BOT_TOKEN = ${t} as string;\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN = process.env.BOT_TOKEN as string;\n', 'other assertions stay'),
  suggests('ts', `const BOT_TOKEN: string = ${t};\n`, 'process.env.BOT_TOKEN', 'const BOT_TOKEN: string = process.env.BOT_TOKEN;\n', 'type annotation stays (documented: may need `!` or a check)'),
  suggests('ts', `const config = { token: ${t} } satisfies Config;\n`, 'process.env.TOKEN', 'const config = { token: process.env.TOKEN } satisfies Config;\n', 'object under satisfies'),
  suggests('ts', `class Bot {\n  private readonly botToken: string = ${t};\n}\n`, 'process.env.BOT_TOKEN', 'class Bot {\n  private readonly botToken: string = process.env.BOT_TOKEN;\n}\n', 'typed class field'),
  suggests('ts', `const token: string = process.env.BOT_TOKEN || ${t};\n`, 'process.env.BOT_TOKEN', 'const token: string = process.env.BOT_TOKEN;\n', 'typed default (documented: may need `!` or a check)'),
  noSuggestion('ts', `enum Secrets {\n  BotToken = ${t},\n}\n`, 'string enum member'),
  noSuggestion('ts', `type BotToken = ${t};\n`, 'literal type'),
  noSuggestion('ts', `function f(token: ${t}) {}\n`, 'parameter type'),
];

const jsx = (['tsx', 'jsx'] as const).flatMap((lang) => [
  suggests(
    lang,
    `export const Login = () => <TelegramLogin botToken=${t} />;\n`,
    '{process.env.BOT_TOKEN}',
    'export const Login = () => <TelegramLogin botToken={process.env.BOT_TOKEN} />;\n',
    'JSX attribute: braces around the env read',
  ),
  suggests(
    lang,
    `export const Login = () => <TelegramLogin botToken={${t}} />;\n`,
    'process.env.BOT_TOKEN',
    'export const Login = () => <TelegramLogin botToken={process.env.BOT_TOKEN} />;\n',
    'JSX expression container: no second pair of braces',
  ),
]);

run('no-hardcoded-token: suggestions', { valid: [], invalid: [...everywhere, ...typescript, ...jsx] });

describe('envNameOf', () => {
  it.each([
    ['BOT_TOKEN', 'BOT_TOKEN'],
    ['telegramBotToken', 'TELEGRAM_BOT_TOKEN'],
    ['token', 'TOKEN'],
    ['botToken', 'BOT_TOKEN'],
    ['HTTPBotToken', 'HTTP_BOT_TOKEN'],
    ['bot2Token', 'BOT2_TOKEN'],
    ['bot-token', 'BOT_TOKEN'],
    ['_privateToken', 'PRIVATE_TOKEN'],
    ['Token', 'TOKEN'],
  ])('%s -> %s', (name, expected) => {
    expect(envNameOf(name)).toBe(expected);
  });

  it.each(['_', '$', '$1', '1token', ''])('%j gives no env name', (name) => {
    expect(envNameOf(name)).toBeUndefined();
  });
});

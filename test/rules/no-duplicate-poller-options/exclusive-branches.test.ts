/**
 * duplicateInFile: in the owner module (or with no owners), one poller per token; the arms of
 * one if/else, ternary or switch never both run and count as one.
 */
import { NTBA_IMPORT, rule, ruleTester, type Options } from './helpers.js';

const TG = "import { Telegraf } from 'telegraf';";
const poll = (token = 'process.env.BOT_TOKEN!') => `new TelegramBot(${token}, { polling: true })`;
const ownerOptions: Options = [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }];

function code(body: string): string {
  return `${NTBA_IMPORT}\n${body}\n`;
}

const dup = (line: number, firstLine: number, token = 'BOT_TOKEN') => ({
  messageId: 'duplicateInFile' as const,
  data: { token, line: String(firstLine) },
  line,
});

ruleTester.run('no-duplicate-poller: duplicates and exclusive branches', rule, {
  valid: [
    {
      name: 'if / else',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot;\nif (process.env.PROD) {\n  bot = ${poll()};\n} else {\n  bot = ${poll()};\n}`),
      options: ownerOptions,
    },
    {
      name: 'if / else without blocks',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot;\nif (process.env.PROD) bot = ${poll()};\nelse bot = ${poll()};`),
      options: ownerOptions,
    },
    {
      name: 'if / else if / else',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot;\nif (process.env.A) bot = ${poll()};\nelse if (process.env.B) bot = ${poll()};\nelse bot = ${poll()};`),
      options: ownerOptions,
    },
    {
      name: 'ternary',
      filename: 'src/bot.ts',
      code: code(`const bot = process.env.PROD ? ${poll()} : ${poll()};`),
      options: ownerOptions,
    },
    {
      name: 'switch cases that end in break',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot;\nswitch (process.env.MODE) {\n  case 'a':\n    bot = ${poll()};\n    break;\n  case 'b': {\n    bot = ${poll()};\n    break;\n  }\n  default:\n    bot = ${poll()};\n}`),
      options: ownerOptions,
    },
    {
      name: 'switch cases that return',
      filename: 'src/bot.ts',
      code: code(`export function make(mode: string) {\n  switch (mode) {\n    case 'a':\n      return ${poll()};\n    default:\n      return ${poll()};\n  }\n}`),
      options: ownerOptions,
    },
    {
      name: 'nested: then-then vs then-else',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot | undefined;\nif (process.env.RUN) {\n  if (process.env.PROD) bot = ${poll()};\n  else bot = ${poll()};\n}`),
      options: ownerOptions,
    },
    {
      name: 'nested: then vs else-then',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot | undefined;\nif (process.env.A) bot = ${poll()};\nelse if (process.env.B) { if (process.env.C) bot = ${poll()}; }`),
      options: ownerOptions,
    },
    {
      name: 'no owners configured: if / else anywhere',
      filename: 'src/anywhere.ts',
      code: code(`let bot: TelegramBot;\nif (process.env.PROD) bot = ${poll()};\nelse bot = ${poll()};`),
    },
    {
      name: 'different tokens in one file are different bots',
      filename: 'src/bots.ts',
      code: code(`const a = ${poll('process.env.BOT_TOKEN!')};\nconst b = ${poll('process.env.ADMIN_TOKEN!')};`),
    },
    {
      name: 'unknown tokens are never duplicates',
      filename: 'src/bots.ts',
      code: code(`declare const config: { token: string };\nconst a = ${poll('config.token')};\nconst b = ${poll('config.token')};`),
    },
    {
      name: 'a non-polling second instance is not a poller',
      filename: 'src/bot.ts',
      code: code(`const bot = ${poll()};\nconst sender = new TelegramBot(process.env.BOT_TOKEN!);`),
      options: ownerOptions,
    },
    {
      name: 'telegraf: two instances created together, launched in if / else arms: never both poll',
      filename: 'src/bot.ts',
      code: `${TG}\nconst a = new Telegraf(process.env.BOT_TOKEN!);\nconst b = new Telegraf(process.env.BOT_TOKEN!);\nif (process.env.PROD) void a.launch();\nelse void b.launch();\n`,
      options: ownerOptions,
    },
    {
      name: 'telegraf: launched in if / else arms',
      filename: 'src/bot.ts',
      code: `${TG}\nif (process.env.PROD) {\n  const a = new Telegraf(process.env.BOT_TOKEN!);\n  void a.launch();\n} else {\n  const b = new Telegraf(process.env.BOT_TOKEN!);\n  void b.launch();\n}\n`,
      options: ownerOptions,
    },
  ],
  invalid: [
    {
      name: 'two pollers of one token in the owner module',
      filename: 'src/bot.ts',
      code: code(`export const bot = ${poll()};\nexport const again = ${poll()};`),
      options: ownerOptions,
      errors: [dup(3, 2)],
    },
    {
      name: 'two pollers in one arm',
      filename: 'src/bot.ts',
      code: code(`if (process.env.PROD) {\n  const a = ${poll()};\n  const b = ${poll()};\n}`),
      options: ownerOptions,
      errors: [dup(4, 3)],
    },
    {
      name: 'an arm and the code after the if',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot | undefined;\nif (process.env.PROD) bot = ${poll()};\nconst other = ${poll()};`),
      options: ownerOptions,
      errors: [dup(4, 3)],
    },
    {
      name: 'two separate ifs may both run',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot | undefined;\nif (process.env.A) bot = ${poll()};\nif (process.env.B) bot = ${poll()};`),
      options: ownerOptions,
      errors: [dup(4, 3)],
    },
    {
      name: 'if / else counts as one, a third poller after it does not',
      filename: 'src/bot.ts',
      code: code(`let bot: TelegramBot;\nif (process.env.PROD) bot = ${poll()};\nelse bot = ${poll()};\nconst third = ${poll()};`),
      options: ownerOptions,
      errors: [dup(5, 3)],
    },
    {
      name: 'a poller in the condition of a ternary runs with either arm',
      filename: 'src/bot.ts',
      code: code(`const bot = ${poll()}.isPolling() ? ${poll()} : undefined;`),
      options: ownerOptions,
      // The later site (in the consequent) is the one reported.
      errors: [{ ...dup(2, 2), column: `const bot = ${poll()}.isPolling() ? `.length + 1 }],
    },
    {
      name: 'a switch case that falls through runs the next case too',
      filename: 'src/bot.ts',
      code: code(`switch (process.env.MODE) {\n  case 'a':\n    ${poll()};\n  case 'b':\n    ${poll()};\n    break;\n}`),
      options: ownerOptions,
      errors: [dup(6, 4)],
    },
    {
      name: 'a switch case that falls through through an empty case',
      filename: 'src/bot.ts',
      code: code(`switch (process.env.MODE) {\n  case 'a':\n    ${poll()};\n  case 'b':\n  case 'c':\n    ${poll()};\n}`),
      options: ownerOptions,
      errors: [dup(7, 4)],
    },
    {
      name: 'no owners configured: duplicates are still reported',
      filename: 'src/anywhere.ts',
      code: code(`const a = ${poll()};\nconst b = ${poll()};`),
      errors: [dup(3, 2)],
    },
    {
      name: 'hard-coded token duplicated: bot id only in the message',
      filename: 'src/anywhere.ts',
      // eslint-disable-next-line telegram-bot/no-hardcoded-token -- a made-up token in the code under test
      code: code(`const a = ${poll("'123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'")};\nconst b = ${poll("'123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'")};`),
      errors: [dup(3, 2, 'hard-coded token of bot 123456789')],
    },
    {
      name: 'telegraf: two launched instances of one token',
      filename: 'src/bot.ts',
      code: `${TG}\nconst a = new Telegraf(process.env.BOT_TOKEN!);\nconst b = new Telegraf(process.env.BOT_TOKEN!);\nvoid a.launch();\nvoid b.launch();\n`,
      options: ownerOptions,
      // Reported where the second bot starts polling; the message names where the first starts.
      errors: [dup(5, 4)],
    },
    {
      name: 'telegraf: two instances, the later one launched twice: each launch is a site',
      filename: 'src/bot.ts',
      code: `${TG}\nconst a = new Telegraf(process.env.BOT_TOKEN!);\nconst b = new Telegraf(process.env.BOT_TOKEN!);\nvoid a.launch();\nvoid b.launch();\nprocess.once('SIGUSR2', () => void b.launch());\n`,
      options: ownerOptions,
      errors: [dup(5, 4), dup(6, 4)],
    },
    {
      name: 'telegraf: two instances created together, launched in two separate ifs',
      filename: 'src/bot.ts',
      code: `${TG}\nconst a = new Telegraf(process.env.BOT_TOKEN!);\nconst b = new Telegraf(process.env.BOT_TOKEN!);\nif (process.env.A) void a.launch();\nif (process.env.B) void b.launch();\n`,
      options: ownerOptions,
      errors: [dup(5, 4)],
    },
  ],
});

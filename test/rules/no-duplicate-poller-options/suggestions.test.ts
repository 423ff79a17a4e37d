/**
 * The suggestion (never an autofix) that replaces a simple module-level poller with an import
 * of the owner's instance: exact output for TS, ESM JS and CommonJS JS, the extension style,
 * aliasing, and every shape that must get no suggestion.
 */
import { jsLanguage, NTBA_IMPORT, rule, ruleTester, type Options } from './helpers.js';

const owner: Options = [{ owners: [{ module: 'src/services/telegramBot.ts', token: 'TELEGRAM_BOT_TOKEN' }] }];
const ownerMjs: Options = [{ owners: [{ module: 'src/services/telegramBot.mjs', token: 'TELEGRAM_BOT_TOKEN' }] }];
const ownerJs: Options = [{ owners: [{ module: 'src/services/telegramBot.js', token: 'TELEGRAM_BOT_TOKEN' }] }];
const ownerBare: Options = [{ owners: [{ module: 'src/services/telegramBot', token: 'TELEGRAM_BOT_TOKEN' }] }];
const ownerMts: Options = [{ owners: [{ module: 'src/services/telegramBot.mts', token: 'TELEGRAM_BOT_TOKEN' }] }];

const ENV = 'process.env.TELEGRAM_BOT_TOKEN';
const NEW_TS = `new TelegramBot(${ENV}!, { polling: true })`;
const NEW_JS = `new TelegramBot(${ENV}, { polling: true })`;
const REQUIRE_NTBA = "const TelegramBot = require('node-telegram-bot-api');";

function outsideWith(owner: string, specifier: string, output: string, exportName = 'bot') {
  return [
    {
      messageId: 'outsideOwner' as const,
      data: { token: 'TELEGRAM_BOT_TOKEN', owner, exportName },
      suggestions: [{ messageId: 'importOwnerInstance' as const, data: { exportName, specifier }, output }],
    },
  ];
}

function outsideWithout(owner = 'src/services/telegramBot.ts') {
  return [{ messageId: 'outsideOwner' as const, data: { token: 'TELEGRAM_BOT_TOKEN', owner, exportName: 'bot' }, suggestions: [] }];
}

const OWNER_TS = 'src/services/telegramBot.ts';

ruleTester.run('no-duplicate-poller: suggestion output', rule, {
  valid: [],
  invalid: [
    // ---- TypeScript ----
    {
      name: 'TS without relative imports: no extension; the library import goes with the bot',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\n\nconst bot = ${NEW_TS};\nbot.onText(/\\/start/, () => {});\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot', `import { bot } from '../services/telegramBot';\n\nbot.onText(/\\/start/, () => {});\n`),
    },
    {
      name: 'TS whose relative imports carry .js: .js',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nimport { log } from '../log.js';\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot.js', `import { log } from '../log.js';\nimport { bot } from '../services/telegramBot.js';\n`),
    },
    {
      name: 'TS whose relative imports carry no extension: none',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nimport { log } from '../log';\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot', `import { log } from '../log';\nimport { bot } from '../services/telegramBot';\n`),
    },
    {
      name: 'TS: a different local name is aliased',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst telegram: TelegramBot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot', `import { bot as telegram } from '../services/telegramBot';\n`),
    },
    {
      name: 'TS: a custom export under a different local name',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: [{ owners: [{ module: OWNER_TS, token: 'TELEGRAM_BOT_TOKEN', export: 'mainBot' }] }],
      errors: outsideWith(OWNER_TS, '../services/telegramBot', `import { mainBot as bot } from '../services/telegramBot';\n`, 'mainBot'),
    },
    {
      name: '.mts without relative imports: .js for a .ts owner',
      filename: 'src/routes/telegram.mts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot.js', `import { bot } from '../services/telegramBot.js';\n`),
    },
    {
      name: '.mts importing an .mts owner: .mjs',
      filename: 'src/routes/telegram.mts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: ownerMts,
      errors: outsideWith('src/services/telegramBot.mts', '../services/telegramBot.mjs', `import { bot } from '../services/telegramBot.mjs';\n`),
    },
    {
      name: '.cts: TypeScript always takes import, no extension',
      filename: 'src/routes/telegram.cts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot', `import { bot } from '../services/telegramBot';\n`),
    },
    {
      name: 'a file in a folder named like the owner file: ../bot, not ./',
      filename: 'src/services/telegramBot/commands.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../telegramBot', `import { bot } from '../telegramBot';\n`),
    },
    {
      name: 'a sibling: ./',
      filename: 'src/services/other.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, './telegramBot', `import { bot } from './telegramBot';\n`),
    },
    {
      name: 'a file at the root of cwd',
      filename: 'main.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, './src/services/telegramBot', `import { bot } from './src/services/telegramBot';\n`),
    },
    {
      name: 'owner without extension, no extension style: the bare module',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: ownerBare,
      errors: outsideWith('src/services/telegramBot', '../services/telegramBot', `import { bot } from '../services/telegramBot';\n`),
    },
    {
      // Unlike `export const bot = …`, a separate `export { bot }` keeps working: it re-exports
      // the imported owner instance, so importers of this module get the one shared bot.
      name: 'TS: a later `export { bot }` re-exports the imported instance',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\nexport { bot };\n`,
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot', `import { bot } from '../services/telegramBot';\nexport { bot };\n`),
    },
    // ---- ESM JavaScript ----
    {
      name: '.mjs without relative imports: .js for a .ts owner',
      filename: 'src/routes/telegram.mjs',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('module'),
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot.js', `import { bot } from '../services/telegramBot.js';\n`),
    },
    {
      name: '.mjs importing an .mjs owner: .mjs',
      filename: 'src/routes/telegram.mjs',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('module'),
      options: ownerMjs,
      errors: outsideWith('src/services/telegramBot.mjs', '../services/telegramBot.mjs', `import { bot } from '../services/telegramBot.mjs';\n`),
    },
    {
      name: '.mjs with only a dynamic import is still ESM: import, never require',
      filename: 'src/routes/telegram.mjs',
      code: `const { default: TelegramBot } = await import('node-telegram-bot-api');\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('module'),
      options: owner,
      errors: outsideWith(OWNER_TS, '../services/telegramBot.js', `import { bot } from '../services/telegramBot.js';\n`),
    },
    {
      name: 'ESM .js without relative imports: .js',
      filename: 'src/routes/telegram.js',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('module'),
      options: ownerJs,
      errors: outsideWith('src/services/telegramBot.js', '../services/telegramBot.js', `import { bot } from '../services/telegramBot.js';\n`),
    },
    {
      name: 'ESM .js whose relative imports carry no extension (bundler): none',
      filename: 'src/routes/telegram.js',
      code: `${NTBA_IMPORT}\nimport { log } from '../log';\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('module'),
      options: ownerJs,
      errors: outsideWith('src/services/telegramBot.js', '../services/telegramBot', `import { log } from '../log';\nimport { bot } from '../services/telegramBot';\n`),
    },
    // ---- CommonJS JavaScript ----
    {
      name: '.cjs: destructured require, no extension',
      filename: 'src/routes/telegram.cjs',
      code: `${REQUIRE_NTBA}\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('commonjs'),
      options: ownerJs,
      errors: outsideWith('src/services/telegramBot.js', '../services/telegramBot', `const { bot } = require('../services/telegramBot');\n`),
    },
    {
      name: 'CommonJS .js: destructured require with a renamed binding',
      filename: 'src/routes/telegram.js',
      code: `${REQUIRE_NTBA}\nconst telegram = ${NEW_JS};\n`,
      languageOptions: jsLanguage('commonjs'),
      options: ownerJs,
      errors: outsideWith('src/services/telegramBot.js', '../services/telegramBot', `const { bot: telegram } = require('../services/telegramBot');\n`),
    },
    {
      name: 'CommonJS .js parsed with ESLint\'s default sourceType (module): still require, no extension',
      filename: 'src/routes/telegram.js',
      code: `${REQUIRE_NTBA}\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('module'),
      options: ownerJs,
      errors: outsideWith('src/services/telegramBot.js', '../services/telegramBot', `const { bot } = require('../services/telegramBot');\n`),
    },
    {
      name: 'CommonJS whose relative requires carry .js: .js',
      filename: 'src/routes/telegram.cjs',
      code: `${REQUIRE_NTBA}\nconst { log } = require('../log.js');\nconst bot = ${NEW_JS};\n`,
      languageOptions: jsLanguage('commonjs'),
      options: ownerJs,
      errors: outsideWith('src/services/telegramBot.js', '../services/telegramBot.js', `const { log } = require('../log.js');\nconst { bot } = require('../services/telegramBot.js');\n`),
    },
  ],
});

ruleTester.run('no-duplicate-poller: no suggestion where the shape is not simple', rule, {
  valid: [],
  invalid: [
    {
      name: 'exported declaration',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nexport const bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'a start call on the instance (polling does not come from the constructor alone)',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot(${ENV}!, { polling: { autoStart: false } });\nvoid bot.startPolling();\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'telegraf: launched',
      filename: 'src/routes/telegram.ts',
      code: `import { Telegraf } from 'telegraf';\nconst bot = new Telegraf(${ENV}!);\nvoid bot.launch();\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'let (an import binding cannot be reassigned)',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nlet bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'inside a function',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nexport function start() {\n  const bot = ${NEW_TS};\n  return bot;\n}\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'inside a module-level block',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nif (process.env.RUN) {\n  const bot = ${NEW_TS};\n}\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'several declarators',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst chatId = 1, bot = ${NEW_TS};\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'an expression statement (no binding)',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\n${NEW_TS};\n`,
      options: owner,
      errors: outsideWithout(),
    },
    {
      name: 'a glob owner has no one module to import',
      filename: 'src/routes/telegram.ts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: [{ owners: [{ module: 'src/services/*Bot.ts', token: 'TELEGRAM_BOT_TOKEN' }] }],
      errors: outsideWithout('src/services/*Bot.ts'),
    },
    {
      name: 'owner without extension in a file that needs extensions: the file (x.js or x/index.js) is unknown',
      filename: 'src/routes/telegram.mts',
      code: `${NTBA_IMPORT}\nconst bot = ${NEW_TS};\n`,
      options: ownerBare,
      errors: outsideWithout('src/services/telegramBot'),
    },
  ],
});

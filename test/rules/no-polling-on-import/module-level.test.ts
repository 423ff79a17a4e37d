/**
 * Polling started by module top-level code of a module that exports something, library by
 * library and export form by export form, and the same code as an entry script that exports
 * nothing (where polling belongs).
 */
import { ALL_LANGS, BOT_TOKEN, ESM_LANGS, FIX, IMPORTS, UNKNOWN_BOT, bothGlobals, exportOf, invalid, run, token, valid, type Lang } from './helpers.js';

/** CommonJS export forms of `bot` (module wrapper scope: ESLint declares `module`, `exports`). */
const CJS_EXPORTS = ['module.exports = bot;', 'module.exports = { bot };', 'exports.bot = bot;', 'module.exports.bot = bot;', 'Object.assign(module.exports, { bot });'];
/** ESM export forms of `bot`. */
const ESM_EXPORTS = ['export default bot;', 'export { bot };', 'export { bot as telegramBot };'];

function exportForms(lang: Lang): string[] {
  return lang === 'cjs' ? CJS_EXPORTS : ESM_EXPORTS;
}

const ntbaInvalid = ALL_LANGS.flatMap((lang) => {
  const header = IMPORTS.ntba[lang];
  const t = token(lang);
  const exported = (code: string) => (lang === 'cjs' ? `${code}\nmodule.exports = { bot };` : `export ${code}`);
  return [
    invalid(lang, `${header}\n\n${exported(`const bot = new TelegramBot(${t}, { polling: true });`)}\n`, [{ at: 'true', fix: FIX.constructor }], { name: 'polling: true' }),
    invalid(lang, `${header}\n\n${exported(`const bot = new TelegramBot(${t}, { polling: { interval: 1000, params: { timeout: 30 } } });`)}\n`, [{ at: '{ interval: 1000, params: { timeout: 30 } }', fix: FIX.constructor }], { name: 'polling: { … }' }),
    invalid(lang, `${header}\n\n${exported(`const bot = new TelegramBot(${t}, { polling: { autoStart: true } });`)}\n`, [{ at: '{ autoStart: true }', fix: FIX.constructor }], { name: 'autoStart: true' }),
    invalid(
      lang,
      `${header}\n\nconst usePolling = process.env.NODE_ENV !== 'production';\n${exported(`const bot = new TelegramBot(${t}, { polling: usePolling });`)}\n`,
      [{ at: 'usePolling', nth: 1, fix: FIX.constructor }],
      { name: 'polling of unknown value counts as on' },
    ),
    invalid(
      lang,
      `${header}\n\n${exported(`const bot = new TelegramBot(${t}, { polling: false });`)}\nbot.startPolling();\n`,
      [{ at: 'bot.startPolling()', fix: FIX.startPolling }],
      { name: 'polling: false, then startPolling() at top level' },
    ),
    invalid(
      lang,
      `${header}\n\n${exported(`const bot = new TelegramBot(${t}, { polling: { autoStart: false } });`)}\nif (!bot.isPolling()) bot.startPolling();\n`,
      [{ at: 'bot.startPolling()', fix: FIX.startPolling }],
      { name: 'autoStart: false, then startPolling() behind isPolling()' },
    ),
    invalid(
      lang,
      `${header}\n\n${exported(`const bot = new TelegramBot(${t}, { polling: true });`)}\nbot.startPolling();\n`,
      [{ at: 'true', fix: FIX.constructor }, { at: 'bot.startPolling()', fix: FIX.startPolling }],
      { name: 'both reasons are reported' },
    ),
  ];
});

const telegrafInvalid = ALL_LANGS.flatMap((lang) => {
  const header = `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${token(lang)});\nbot.on('message', (ctx) => ctx.reply('hi'));\n`;
  return [
    ...exportForms(lang).map((form) => invalid(lang, `${header}bot.launch();\n\n${form}\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: form })),
    // The export may come before the launch.
    invalid(lang, `${header}${exportOf(lang)}\n\nbot.launch();\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'export before launch' }),
    invalid(lang, `${header}bot.launch(() => console.log('up'));\n${exportOf(lang)}\n`, [{ at: "bot.launch(() => console.log('up'))", fix: FIX.launch }], { name: 'launch(callback)' }),
    invalid(lang, `${header}bot.launch({ dropPendingUpdates: true });\n${exportOf(lang)}\n`, [{ at: 'bot.launch({ dropPendingUpdates: true })', fix: FIX.launch }], { name: 'launch({ dropPendingUpdates })' }),
    invalid(lang, `${header}bot.launch().then(() => console.log('up'));\n${exportOf(lang)}\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'launch().then()' }),
    // Exports something other than the bot: still imported, still polls.
    invalid(lang, `${header}bot.launch();\n${lang === 'cjs' ? 'module.exports.VERSION = 1;' : 'export const VERSION = 1;'}\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'exports something else' }),
  ];
});

const telegrafEsmOnly = ESM_LANGS.flatMap((lang) => [
  invalid(lang, `${IMPORTS.telegraf[lang]}\n\nexport const bot = new Telegraf(${token(lang)});\nawait bot.launch();\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'top-level await' }),
  invalid(lang, `${IMPORTS.telegraf[lang]}\n\nexport const bot = new Telegraf(${token(lang)});\nbot.launch();\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'export const' }),
]);

const tsOnly = [
  invalid('ts', `import { Telegraf } from 'telegraf';\n\nconst bot = new Telegraf(process.env.BOT_TOKEN!);\nbot.launch();\n\nexport = bot;\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'export =' }),
  invalid('ts', `import TelegramBot = require('node-telegram-bot-api');\n\nexport const bot = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n`, [{ at: 'true', fix: FIX.constructor }], { name: 'import = require()' }),
  ...bothGlobals((globals) =>
    invalid('ts', `const { Telegraf } = require('telegraf');\n\nconst bot = new Telegraf(process.env.BOT_TOKEN!);\nbot.launch();\nmodule.exports = bot;\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { globals, name: 'CommonJS written in a .ts file' }),
  ),
];

const grammyInvalid = ALL_LANGS.flatMap((lang) => {
  const bot = `const bot = new Bot(${token(lang)});\nbot.command('start', (ctx) => ctx.reply('hi'));\n`;
  return [
    invalid(lang, `${IMPORTS.grammy[lang]}\n\n${bot}bot.start();\n${exportOf(lang)}\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'bot.start()' }),
    invalid(lang, `${IMPORTS.grammy[lang]}\n\n${bot}bot.start({ drop_pending_updates: true, onStart: () => console.log('up') });\n${exportOf(lang)}\n`, [{ at: "bot.start({ drop_pending_updates: true, onStart: () => console.log('up') })", fix: FIX.start }], { name: 'bot.start(options)' }),
    invalid(lang, `${IMPORTS.runner[lang]}\n\n${bot}run(bot);\n${exportOf(lang)}\n`, [{ at: 'run(bot)', fix: FIX.run }], { name: 'run(bot) from @grammyjs/runner' }),
    invalid(lang, `${IMPORTS.runner[lang]}\n\n${bot}const runner = run(bot);\n${lang === 'cjs' ? 'module.exports = { bot, runner };' : 'export { bot, runner };'}\n`, [{ at: 'run(bot)', fix: FIX.run }], { name: 'const runner = run(bot)' }),
  ];
});

const grammyEsmOnly = ESM_LANGS.map((lang) =>
  invalid(lang, `${IMPORTS.grammy[lang]}\n\nexport const bot = new Bot(${token(lang)});\nawait bot.start();\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'await bot.start()' }),
);

const otherLibraries = [
  invalid('ts', `import { Bot } from 'node-telegram-bot-api';\n\nexport const bot = new Bot(process.env.BOT_TOKEN!);\nbot.startPolling();\n`, [{ at: 'bot.startPolling()', fix: FIX.startPolling }], { name: 'node-telegram-bot-api 2.x' }),
  invalid('ts', `import { Bot } from 'node-telegram-bot-api';\nimport { run } from 'node-telegram-bot-api/node';\n\nexport const bot = new Bot(process.env.BOT_TOKEN!);\nrun(bot);\n`, [{ at: 'run(bot)', fix: FIX.run }], { name: 'node-telegram-bot-api 2.x run(bot)' }),
  // longPoll is handed the bot's client (or a bare client): the advice names the call as written.
  invalid('ts', `import { Bot, longPoll } from 'node-telegram-bot-api';\n\nexport const bot = new Bot(process.env.BOT_TOKEN!);\nfor await (const update of longPoll(bot.api)) console.log(update);\n`, [{ at: 'longPoll(bot.api)', fix: 'call `longPoll(bot.api)`' }], { name: 'node-telegram-bot-api 2.x longPoll(bot.api)' }),
  invalid('esm', `import { Api, longPoll } from 'node-telegram-bot-api';\n\nexport const api = new Api(process.env.BOT_TOKEN);\nfor await (const update of longPoll(api)) console.log(update);\n`, [{ at: 'longPoll(api)', fix: 'call `longPoll(bot)`' }], { name: 'node-telegram-bot-api 2.x longPoll(api) of a bare client' }),
  invalid('cjs', `const TeleBot = require('telebot');\n\nconst bot = new TeleBot({ token: process.env.BOT_TOKEN });\nbot.start();\nmodule.exports = bot;\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'telebot' }),
  invalid('esm', `import { Bot } from 'gramio';\n\nexport const bot = new Bot({ token: process.env.BOT_TOKEN });\nbot.start();\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'gramio' }),
  invalid('ts', `import { Telegram } from 'puregram';\n\nexport const telegram = Telegram.fromToken(process.env.BOT_TOKEN!);\ntelegram.updates.startPolling();\n`, [{ at: 'telegram.updates.startPolling()', fix: 'call `bot.updates.startPolling()`' }], { name: 'puregram 2.x' }),
  invalid('cjs', `const Slimbot = require('slimbot');\n\nconst slimbot = new Slimbot(process.env.BOT_TOKEN);\nslimbot.startPolling();\nmodule.exports = slimbot;\n`, [{ at: 'slimbot.startPolling()', fix: FIX.startPolling }], { name: 'slimbot' }),
];

/** How the message names the bot. */
const botNames = [
  invalid('ts', `import { Telegraf } from 'telegraf';\nimport { config } from './config';\n\nexport const bot = new Telegraf(config.telegram.token);\nbot.launch();\n`, [{ at: 'bot.launch()', fix: FIX.launch, bot: UNKNOWN_BOT }], { name: 'unknown token' }),
  invalid('ts', `import { Telegraf } from 'telegraf';\n\nexport function make(token: string) {\n  return new Telegraf(token);\n}\nexport const bot = new Telegraf(process.env.TELEGRAM_BOT_TOKEN || process.env.BOT_TOKEN || '');\nbot.launch();\n`, [{ at: 'bot.launch()', fix: FIX.launch, bot: 'the bot of TELEGRAM_BOT_TOKEN | BOT_TOKEN' }], { name: 'several env names' }),
  invalid('esm', `import TelegramBot from 'node-telegram-bot-api';\n\nconst TOKEN = process.env.ADMIN_BOT_TOKEN;\nexport const admin = new TelegramBot(TOKEN, { polling: true });\n`, [{ at: 'true', fix: FIX.constructor, bot: 'the bot of ADMIN_BOT_TOKEN' }], { name: 'token through a const' }),
  invalid('cjs', `const { Telegraf } = require('telegraf');\n\nconst bot = new Telegraf('123456789:${'A'.repeat(35)}');\nbot.launch();\nmodule.exports = bot;\n`, [{ at: 'bot.launch()', fix: FIX.launch, bot: 'the bot of hard-coded token of bot 123456789' }], { name: 'hard-coded token (bot id only)' }),
  invalid('ts', `import { Telegraf } from 'telegraf';\n\nexport const main = new Telegraf(process.env.BOT_TOKEN!);\nexport const support = new Telegraf(process.env.SUPPORT_BOT_TOKEN!);\nmain.launch();\nsupport.launch();\n`, [{ at: 'main.launch()', fix: FIX.launch, bot: BOT_TOKEN }, { at: 'support.launch()', fix: 'call `bot.launch()`', bot: 'the bot of SUPPORT_BOT_TOKEN' }], { name: 'two bots, each named' }),
];

/** The same code in an entry script that exports nothing: this is where polling belongs. */
const entryScripts = ALL_LANGS.flatMap((lang) => {
  const t = token(lang);
  const cases = [
    valid(lang, `${IMPORTS.ntba[lang]}\n\nconst bot = new TelegramBot(${t}, { polling: true });\nbot.on('message', (msg) => bot.sendMessage(msg.chat.id, 'hi'));\n`, { name: 'ntba polling: true' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nbot.launch();\nprocess.once('SIGINT', () => bot.stop('SIGINT'));\n`, { name: 'telegraf launch' }),
    valid(lang, `${IMPORTS.grammy[lang]}\n\nconst bot = new Bot(${t});\nbot.start();\n`, { name: 'grammY start' }),
    valid(lang, `${IMPORTS.runner[lang]}\n\nconst bot = new Bot(${t});\nrun(bot);\n`, { name: 'runner run' }),
    // Reading `module.exports` or `exports` is not exporting.
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nbot.launch();\nconsole.log(typeof exports);\n`, { name: 'mentions exports without assigning' }),
  ];
  if (lang !== 'cjs') cases.push(valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nawait bot.launch();\n`, { name: 'top-level await' }));
  return cases;
});

/** TypeScript: what is erased at runtime does not make a module importable. */
const typeOnlyExports = [
  valid('ts', `import { Bot, type Context } from 'grammy';\n\nexport interface SessionData { count: number }\nexport type MyContext = Context & { session: SessionData };\n\nconst bot = new Bot<MyContext>(process.env.BOT_TOKEN!);\nbot.start();\n`, { name: 'exports only types' }),
  valid('ts', `import { Telegraf } from 'telegraf';\n\nconst bot = new Telegraf(process.env.BOT_TOKEN!);\nawait bot.launch();\n\nexport {};\n`, { name: 'export {} (a module marker for top-level await)' }),
  valid('ts', `import { Telegraf } from 'telegraf';\ntype Options = { verbose: boolean };\n\nconst bot = new Telegraf(process.env.BOT_TOKEN!);\nbot.launch();\n\nexport type { Options };\n`, { name: 'export type { … }' }),
  valid('ts', `import { Telegraf } from 'telegraf';\n\nexport declare const VERSION: string;\nconst bot = new Telegraf(process.env.BOT_TOKEN!);\nbot.launch();\n`, { name: 'export declare' }),
];
const typeAndValueExports = [
  invalid('ts', `import { Bot, type Context } from 'grammy';\n\nexport type MyContext = Context;\nexport const bot = new Bot<MyContext>(process.env.BOT_TOKEN!);\nbot.start();\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'a type and a value' }),
  invalid('ts', `import { Bot } from 'grammy';\n\nconst bot = new Bot(process.env.BOT_TOKEN!);\nbot.start();\nexport { type Bot as BotType, bot };\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'export { type X, value }' }),
  invalid('ts', `import { Bot } from 'grammy';\n\nexport enum Mode { Poll, Hook }\nconst bot = new Bot(process.env.BOT_TOKEN!);\nbot.start();\n`, [{ at: 'bot.start()', fix: FIX.start }], { name: 'an enum is a value' }),
];

run('no-polling-on-import: module top level', {
  valid: [...entryScripts, ...typeOnlyExports],
  invalid: [...ntbaInvalid, ...telegrafInvalid, ...telegrafEsmOnly, ...tsOnly, ...grammyInvalid, ...grammyEsmOnly, ...otherLibraries, ...botNames, ...typeAndValueExports],
});

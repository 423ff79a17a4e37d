/**
 * False-positive traps: files where a careless detector would see two pollers of one token.
 * Every case here must stay silent; the invalid cases next to some traps prove that the trap
 * is silent for the right reason (the same file with a real second poller is reported).
 */
import { ALL_LANGS, invalid, runShapes, valid, type Lang } from './harness.js';

type Valid = ReturnType<typeof valid>;

const NTBA: Record<Lang, string> = {
  ts: `import TelegramBot from 'node-telegram-bot-api';`,
  esm: `import TelegramBot from 'node-telegram-bot-api';`,
  cjs: `const TelegramBot = require('node-telegram-bot-api');`,
};
const TELEGRAF: Record<Lang, string> = {
  ts: `import { Telegraf } from 'telegraf';`,
  esm: `import { Telegraf } from 'telegraf';`,
  cjs: `const { Telegraf } = require('telegraf');`,
};
const GRAMMY: Record<Lang, string> = {
  ts: `import { Bot, webhookCallback } from 'grammy';`,
  esm: `import { Bot, webhookCallback } from 'grammy';`,
  cjs: `const { Bot, webhookCallback } = require('grammy');`,
};

/** [name, header per language, code] in every language, with and without Node globals. */
const traps: [string, Record<Lang, string>, string][] = [
  ['send-only instances of the same token', NTBA, `const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const notifier = new TelegramBot(process.env.BOT_TOKEN);
const alerts = new TelegramBot(process.env.BOT_TOKEN, { polling: false });
notifier.sendMessage(process.env.CHAT_ID, 'deployed');`],
  ['webHook option and setWebHook', NTBA, `const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const hook = new TelegramBot(process.env.BOT_TOKEN, { webHook: { port: 443 } });
hook.setWebHook('https://example.com/bot');`],
  ['telegraf webhook launch and webhookCallback', TELEGRAF, `const bot = new Telegraf(process.env.BOT_TOKEN);
const hook = new Telegraf(process.env.BOT_TOKEN);
const api = new Telegraf(process.env.BOT_TOKEN);
bot.launch();
hook.launch({ webhook: { domain: 'example.com', port: 3000 } });
const middleware = api.webhookCallback('/secret-path');`],
  ['telegraf bot.start(handler) is the /start command', TELEGRAF, `const bot = new Telegraf(process.env.BOT_TOKEN);
bot.start((ctx) => ctx.reply('Hello'));
bot.launch();
const helper = new Telegraf(process.env.BOT_TOKEN);
helper.start(async (ctx) => {
  await ctx.reply('again');
});`],
  ['grammY webhookCallback', GRAMMY, `const bot = new Bot(process.env.BOT_TOKEN);
bot.start();
const hooked = new Bot(process.env.BOT_TOKEN);
const handle = webhookCallback(hooked, 'express');`],
  ['a local class named TelegramBot is not the library', TELEGRAF, `class TelegramBot {
  constructor(token, options) {
    this.token = token;
    this.options = options;
  }
  startPolling() {}
}
const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
b.startPolling();
const real = new Telegraf(process.env.BOT_TOKEN);
real.launch();`],
  ['a local class named Bot is not grammY', TELEGRAF, `class Bot {
  constructor(token) {
    this.token = token;
  }
  start() {}
}
const a = new Bot(process.env.BOT_TOKEN);
const b = new Bot(process.env.BOT_TOKEN);
a.start();
b.start();
const real = new Telegraf(process.env.BOT_TOKEN);
real.launch();`],
  ['a local TelegramBot shadows the import inside a function', NTBA, `const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
function fake() {
  class TelegramBot {
    constructor(token, options) {}
  }
  return new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}
function injected(TelegramBot) {
  return new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}`],
  ['a user class with its own start() / startPolling() / stopPolling()', NTBA, `class Poller {
  startPolling() {}
  stopPolling() {}
  start() {}
}
const jobs = new Poller();
jobs.startPolling();
jobs.start();
const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`],
  ['config objects with an unrelated polling key', NTBA, `const queue = { polling: true, interval: 500, token: process.env.BOT_TOKEN };
const poller = new TelegramBot(process.env.BOT_TOKEN, queue);
const swr = { polling: { interval: 1000 } };
const refresh = { polling: true };
function useQuery(options) { return options; }
useQuery(refresh);`],
  ['puppeteer.launch() and other launch() calls', TELEGRAF, `const puppeteer = { launch: async () => ({}) };
const bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch();
puppeteer.launch({ headless: true });
const rocket = { launch() {} };
rocket.launch();`],
  ['two bots with different tokens in one file', TELEGRAF, `const support = new Telegraf(process.env.SUPPORT_BOT_TOKEN);
const sales = new Telegraf(process.env.SALES_BOT_TOKEN);
const admin = new Telegraf(process.env['ADMIN_BOT_TOKEN']);
support.launch();
sales.launch();
admin.launch();`],
  ['tokens of unknown value (parameter, config, call) never meet', TELEGRAF, `function startBot(token) {
  const bot = new Telegraf(token);
  bot.launch();
}
const config = { telegram: { token: 'x' } };
const fromConfig = new Telegraf(config.telegram.token);
fromConfig.launch();
const fromService = new Telegraf(getSecret('bot'));
fromService.launch();
const another = new Telegraf(config.telegram.token);
another.launch();
startBot(process.env.BOT_TOKEN);
startBot(process.env.BOT_TOKEN);`],
  ['if/else arms each creating a poller of one token', NTBA, `let bot;
if (process.env.NODE_ENV === 'development') {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 300 } });
} else if (process.env.NODE_ENV === 'test') {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: false });
} else {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}`],
  ['if/else arms create, one start after them', TELEGRAF, `let bot;
if (process.env.PROXY) bot = new Telegraf(process.env.BOT_TOKEN, { telegram: { agent: undefined } });
else bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch();`],
  ['ternary arms each creating a poller', GRAMMY, `const bot = process.env.LOCAL_API
  ? new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.LOCAL_API } })
  : new Bot(process.env.BOT_TOKEN);
bot.start();`],
  ['switch cases each creating a poller', NTBA, `let bot;
switch (process.env.MODE) {
  case 'slow': {
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 3000 } });
    break;
  }
  case 'fast':
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 100 } });
    break;
  default:
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}`],
  ['stopPolling() then startPolling() on the same instance', NTBA, `const bot = new TelegramBot(process.env.BOT_TOKEN);
bot.startPolling();
bot.on('polling_error', async (error) => {
  if (error.code === 'EFATAL') {
    await bot.stopPolling({ cancel: true });
    await bot.startPolling({ restart: true });
  }
});`],
  ['a text mention of a library without a bot', NTBA, `// Telegraf from 'telegraf' and Bot from 'grammy' are mentioned in this comment only.
const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const message = "new Telegraf(process.env.BOT_TOKEN).launch()";`],
];

const trapCases: Valid[] = traps.flatMap(([name, header, code]) =>
  ALL_LANGS.flatMap((lang) => {
    const text = `${header[lang]}\n${code}`;
    return lang === 'esm' ? [valid(lang, text, { name })] : [valid(lang, text, { name }), valid(lang, text, { name, globals: true })];
  }),
);

const tsTraps: Valid[] = [
  valid(
    'ts',
    `import TelegramBot from 'node-telegram-bot-api';
declare const bot: TelegramBot;
declare const other: TelegramBot;
bot.startPolling();
other.startPolling();
export const poller = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });`,
    { name: 'declared instances are no creations' },
  ),
  valid(
    'ts',
    `import TelegramBot from 'node-telegram-bot-api';
declare const bot: TelegramBot;
export default bot;`,
    { name: '.d.ts declaration file', filename: 'src/bot.d.ts' },
  ),
  valid(
    'ts',
    `import type TelegramBot from 'node-telegram-bot-api';
import type { Telegraf } from 'telegraf';
class LocalBot { constructor(public token: string, public opts?: object) {} startPolling() {} }
const Alias: typeof LocalBot = LocalBot;
const a = new Alias(process.env.BOT_TOKEN!, { polling: true });
const b = new Alias(process.env.BOT_TOKEN!, { polling: true });
b.startPolling();
export type Both = TelegramBot | Telegraf;`,
    { name: 'type-only imports create nothing' },
  ),
];

// Controls: the same traps with one real second poller are reported, so the traps above are
// silent because of what they are, not because the file is never analysed.
const controls = [
  ...ALL_LANGS.map((lang) =>
    invalid(
      lang,
      `${TELEGRAF[lang]}
const bot = new Telegraf(process.env.BOT_TOKEN);
bot.start((ctx) => ctx.reply('Hello'));
bot.launch(); // #1
const helper = new Telegraf(process.env.BOT_TOKEN);
helper.start((ctx) => ctx.reply('again'));
helper.launch(() => {}); // #2`,
      'BOT_TOKEN',
      { name: 'control: /start command plus a real second launch' },
    ),
  ),
  ...ALL_LANGS.map((lang) =>
    invalid(
      lang,
      `${NTBA[lang]}
let bot;
if (process.env.NODE_ENV === 'development') {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 300 } }); // #1
} else {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}
if (process.env.DEBUG) {
  const debug = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2
}`,
      'BOT_TOKEN',
      { name: 'control: arms count once, a poller in another if is a second' },
    ),
  ),
  ...ALL_LANGS.map((lang) =>
    invalid(
      lang,
      `${NTBA[lang]}
let bot;
switch (process.env.MODE) {
  case 'a':
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
    break;
  case 'b':
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
    break;
}
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
      'BOT_TOKEN',
      { name: 'control: switch cases count once, a poller after the switch is a second' },
    ),
  ),
  ...ALL_LANGS.map((lang) =>
    invalid(
      lang,
      `${NTBA[lang]}
const bot = new TelegramBot(process.env.BOT_TOKEN);
bot.startPolling(); // #1
bot.on('polling_error', async () => {
  await bot.stopPolling();
  const fresh = new TelegramBot(process.env.BOT_TOKEN);
  await fresh.startPolling(); // #2
});`,
      'BOT_TOKEN',
      { name: 'control: a NEW instance in the reconnect handler is a second poller' },
    ),
  ),
];

runShapes('no-duplicate-poller: false-positive traps', {
  valid: [...trapCases, ...tsTraps],
  invalid: controls,
});

/**
 * Modules that export something and create or call things at import without polling: the rule
 * must stay silent. Each trap sits next to a polling counterpart where one is easy to confuse.
 */
import { ALL_LANGS, FIX, IMPORTS, exportOf, invalid, run, token, valid, type Lang } from './helpers.js';

function exported(lang: Lang, declaration: string): string {
  return lang === 'cjs' ? `${declaration}\nmodule.exports = { bot };` : `export ${declaration}`;
}

const traps = ALL_LANGS.flatMap((lang) => {
  const t = token(lang);
  return [
    // node-telegram-bot-api without polling
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exported(lang, `const bot = new TelegramBot(${t}, { polling: false });`)}\n`, { name: 'polling: false' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exported(lang, `const bot = new TelegramBot(${t});`)}\n`, { name: 'no options (send-only)' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exported(lang, `const bot = new TelegramBot(${t}, {});`)}\n`, { name: 'empty options' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exported(lang, `const bot = new TelegramBot(${t}, { polling: { autoStart: false, interval: 1000 } });`)}\n`, { name: 'autoStart: false' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exported(lang, `const bot = new TelegramBot(${t}, { webHook: { port: 8443 } });`)}\nbot.setWebHook(\`\${process.env.PUBLIC_URL}/bot\`);\n`, { name: 'webHook' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exported(lang, `const bot = new TelegramBot(${t}, { polling: false });`)}\n${lang === 'cjs' ? 'module.exports.startBot' : 'export const startBot'} = () => bot.startPolling();\n`, { name: 'polling: false, startPolling() in an exported function' }),
    // telegraf without launch
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nbot.start((ctx) => ctx.reply('Welcome'));\nbot.help((ctx) => ctx.reply('Help'));\n\n${exportOf(lang)}\n`, { name: 'telegraf bot.start(handler) is the /start command' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nbot.telegram.sendMessage(process.env.CHAT_ID, 'deployed');\n\n${exportOf(lang)}\n`, { name: 'telegraf send-only' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nbot.launch({ webhook: { domain: 'example.com', port: 8443 } });\n\n${exportOf(lang)}\n`, { name: 'telegraf launch({ webhook })' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nconst launchOptions = { webhook: { domain: 'example.com', hookPath: '/bot' } };\nbot.launch(launchOptions);\n\n${exportOf(lang)}\n`, { name: 'telegraf launch(webhookOptions) through a const' }),
    // grammY without start
    valid(lang, `${IMPORTS.grammy[lang]}\n\nconst bot = new Bot(${t});\nbot.command('start', (ctx) => ctx.reply('hi'));\n\n${exportOf(lang)}\n`, { name: 'grammY bot.command("start")' }),
    valid(lang, `${IMPORTS.grammy[lang]}\n\nconst bot = new Bot(${t});\nbot.api.setWebhook(process.env.PUBLIC_URL + '/bot');\n\n${exportOf(lang)}\n`, { name: 'grammY webhook' }),
    // not the library
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nclass TelegramBot {\n  start() {}\n  startPolling() {}\n}\nconst bot = new TelegramBot();\nbot.start();\nbot.startPolling();\nconst sender = new Telegraf(${t});\n\n${lang === 'cjs' ? 'module.exports = { bot, sender };' : 'export { bot, sender };'}\n`, { name: 'a local class named TelegramBot' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nclass Bot {\n  constructor(token) {\n    this.token = token;\n  }\n  start() {}\n}\nexport const bot = new Bot(${t});\nbot.start();\nexport const sender = new Telegraf(${t});\n`.replace('constructor(token)', lang === 'ts' ? 'token: string;\n  constructor(token: string)' : 'constructor(token)').replace(/export const (\w+) = (.*);/g, lang === 'cjs' ? 'const $1 = $2;\nexports.$1 = $1;' : 'export const $1 = $2;'), { name: 'a local class named Bot' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n${lang === 'cjs' ? "const puppeteer = require('puppeteer');" : "import puppeteer from 'puppeteer';"}\n\nconst bot = new Telegraf(${t});\nconst browser = puppeteer.launch({ headless: true });\n\n${lang === 'cjs' ? 'module.exports = { bot, browser };' : 'export { bot, browser };'}\n`, { name: 'puppeteer.launch()' }),
    valid(lang, `${IMPORTS.grammy[lang]}\n\nconst bot = new Bot(${t});\nconst scheduler = {\n  start() {\n    setInterval(() => bot.api.sendMessage(1, 'tick'), 60_000);\n  },\n};\nscheduler.start();\n\n${lang === 'cjs' ? 'module.exports = { bot, scheduler };' : 'export { bot, scheduler };'}\n`, { name: "a user's own start() on a non-library object" }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\nconst config = { polling: true, interval: 5000 };\nconst bot = new TelegramBot(${t});\nconst poller = { startPolling() {} };\npoller.startPolling();\n\n${lang === 'cjs' ? 'module.exports = { bot, config };' : 'export { bot, config };'}\n`, { name: 'unrelated polling: key and startPolling()' }),
  ];
});

/** The polling counterparts of the traps above, to show the traps differ in that one thing. */
const counterparts = ALL_LANGS.flatMap((lang) => {
  const t = token(lang);
  return [
    invalid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nbot.start((ctx) => ctx.reply('Welcome'));\nbot.launch();\n\n${exportOf(lang)}\n`, [{ at: 'bot.launch()', fix: FIX.launch }], { name: 'telegraf /start handler and a launch' }),
    invalid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nconst launchOptions = { dropPendingUpdates: true };\nbot.launch(launchOptions);\n\n${exportOf(lang)}\n`, [{ at: 'bot.launch(launchOptions)', fix: FIX.launch }], { name: 'telegraf launch(options) without webhook' }),
  ];
});

/** No catalogued library in the file: nothing to look at. */
const noLibrary = ALL_LANGS.map((lang) =>
  valid(lang, `class Bot {\n  start() {}\n}\nconst bot = new Bot();\nbot.start();\n${exportOf(lang)}\n`, { name: 'no bot library imported' }),
);

run('no-polling-on-import: traps', {
  valid: [...traps, ...noLibrary],
  invalid: counterparts,
});

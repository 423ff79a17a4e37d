/**
 * grammY (incl. `grammy/web`) and @grammyjs/runner `run()`, telebot, gramio, puregram
 * (fromToken, 3.x `startPolling()`, 2.x `updates.startPolling()`) and slimbot.
 */
import { ALL_LANGS, asyncBody, invalid, runShapes, valid, variants, type ImportForm, type Lang } from './harness.js';

type Valid = ReturnType<typeof valid>;
type Invalid = ReturnType<typeof invalid>;

/** Import matrix for one class: two instances, both started (invalid) or one started (valid). */
function matrix(
  forms: readonly ImportForm[],
  create: (ctor: string) => string,
  start: (instance: string) => string,
  sendOnly: (instance: string) => string,
): { valid: Valid[]; invalid: Invalid[] } {
  return {
    valid: forms.flatMap((form) =>
      variants(form, (lang, options) =>
        valid(
          lang,
          asyncBody(lang, `${form.header}
const bot = ${create(form.ctor)};
const sender = ${create(form.ctor)};
${start('bot')};
${sendOnly('sender')};`),
          options,
        ),
      ),
    ),
    invalid: forms.flatMap((form) =>
      variants(form, (lang, options) =>
        invalid(
          lang,
          asyncBody(lang, `${form.header}
const bot = ${create(form.ctor)};
const again = ${create(form.ctor)};
${start('bot')}; // #1
${start('again')}; // #2`),
          'BOT_TOKEN',
          options,
        ),
      ),
    ),
  };
}

const grammyForms: ImportForm[] = [
  { name: 'grammy named import', langs: ['ts', 'esm'], header: `import { Bot } from 'grammy';`, ctor: 'Bot' },
  { name: 'grammy/web named import', langs: ['ts', 'esm'], header: `import { Bot } from 'grammy/web';`, ctor: 'Bot' },
  { name: 'grammy aliased import', langs: ['ts', 'esm'], header: `import { Bot as GrammyBot } from 'grammy';`, ctor: 'GrammyBot' },
  { name: 'grammy namespace import', langs: ['ts', 'esm'], header: `import * as grammy from 'grammy';`, ctor: 'grammy.Bot' },
  { name: 'grammy import = require', langs: ['ts'], header: `import grammy = require('grammy');`, ctor: 'grammy.Bot' },
  { name: 'grammy destructured require', langs: ['ts', 'cjs'], header: `const { Bot } = require('grammy');`, ctor: 'Bot', usesRequire: true },
  { name: 'grammy renamed destructured require', langs: ['ts', 'cjs'], header: `const { Bot: B } = require('grammy');`, ctor: 'B', usesRequire: true },
  { name: 'grammy require().Bot', langs: ['ts', 'cjs'], header: `const Bot = require('grammy').Bot;`, ctor: 'Bot', usesRequire: true },
  { name: 'grammy new (require().Bot)', langs: ['ts', 'cjs'], header: '', ctor: `(require('grammy').Bot)`, usesRequire: true },
  { name: 'grammy await import()', langs: ['ts', 'esm', 'cjs'], header: `const { Bot } = await import('grammy');`, ctor: 'Bot' },
];

const grammy = matrix(
  grammyForms,
  (ctor) => `new ${ctor}(process.env.BOT_TOKEN)`,
  (bot) => `${bot}.start()`,
  (bot) => `${bot}.api.sendMessage(1, 'hi')`,
);

const runnerForms: ImportForm[] = [
  { name: 'runner named import', langs: ['ts', 'esm'], header: `import { Bot } from 'grammy';\nimport { run } from '@grammyjs/runner';`, ctor: 'run' },
  { name: 'runner aliased import', langs: ['ts', 'esm'], header: `import { Bot } from 'grammy';\nimport { run as runBot } from '@grammyjs/runner';`, ctor: 'runBot' },
  { name: 'runner namespace import', langs: ['ts', 'esm'], header: `import { Bot } from 'grammy';\nimport * as runner from '@grammyjs/runner';`, ctor: 'runner.run' },
  { name: 'runner destructured require', langs: ['ts', 'cjs'], header: `const { Bot } = require('grammy');\nconst { run } = require('@grammyjs/runner');`, ctor: 'run', usesRequire: true },
  { name: 'runner require().run', langs: ['ts', 'cjs'], header: `const { Bot } = require('grammy');\nconst run = require('@grammyjs/runner').run;`, ctor: 'run', usesRequire: true },
];

const runner = {
  invalid: runnerForms.flatMap((form) =>
    variants(form, (lang, options) =>
      invalid(
        lang,
        `${form.header}
const bot = new Bot(process.env.BOT_TOKEN);
const worker = new Bot(process.env.BOT_TOKEN);
${form.ctor}(bot); // #1
const handle = ${form.ctor}(worker, { runner: { fetch: { timeout: 30 } } }); // #2`,
        'BOT_TOKEN',
        options,
      ),
    ),
  ),
  valid: runnerForms.flatMap((form) =>
    variants(form, (lang, options) =>
      valid(
        lang,
        `${form.header}
const bot = new Bot(process.env.BOT_TOKEN);
const sender = new Bot(process.env.BOT_TOKEN);
${form.ctor}(bot);
sender.api.sendMessage(1, 'x');`,
        options,
      ),
    ),
  ),
};

const GRAMMY: Record<Lang, string> = {
  ts: `import { Bot, webhookCallback } from 'grammy';`,
  esm: `import { Bot, webhookCallback } from 'grammy';`,
  cjs: `const { Bot, webhookCallback } = require('grammy');`,
};

const grammyShapes = {
  invalid: [
    ...ALL_LANGS.map((lang) =>
      invalid(
        lang,
        `${GRAMMY[lang]}
const bot = new Bot(process.env.BOT_TOKEN);
let running = false;
function onRequest(req, res) {
  if (!running) {
    running = true;
    bot.start({ onStart: () => console.log('polling') }); // #1
  }
  res.end();
}
const second = new Bot(process.env.BOT_TOKEN);
second.start().catch(console.error); // #2
module.exports = onRequest;`.replace('module.exports = onRequest;', lang === 'cjs' ? 'module.exports = onRequest;' : 'export default onRequest;'),
        'BOT_TOKEN',
        { name: 'grammY start() in a route handler behind a running flag' },
      ),
    ),
    ...ALL_LANGS.map((lang) =>
      invalid(
        lang,
        `${GRAMMY[lang]}
class Service {
  constructor() {
    this.bot = new Bot(process.env.BOT_TOKEN);
  }
  async init() {
    await this.bot.start(); // #1
  }
}
const bot = new Bot(process.env.BOT_TOKEN);
void bot.start(); // #2`,
        'BOT_TOKEN',
        { name: 'grammY this.bot in constructor, start() in another method' },
      ),
    ),
    invalid(
      'ts',
      `import { Bot, Context } from 'grammy';
type MyContext = Context & { config: { admin: boolean } };
const bot = new Bot<MyContext>(process.env.BOT_TOKEN!);
const copy = new Bot<MyContext>(process.env.BOT_TOKEN as string)!;
bot.start(); // #1
(copy as Bot<MyContext>).start(); // #2`,
      'BOT_TOKEN',
      { name: 'grammY new Bot<Ctx>(t) with as and !' },
    ),
    ...ALL_LANGS.map((lang) =>
      invalid(
        lang,
        `${GRAMMY[lang]}
${lang === 'cjs' ? "const { run } = require('@grammyjs/runner');" : "import { run } from '@grammyjs/runner';"}
const bot = new Bot(process.env.BOT_TOKEN);
const worker = new Bot(process.env.BOT_TOKEN);
const spare = new Bot(process.env.BOT_TOKEN);
spare.command('help', (ctx) => ctx.reply('help'));
bot.start(); // #1
function startWorker() {
  return run(worker); // #2
}
startWorker();`,
        'BOT_TOKEN',
        { name: 'grammY bot.start() and run(worker) in a function called at module level; a created-only Bot is no poller' },
      ),
    ),
  ],
  valid: [
    ...ALL_LANGS.map((lang) =>
      valid(
        lang,
        `${GRAMMY[lang]}
const bot = new Bot(process.env.BOT_TOKEN);
const hooked = new Bot(process.env.BOT_TOKEN);
bot.start();
const handler = webhookCallback(hooked, 'express');
async function onUpdate(update) {
  await hooked.handleUpdate(update);
}`,
        { name: 'grammY webhookCallback and handleUpdate are not polling' },
      ),
    ),
    ...ALL_LANGS.map((lang) =>
      valid(
        lang,
        `${GRAMMY[lang]}
let bot;
if (process.env.NODE_ENV === 'production') {
  bot = new Bot(process.env.BOT_TOKEN);
  bot.start({ drop_pending_updates: true });
} else {
  bot = new Bot(process.env.BOT_TOKEN);
  bot.start();
}`,
        { name: 'grammY creation and start in each if/else arm counts once' },
      ),
    ),
  ],
};

// telebot: `new TeleBot(token)` or `new TeleBot({ token, … })`; start()/connect() polls unless
// the config has `webhook`.
const telebotForms: ImportForm[] = [
  { name: 'telebot default import', langs: ['ts', 'esm'], header: `import TeleBot from 'telebot';`, ctor: 'TeleBot' },
  { name: 'telebot import = require', langs: ['ts'], header: `import TeleBot = require('telebot');`, ctor: 'TeleBot' },
  { name: 'telebot require', langs: ['ts', 'cjs'], header: `const TeleBot = require('telebot');`, ctor: 'TeleBot', usesRequire: true },
  { name: 'telebot new (require())', langs: ['ts', 'cjs'], header: '', ctor: `(require('telebot'))`, usesRequire: true },
];
const telebot = {
  token: matrix(telebotForms, (ctor) => `new ${ctor}(process.env.BOT_TOKEN)`, (bot) => `${bot}.start()`, (bot) => `${bot}.sendMessage(1, 'x')`),
  config: matrix(
    telebotForms,
    (ctor) => `new ${ctor}({ token: process.env.BOT_TOKEN, polling: { interval: 1000 } })`,
    (bot) => `${bot}.connect()`,
    (bot) => `${bot}.sendMessage(1, 'x')`,
  ),
  webhook: telebotForms.flatMap((form) =>
    variants(form, (lang, options) =>
      valid(
        lang,
        `${form.header}
const bot = new ${form.ctor}(process.env.BOT_TOKEN);
const hooked = new ${form.ctor}({ token: process.env.BOT_TOKEN, webhook: { url: 'https://example.com', port: 8443 } });
bot.start();
hooked.start();`,
        { ...options, name: `${form.name}: webhook config start() is not polling` },
      ),
    ),
  ),
};

// gramio: `new Bot(token)` or `new Bot({ token })`; start() polls unless `{ webhook }`.
const gramioForms: ImportForm[] = [
  { name: 'gramio named import', langs: ['ts', 'esm'], header: `import { Bot } from 'gramio';`, ctor: 'Bot' },
  { name: 'gramio aliased import', langs: ['ts', 'esm'], header: `import { Bot as Gramio } from 'gramio';`, ctor: 'Gramio' },
  { name: 'gramio destructured require', langs: ['ts', 'cjs'], header: `const { Bot } = require('gramio');`, ctor: 'Bot', usesRequire: true },
];
const gramio = {
  token: matrix(gramioForms, (ctor) => `new ${ctor}(process.env.BOT_TOKEN)`, (bot) => `${bot}.start()`, (bot) => `${bot}.api.sendMessage({ chat_id: 1, text: 'x' })`),
  config: matrix(gramioForms, (ctor) => `new ${ctor}({ token: process.env.BOT_TOKEN })`, (bot) => `${bot}.start({ dropPendingUpdates: true })`, (bot) => `${bot}.start({ webhook: { url: 'https://example.com/hook' } })`),
};

// puregram: `Telegram.fromToken(t)` / `new Telegram({ token })`; 3.x startPolling(), 2.x updates.startPolling().
const puregramForms: ImportForm[] = [
  { name: 'puregram named import', langs: ['ts', 'esm'], header: `import { Telegram } from 'puregram';`, ctor: 'Telegram' },
  { name: 'puregram namespace import', langs: ['ts', 'esm'], header: `import * as puregram from 'puregram';`, ctor: 'puregram.Telegram' },
  { name: 'puregram destructured require', langs: ['ts', 'cjs'], header: `const { Telegram } = require('puregram');`, ctor: 'Telegram', usesRequire: true },
];
const puregram = {
  fromToken3: matrix(puregramForms, (ctor) => `${ctor}.fromToken(process.env.BOT_TOKEN)`, (t) => `${t}.startPolling()`, (t) => `${t}.api.sendMessage({ chat_id: 1, text: 'x' })`),
  fromToken2: matrix(puregramForms, (ctor) => `${ctor}.fromToken(process.env.BOT_TOKEN)`, (t) => `${t}.updates.startPolling()`, (t) => `${t}.updates.startWebhook()`),
  config: matrix(puregramForms, (ctor) => `new ${ctor}({ token: process.env.BOT_TOKEN })`, (t) => `${t}.updates.startPolling()`, (t) => `${t}.webhookHandler()`),
};

// slimbot: `new Slimbot(token)`; startPolling(cb).
const slimbotForms: ImportForm[] = [
  { name: 'slimbot default import', langs: ['ts', 'esm'], header: `import Slimbot from 'slimbot';`, ctor: 'Slimbot' },
  { name: 'slimbot import = require', langs: ['ts'], header: `import Slimbot = require('slimbot');`, ctor: 'Slimbot' },
  { name: 'slimbot require', langs: ['ts', 'cjs'], header: `const Slimbot = require('slimbot');`, ctor: 'Slimbot', usesRequire: true },
  { name: 'slimbot require inline', langs: ['ts', 'cjs'], header: '', ctor: `(require('slimbot'))`, usesRequire: true },
];
const slimbot = matrix(
  slimbotForms,
  (ctor) => `new ${ctor}(process.env.BOT_TOKEN)`,
  (bot) => `${bot}.startPolling((err, obj) => {})`,
  (bot) => `${bot}.sendMessage(1, 'x')`,
);

/** Same class name `Bot`, different libraries: the import source decides. */
const bySource = {
  invalid: [
    invalid(
      'ts',
      `import { Bot as GrammyBot } from 'grammy';
import { Bot as GramioBot } from 'gramio';
import { Bot as NtbaBot } from 'node-telegram-bot-api';
const a = new GrammyBot(process.env.BOT_TOKEN!);
const b = new GramioBot(process.env.BOT_TOKEN!);
const c = new NtbaBot(process.env.BOT_TOKEN!);
a.start(); // #1
b.start(); // #2
c.startPolling(); // #3`,
      'BOT_TOKEN',
      { name: 'grammY, gramio and node-telegram-bot-api 2.x Bot in one file', duplicates: 2 },
    ),
  ],
  valid: [
    valid(
      'ts',
      `import { Bot as GrammyBot } from 'grammy';
import { Bot as NtbaBot } from 'node-telegram-bot-api';
const a = new GrammyBot(process.env.BOT_TOKEN!);
const c = new NtbaBot(process.env.BOT_TOKEN!);
a.start();
c.start();`,
      { name: 'node-telegram-bot-api 2.x Bot has no start() poller method' },
    ),
  ],
};

runShapes('no-duplicate-poller: grammY, runner, telebot, gramio, puregram, slimbot shapes', {
  valid: [
    ...grammy.valid,
    ...runner.valid,
    ...grammyShapes.valid,
    ...telebot.token.valid,
    ...telebot.config.valid,
    ...telebot.webhook,
    ...gramio.token.valid,
    ...gramio.config.valid,
    ...puregram.fromToken3.valid,
    ...puregram.fromToken2.valid,
    ...puregram.config.valid,
    ...slimbot.valid,
    ...bySource.valid,
  ],
  invalid: [
    ...grammy.invalid,
    ...runner.invalid,
    ...grammyShapes.invalid,
    ...telebot.token.invalid,
    ...telebot.config.invalid,
    ...gramio.token.invalid,
    ...gramio.config.invalid,
    ...puregram.fromToken3.invalid,
    ...puregram.fromToken2.invalid,
    ...puregram.config.invalid,
    ...slimbot.invalid,
    ...bySource.invalid,
  ],
});

/**
 * telegraf 3.x and 4.x: `new Telegraf(token)` never polls; `launch()` (without a `webhook`
 * key) and 3.x `startPolling()` do. `bot.start(handler)` is the /start COMMAND.
 */
import { ALL_LANGS, invalid, runShapes, valid, variants, type ImportForm, type Lang } from './harness.js';

const S = "'telegraf'";

const imports: readonly ImportForm[] = [
  { name: '4.x named import', langs: ['ts', 'esm'], header: `import { Telegraf } from ${S};`, ctor: 'Telegraf' },
  { name: 'aliased named import', langs: ['ts', 'esm'], header: `import { Telegraf as TelegrafBot } from ${S};`, ctor: 'TelegrafBot' },
  { name: 'namespace import', langs: ['ts', 'esm'], header: `import * as telegraf from ${S};`, ctor: 'telegraf.Telegraf' },
  { name: '3.x default import', langs: ['ts', 'esm'], header: `import Telegraf from ${S};`, ctor: 'Telegraf' },
  { name: '3.x import = require', langs: ['ts'], header: `import Telegraf = require(${S});`, ctor: 'Telegraf' },
  { name: '4.x import = require, member', langs: ['ts'], header: `import telegraf = require(${S});`, ctor: 'telegraf.Telegraf' },
  { name: '4.x destructured require', langs: ['ts', 'cjs'], header: `const { Telegraf } = require(${S});`, ctor: 'Telegraf', usesRequire: true },
  { name: 'renamed destructured require', langs: ['ts', 'cjs'], header: `const { Telegraf: T } = require(${S});`, ctor: 'T', usesRequire: true },
  { name: '3.x require', langs: ['ts', 'cjs'], header: `const Telegraf = require(${S});`, ctor: 'Telegraf', usesRequire: true },
  { name: "require('telegraf').default", langs: ['ts', 'cjs'], header: `const Telegraf = require(${S}).default;`, ctor: 'Telegraf', usesRequire: true },
  { name: "require('telegraf').Telegraf", langs: ['ts', 'cjs'], header: `const Telegraf = require(${S}).Telegraf;`, ctor: 'Telegraf', usesRequire: true },
  { name: 'new (require(x))', langs: ['ts', 'cjs'], header: '', ctor: `(require(${S}))`, usesRequire: true },
  { name: 'new (require(x).Telegraf)', langs: ['ts', 'cjs'], header: '', ctor: `(require(${S}).Telegraf)`, usesRequire: true },
  { name: 'await import() destructured', langs: ['ts', 'esm'], header: `const { Telegraf } = await import(${S});`, ctor: 'Telegraf' },
  { name: 'await import() module object', langs: ['ts', 'esm'], header: `const tg = await import(${S});`, ctor: 'tg.Telegraf' },
];

const importMatrix = {
  valid: imports.flatMap((form) =>
    variants(form, (lang, options) =>
      valid(
        lang,
        `${form.header}
const bot = new ${form.ctor}(process.env.BOT_TOKEN);
const sender = new ${form.ctor}(process.env.BOT_TOKEN);
bot.launch();
sender.telegram.sendMessage(1, 'hi');`,
        options,
      ),
    ),
  ),
  invalid: imports.flatMap((form) =>
    variants(form, (lang, options) =>
      invalid(
        lang,
        `${form.header}
const bot = new ${form.ctor}(process.env.BOT_TOKEN);
const again = new ${form.ctor}(process.env.BOT_TOKEN);
bot.launch(); // #1
again.launch(); // #2`,
        'BOT_TOKEN',
        options,
      ),
    ),
  ),
};

const HEADERS: Record<Lang, string> = {
  ts: `import { Telegraf } from ${S};`,
  esm: `import { Telegraf } from ${S};`,
  cjs: `const { Telegraf } = require(${S});`,
};

/** [name, code]: each code is tried in every language with that language's import. */
const shapesInvalid: [string, string][] = [
  ['launch() twice on module-level consts', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch(); // #1
b.launch(() => console.log('started')); // #2`],
  ['launch({ dropPendingUpdates }) polls', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch({ dropPendingUpdates: true, allowedUpdates: ['message'] }); // #1
b.launch(); // #2`],
  ['launch options from a const without webhook', `const launchOptions = { dropPendingUpdates: true };
const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch(launchOptions); // #1
b.launch(launchOptions, () => {}); // #2`],
  ['launch options of unknown shape (unknown counts as polling)', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch(config.launch); // #1
b.launch(); // #2`],
  ['3.x startPolling()', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.startPolling(); // #1
b.launch(); // #2`],
  ['chained new Telegraf(t).launch()', `const bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch(); // #1
new Telegraf(process.env.BOT_TOKEN).launch(); // #2`],
  ['launch behind require.main === module and inside an async IIFE', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
if (require.main === module) a.launch(); // #1
(async () => {
  await b.launch(); // #2
})();`],
  ['launch().then() and await launch()', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch().then(() => console.log('up')); // #1
async function main() {
  await b.launch(); // #2
}
main();`],
  ['let assigned in an init function, launched in another', `let bot;
function initBot() {
  bot = new Telegraf(process.env.BOT_TOKEN);
}
async function startBot() {
  await bot.launch(); // #1
}
function createAdmin() {
  const admin = new Telegraf(process.env.BOT_TOKEN);
  admin.launch(); // #2
}
initBot();
startBot();
createAdmin();`],
  ['this.bot in constructor, launched in start()', `class TelegramService {
  constructor() {
    this.bot = new Telegraf(process.env.BOT_TOKEN);
    this.bot.start((ctx) => ctx.reply('hi'));
  }
  async start() {
    await this.bot.launch(); // #1
  }
}
const cli = new Telegraf(process.env.BOT_TOKEN);
cli.launch(); // #2`],
  ['class field, launched from an arrow-function method', `class TelegramService {
  bot = new Telegraf(process.env.BOT_TOKEN);
  run = () => this.bot.launch(); // #1
}
const cli = new Telegraf(process.env.BOT_TOKEN);
cli.launch(); // #2`],
  ['lazy singleton getter launched through the holder', `let instance = null;
function getBot() {
  if (!instance) {
    instance = new Telegraf(process.env.BOT_TOKEN);
    instance.launch(); // #1
  }
  return instance;
}
const other = new Telegraf(process.env.BOT_TOKEN);
other.launch(); // #2
getBot();`],
  ['state object member', `const state = {};
state.bot = new Telegraf(process.env.BOT_TOKEN);
state.bot.launch(); // #1
const other = new Telegraf(process.env.BOT_TOKEN);
other.launch(); // #2`],
  ['require inside function bodies', `async function startMain() {
  const { Telegraf: T } = require('telegraf');
  const bot = new T(process.env.BOT_TOKEN);
  await bot.launch(); // #1
}
function startWorker() {
  const Telegraf = require('telegraf').Telegraf;
  new Telegraf(process.env.BOT_TOKEN).launch(); // #2
}`],
  ['cross-library: node-telegram-bot-api poller and telegraf launch of one token', `const TelegramBot = require('node-telegram-bot-api');
const legacy = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
const bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch(); // #2`],
];

const shapesValid: [string, string][] = [
  ['never launched: send-only', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch();
b.telegram.sendMessage(process.env.CHAT_ID, 'report');`],
  ['bot.start(handler) is the /start command', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch();
b.start((ctx) => ctx.reply('Welcome'));
b.command('help', (ctx) => ctx.reply('help'));`],
  ['launch({ webhook }) is not polling', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch();
b.launch({ webhook: { domain: 'example.com', port: 8443 } });`],
  ['launch(webhookOptions) from a const is not polling', `const webhookOptions = { webhook: { domain: process.env.DOMAIN, hookPath: '/tg' } };
const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch();
b.launch(webhookOptions, () => console.log('webhook up'));`],
  ['createWebhook / webhookCallback are not polling', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch();
b.createWebhook({ domain: 'example.com' });
const handler = b.webhookCallback('/tg');`],
  ['one-shot telegram.getUpdates is not a poller', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch();
b.telegram.getUpdates(0, 100, -1);`],
  ['launch in if/else arms counts once', `let bot;
if (process.env.WEBHOOK) {
  bot = new Telegraf(process.env.BOT_TOKEN);
  bot.launch({ webhook: { domain: 'x.example' } });
} else {
  bot = new Telegraf(process.env.BOT_TOKEN);
  bot.launch();
}`],
  ['one instance launched from two exclusive arms', `const bot = new Telegraf(process.env.BOT_TOKEN);
if (process.env.DROP) bot.launch({ dropPendingUpdates: true });
else bot.launch();`],
  ['stop() then launch() again on the same instance', `const bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch();
process.once('SIGUSR2', async () => {
  bot.stop('reload');
  await bot.launch();
});`],
];

/** [name, code, reported starts]: each start of a second poller is its own site. */
const startSites: [string, string, number][] = [
  ['a second instance started twice: two sites', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch(); // #1
b.launch(); // #2
process.once('SIGUSR2', async () => {
  b.stop('reload');
  await b.launch(); // #3
});`, 2],
  ['the start inside a function called at module level', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch(); // #1
function startAdmin() {
  b.launch(); // #2
}
startAdmin();`, 1],
  ['the first poller is the one that starts first, whatever the creation order', `const a = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
b.launch(); // #1
a.launch(); // #2`, 1],
  ['one variable reassigned: each launch may start either bot, the later one is the second', `let bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch(); // #1
bot = new Telegraf(process.env.BOT_TOKEN);
bot.launch(); // #2`, 1],
  ['a created-only duplicate is not reported; the one that starts is', `const a = new Telegraf(process.env.BOT_TOKEN);
const spare = new Telegraf(process.env.BOT_TOKEN);
const b = new Telegraf(process.env.BOT_TOKEN);
a.launch(); // #1
b.launch(); // #2`, 1],
];

function forEachLang(shapes: [string, string][], make: (lang: Lang, code: string, name: string) => unknown) {
  return shapes.flatMap(([name, code]) =>
    ALL_LANGS.filter((lang) => lang !== 'esm' || !code.includes('require')).map((lang) =>
      make(lang, `${HEADERS[lang]}\n${code}`, name),
    ),
  );
}

const tsOnly = {
  invalid: [
    invalid(
      'ts',
      `import { Telegraf, type Context } from 'telegraf';
interface MyContext extends Context { session: { n: number } }
const a = new Telegraf<MyContext>(process.env.BOT_TOKEN!);
const b = new Telegraf<MyContext>(process.env.BOT_TOKEN as string) as Telegraf<MyContext>;
void a.launch(); // #1
(b satisfies Telegraf<MyContext>).launch(); // #2`,
      'BOT_TOKEN',
      { name: 'type arguments, as, satisfies, !' },
    ),
    invalid(
      'ts',
      `import { Telegraf } from 'telegraf';
export class BotService {
  private bot!: Telegraf;
  async onModuleInit(): Promise<void> {
    this.bot = new Telegraf(process.env.BOT_TOKEN!);
  }
  async onApplicationBootstrap(): Promise<void> {
    await this.bot.launch(); // #1
  }
}
export const cli = new Telegraf(process.env.BOT_TOKEN!);
cli.launch(); // #2`,
      'BOT_TOKEN',
      { name: 'lifecycle method creation, launch in another lifecycle method' },
    ),
  ],
  valid: [
    valid(
      'ts',
      `import { Telegraf } from 'telegraf';
declare const bot: Telegraf;
bot.launch();
const real = new Telegraf(process.env.BOT_TOKEN!);
real.launch();`,
      { name: 'declare const is no creation' },
    ),
  ],
};

runShapes('no-duplicate-poller: telegraf shapes', {
  valid: [
    ...importMatrix.valid,
    ...(forEachLang(shapesValid, (lang, code, name) => valid(lang, code, { name })) as ReturnType<typeof valid>[]),
    ...tsOnly.valid,
  ],
  invalid: [
    ...importMatrix.invalid,
    ...(forEachLang(shapesInvalid, (lang, code, name) => invalid(lang, code, 'BOT_TOKEN', { name })) as ReturnType<typeof invalid>[]),
    ...startSites.flatMap(([name, code, duplicates]) => ALL_LANGS.map((lang) => invalid(lang, `${HEADERS[lang]}\n${code}`, 'BOT_TOKEN', { name, duplicates }))),
    ...tsOnly.invalid,
  ],
});

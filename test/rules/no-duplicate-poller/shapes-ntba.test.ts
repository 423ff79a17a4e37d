/**
 * node-telegram-bot-api 0.x / 1.x / 2.x: import forms, where the instance is held, and what
 * switches polling on, in TypeScript, ESM and CommonJS, without options.
 */
import { invalid, runShapes, valid, variants, type CaseOptions, type ImportForm, type Lang } from './harness.js';

const S = "'node-telegram-bot-api'";

/** 0.x (`module.exports = TelegramBot`) and 1.x (default + named `TelegramBot`). */
const classicImports: readonly ImportForm[] = [
  { name: 'default import', langs: ['ts', 'esm'], header: `import TelegramBot from ${S};`, ctor: 'TelegramBot' },
  { name: 'named import (1.x)', langs: ['ts', 'esm'], header: `import { TelegramBot } from ${S};`, ctor: 'TelegramBot' },
  { name: 'aliased named import', langs: ['ts', 'esm'], header: `import { TelegramBot as Tg } from ${S};`, ctor: 'Tg' },
  { name: 'namespace import', langs: ['ts', 'esm'], header: `import * as TelegramBot from ${S};`, ctor: 'TelegramBot' },
  { name: 'import = require', langs: ['ts'], header: `import TelegramBot = require(${S});`, ctor: 'TelegramBot' },
  { name: 'require', langs: ['ts', 'cjs'], header: `const TelegramBot = require(${S});`, ctor: 'TelegramBot', usesRequire: true },
  { name: 'destructured require (1.x)', langs: ['ts', 'cjs'], header: `const { TelegramBot } = require(${S});`, ctor: 'TelegramBot', usesRequire: true },
  { name: 'renamed destructured require', langs: ['ts', 'cjs'], header: `const { TelegramBot: Tg } = require(${S});`, ctor: 'Tg', usesRequire: true },
  { name: "require('x').default", langs: ['ts', 'cjs'], header: `const TelegramBot = require(${S}).default;`, ctor: 'TelegramBot', usesRequire: true },
  { name: 'new (require(x))', langs: ['ts', 'cjs'], header: '', ctor: `(require(${S}))`, usesRequire: true },
  {
    name: 'createRequire in ESM',
    langs: ['ts', 'esm'],
    header: `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst TelegramBot = require(${S});`,
    ctor: 'TelegramBot',
  },
  { name: 'await import() default', langs: ['ts', 'esm'], header: `const { default: TelegramBot } = await import(${S});`, ctor: 'TelegramBot' },
  { name: '(await import()).default', langs: ['ts', 'esm'], header: `const TelegramBot = (await import(${S})).default;`, ctor: 'TelegramBot' },
  { name: 'await import() module object', langs: ['ts', 'esm'], header: `const ntba = await import(${S});`, ctor: 'ntba.default' },
];

const importMatrixValid = classicImports.flatMap((form) =>
  variants(form, (lang, options) =>
    valid(
      lang,
      `${form.header}
const bot = new ${form.ctor}(process.env.BOT_TOKEN, { polling: true });
const sender = new ${form.ctor}(process.env.BOT_TOKEN);
sender.sendMessage(1, 'hi');`,
      options,
    ),
  ),
);

const importMatrixInvalid = classicImports.flatMap((form) =>
  variants(form, (lang, options) =>
    invalid(
      lang,
      `${form.header}
const bot = new ${form.ctor}(process.env.BOT_TOKEN, { polling: true }); // #1
const again = new ${form.ctor}(process.env.BOT_TOKEN, { polling: true }); // #2`,
      'BOT_TOKEN',
      options,
    ),
  ),
);

// The instance shapes run with one import per language (the common one) plus `require`
// inside a function body, which real code does for lazy loading.
const HEADERS: Record<Lang, string> = {
  ts: `import TelegramBot from ${S};`,
  esm: `import TelegramBot from ${S};`,
  cjs: `const TelegramBot = require(${S});`,
};
const ALL: readonly Lang[] = ['ts', 'esm', 'cjs'];
const NEEDS_ESM_EXPORT = (lang: Lang, name: string) => (lang === 'cjs' ? `module.exports.${name} = ${name};` : `export { ${name} };`);

/** Instance shapes: `body` gets the language's header; each poller is marked. */
const instanceShapes: { name: string; langs?: readonly Lang[]; code: (lang: Lang) => string; valid: (lang: Lang) => string }[] = [
  {
    name: 'let assigned in if/else arms counts once; a third poller is a duplicate',
    code: () => `let bot;
if (process.env.NODE_ENV === 'production') {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 1000 } }); // #1
} else {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}
const debug = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `let bot;
if (process.env.NODE_ENV === 'production') {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 1000 } });
} else {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}
const debug = new TelegramBot(process.env.BOT_TOKEN);`,
  },
  {
    name: 'let assigned in an exported init function',
    code: (lang) => `let bot = null;
function initBot() {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
  return bot;
}
function initAdminBot() {
  return new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2
}
${NEEDS_ESM_EXPORT(lang, 'initBot')}
${NEEDS_ESM_EXPORT(lang, 'initAdminBot')}`,
    valid: (lang) => `let bot = null;
function initBot() {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
  return bot;
}
function notify(text) {
  return new TelegramBot(process.env.BOT_TOKEN).sendMessage(process.env.ADMIN_CHAT, text);
}
${NEEDS_ESM_EXPORT(lang, 'initBot')}
${NEEDS_ESM_EXPORT(lang, 'notify')}`,
  },
  {
    name: 'let assigned in a deferred callback, started later',
    code: () => `let bot;
setImmediate(() => {
  bot = new TelegramBot(process.env.BOT_TOKEN);
  bot.startPolling(); // #1
});
const watcher = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `let bot;
setImmediate(() => {
  bot = new TelegramBot(process.env.BOT_TOKEN);
});
const watcher = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'lazy singleton getter',
    code: () => `let instance;
function getBot() {
  if (!instance) instance = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
  return instance;
}
const bot = getBot();
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `let instance;
function getBot() {
  if (!instance) instance = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
  return instance;
}
const bot = getBot();
bot.on('message', () => {});`,
  },
  {
    name: 'lazy singleton getter; polling started on the getter result',
    code: (lang) => `let instance;
function getBot() {
  if (!instance) instance = new TelegramBot(process.env.BOT_TOKEN);
  return instance;
}
const bot = getBot();
${NEEDS_ESM_EXPORT(lang, 'bot')}
bot.startPolling(); // #1
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: (lang) => `let instance;
function getBot() {
  if (!instance) instance = new TelegramBot(process.env.BOT_TOKEN);
  return instance;
}
const bot = getBot();
${NEEDS_ESM_EXPORT(lang, 'bot')}
bot.sendMessage(1, 'x');
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'arrow getter called inline: getBot().startPolling()',
    code: () => `let instance = null;
const getBot = () => instance ?? (instance = new TelegramBot(process.env.BOT_TOKEN));
getBot().startPolling(); // #1
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `let instance = null;
const getBot = () => instance ?? (instance = new TelegramBot(process.env.BOT_TOKEN));
getBot().getMe();
getBot().getMe();
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'factory called twice is one creation site',
    code: () => `function createBot() {
  return new TelegramBot(process.env.BOT_TOKEN);
}
const a = createBot();
a.startPolling(); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `function createBot() {
  return new TelegramBot(process.env.BOT_TOKEN);
}
const a = createBot();
const b = createBot();
a.startPolling();
b.startPolling();`,
  },
  {
    name: 'this.bot in object-literal methods is the state object member',
    code: () => `const service = {
  bot: null,
  init() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN);
  },
  start: function () {
    this.bot.startPolling(); // #1
  },
};
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2
service.init();
service.start();`,
    valid: () => `const service = {
  bot: null,
  init() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN);
  },
  start() {
    return this.bot.getMe();
  },
};
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
service.init();`,
  },
  {
    name: 'this.bot set in an object method, started through the object',
    code: () => `const service = {
  init() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN);
  },
};
service.init();
service.bot.startPolling(); // #1
const other = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `class Server {
  constructor() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN);
    this.handlers = {
      restart() {
        // this is the handlers object here, not the Server: the Server's bot never polls.
        return this.bot.startPolling();
      },
    };
  }
}
const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'this.bot in the constructor, polling started in another method',
    code: () => `class BotService {
  constructor() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN);
  }
  start() {
    this.bot.startPolling(); // #1
  }
}
const legacy = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `class BotService {
  constructor() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN);
  }
  start() {
    return this.bot.sendMessage(1, 'up');
  }
}
const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'this.bot in a lifecycle method, polling started in another method',
    code: () => `class TelegramService {
  onModuleInit() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN, { polling: false });
  }
  listen() {
    if (!this.bot.isPolling()) this.bot.startPolling(); // #1
  }
}
const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `class TelegramService {
  onModuleInit() {
    this.bot = new TelegramBot(process.env.BOT_TOKEN, { polling: false });
  }
  listen() {
    this.bot.on('message', () => {});
  }
}
const poller = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'class field',
    code: () => `class Notifier {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
}
class Listener {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2
}`,
    valid: () => `class Notifier {
  bot = new TelegramBot(process.env.BOT_TOKEN);
  start() {
    this.bot.sendMessage(1, 'x');
  }
}
class Listener {
  bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}`,
  },
  {
    name: 'service.bot on a plain state object',
    code: () => `const service = { bot: null };
service.bot = new TelegramBot(process.env.BOT_TOKEN);
service.bot.startPolling(); // #1
const second = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`,
    valid: () => `const service = { bot: null };
service.bot = new TelegramBot(process.env.BOT_TOKEN);
service.bot.sendMessage(1, 'x');
const second = new TelegramBot(process.env.BOT_TOKEN, { polling: true });`,
  },
  {
    name: 'function-local creation in two functions',
    code: () => `function main() {
  const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
  bot.on('message', () => {});
}
async function worker() {
  const bot = new TelegramBot(process.env.BOT_TOKEN);
  bot.startPolling(); // #2
}
main();
worker();`,
    valid: () => `function main() {
  const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
  bot.on('message', () => {});
}
async function worker() {
  const bot = new TelegramBot(process.env.BOT_TOKEN);
  await bot.sendMessage(1, 'x');
}
main();
worker();`,
  },
  {
    name: 'chained start on the new expression',
    code: () => `const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
new TelegramBot(process.env.BOT_TOKEN).startPolling(); // #2`,
    valid: () => `const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
new TelegramBot(process.env.BOT_TOKEN).getMe();`,
  },
  {
    name: 'require inside a function body',
    langs: ['ts', 'cjs'],
    code: () => `function createBot() {
  const TelegramBot = require('node-telegram-bot-api');
  return new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
}
function createOther() {
  const { TelegramBot: Tg } = require('node-telegram-bot-api');
  return new Tg(process.env.BOT_TOKEN, { polling: true }); // #2
}
module.exports = { createBot, createOther };`,
    valid: () => `function createBot() {
  const TelegramBot = require('node-telegram-bot-api');
  return new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}
function createSender() {
  const TelegramBot = require('node-telegram-bot-api');
  return new TelegramBot(process.env.BOT_TOKEN, { polling: false });
}
module.exports = { createBot, createSender };`,
  },
];

function withHeader(lang: Lang, code: string, requireInBody: boolean): string {
  return requireInBody ? code : `${HEADERS[lang]}\n${code}`;
}

const instanceInvalid = instanceShapes.flatMap((shape) =>
  (shape.langs ?? ALL).flatMap((lang) => {
    const requireInBody = shape.name.startsWith('require inside');
    const code = withHeader(lang, shape.code(lang), requireInBody);
    const make = (options: CaseOptions) => invalid(lang, code, 'BOT_TOKEN', { ...options, name: shape.name });
    return lang === 'esm' ? [make({})] : [make({}), make({ globals: true })];
  }),
);

const instanceValid = instanceShapes.flatMap((shape) =>
  (shape.langs ?? ALL).flatMap((lang) => {
    const requireInBody = shape.name.startsWith('require inside');
    const code = withHeader(lang, shape.valid(lang), requireInBody);
    const make = (options: CaseOptions) => valid(lang, code, { ...options, name: shape.name });
    return lang === 'esm' ? [make({})] : [make({}), make({ globals: true })];
  }),
);

// TypeScript-only wrappers around the instance.
const tsWrappers = [
  `const a = new TelegramBot(process.env.BOT_TOKEN!, { polling: true }) as TelegramBot; // #1
const b = new TelegramBot(process.env.BOT_TOKEN as string, { polling: true })!; // #2`,
  `const a = new TelegramBot(process.env.BOT_TOKEN!, { polling: true }) satisfies TelegramBot; // #1
const b = (<TelegramBot>new TelegramBot(process.env.BOT_TOKEN!, { polling: true })); // #2`,
  `const options = { polling: true } satisfies TelegramBot.ConstructorOptions;
const a = new TelegramBot(process.env.BOT_TOKEN!, options); // #1
const b: TelegramBot = new TelegramBot(process.env.BOT_TOKEN!, { polling: true } as TelegramBot.ConstructorOptions); // #2`,
  `let bot!: TelegramBot;
bot = new TelegramBot(process.env.BOT_TOKEN!) as TelegramBot;
(bot as TelegramBot).startPolling(); // #1
const b = new TelegramBot(process.env.BOT_TOKEN!, { polling: true }); // #2`,
];

/** node-telegram-bot-api 0.x/1.x polling switches: [name, code] pairs. */
const pollingInvalid: [string, string][] = [
  ['polling: { interval }', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 300, params: { timeout: 10 } } }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`],
  ['polling: someVariable (unknown counts as polling)', `const shouldPoll = process.env.POLL === 'yes';
const a = new TelegramBot(process.env.BOT_TOKEN, { polling: shouldPoll }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`],
  ['polling: imported flag (unknown counts as polling)', `import { pollingEnabled } from './config.js';
const a = new TelegramBot(process.env.BOT_TOKEN, { polling: pollingEnabled }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: pollingEnabled }); // #2`],
  ['options from a local const', `const botOptions = { polling: true, filepath: false };
const a = new TelegramBot(process.env.BOT_TOKEN, botOptions); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, botOptions); // #2`],
  ['options imported from another module (unknown counts as polling)', `import { botOptions } from './options.js';
const a = new TelegramBot(process.env.BOT_TOKEN, botOptions); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`],
  ['options ternary with a polling arm', `const a = new TelegramBot(process.env.BOT_TOKEN, process.env.CI ? { polling: false } : { polling: { interval: 500 } }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`],
  ['polling: false, then startPolling(): the constructor that polls starts first', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: false });
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
a.startPolling(); // #2`],
  ['autoStart: false, then startPolling()', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: { autoStart: false, interval: 300 } });
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
a.startPolling({ restart: true }); // #2`],
  ['deprecated initPolling()', `const a = new TelegramBot(process.env.BOT_TOKEN);
a.initPolling(); // #1
const b = new TelegramBot(process.env.BOT_TOKEN);
b['startPolling'](); // #2`],
  ['spread of unknown options', `const a = new TelegramBot(process.env.BOT_TOKEN, { ...defaults, filepath: false }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`],
  ['polling started through an alias const', `const a = new TelegramBot(process.env.BOT_TOKEN);
const same = a;
same.startPolling(); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2`],
  ['a second instance restarted after an error: each startPolling() is a site', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN);
b.startPolling(); // #2
b.on('polling_error', async () => {
  await b.stopPolling();
  await b.startPolling(); // #3
});`],
  ['a polling constructor started again in the same expression is one site', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
new TelegramBot(process.env.BOT_TOKEN, { polling: true }).startPolling(); // #2`],
  ['three pollers: each later one names the first', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #1
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #2
const c = new TelegramBot(process.env.BOT_TOKEN, { polling: true }); // #3`],
];

const pollingValid: [string, string][] = [
  ['polling: false', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: false });`],
  ['no options', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN);
b.sendMessage(1, 'x');`],
  ['options without a polling key', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, { filepath: false, baseApiUrl: 'http://localhost:8081' });`],
  ['polling: undefined / void 0 / 0 / empty string', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: undefined });
const c = new TelegramBot(process.env.BOT_TOKEN, { polling: void 0 });
const d = new TelegramBot(process.env.BOT_TOKEN, { polling: 0 });
const e = new TelegramBot(process.env.BOT_TOKEN, { polling: '' });`],
  ['webHook option', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, { webHook: { port: 8443 } });
b.setWebHook('https://example.com/hook');
b.openWebHook();`],
  ['autoStart: false never started', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, { polling: { autoStart: false } });`],
  ['options from a local const with polling: false', `const quiet = { polling: false };
const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN, quiet);`],
  ['stopPolling() then startPolling() on the same instance is one poller', `const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
bot.on('polling_error', async () => {
  await bot.stopPolling();
  await bot.startPolling();
});`],
  ['startPolling() in if/else arms of the same instance', `const bot = new TelegramBot(process.env.BOT_TOKEN);
if (process.env.MODE === 'a') bot.startPolling();
else bot.startPolling({ restart: false });`],
  ['constructors in ternary arms count as one', `const bot = process.env.FAST
  ? new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 100 } })
  : new TelegramBot(process.env.BOT_TOKEN, { polling: true });`],
  ['constructors in switch cases count as one', `let bot;
switch (process.env.MODE) {
  case 'fast':
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: { interval: 100 } });
    break;
  default:
    bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
}`],
  ['processUpdate only (webhook server feeding updates)', `const a = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
const b = new TelegramBot(process.env.BOT_TOKEN);
export function onUpdate(update) { b.processUpdate(update); }`],
];

// node-telegram-bot-api 2.x: named `Bot`, polls through startPolling() or run(bot).
const v2Invalid: [string, readonly Lang[], string][] = [
  ['2.x Bot.startPolling() twice', ALL, `BOT_HEADER
const a = new Bot(process.env.BOT_TOKEN);
const b = new Bot(process.env.BOT_TOKEN);
a.startPolling(); // #1
b.startPolling(); // #2`],
  ['2.x run(bot) from node-telegram-bot-api/node', ALL, `BOT_HEADER
RUN_HEADER
const a = new Bot(process.env.BOT_TOKEN);
const b = new Bot(process.env.BOT_TOKEN);
a.startPolling(); // #1
run(b); // #2`],
  ['2.x longPoll(api) and longPoll(bot.api)', ['ts', 'esm'], `import { Api, Bot, longPoll } from 'node-telegram-bot-api';
const api = new Api(process.env.BOT_TOKEN);
const bot = new Bot(process.env.BOT_TOKEN);
for await (const update of longPoll(api)) console.log(update); // #1
for await (const update of longPoll(bot.api)) console.log(update); // #2`],
];

const v2Valid: [string, readonly Lang[], string][] = [
  ['2.x Bot without a start is send-only', ALL, `BOT_HEADER
const a = new Bot(process.env.BOT_TOKEN);
const b = new Bot(process.env.BOT_TOKEN);
a.startPolling();
await b.api.sendMessage({ chat_id: 1, text: 'x' });`],
  ['2.x webhookCallback is not polling', ['ts', 'esm'], `import { Bot, webhookCallback } from 'node-telegram-bot-api';
const a = new Bot(process.env.BOT_TOKEN);
const b = new Bot(process.env.BOT_TOKEN);
a.startPolling();
export const handler = webhookCallback(b);`],
  ['2.x Api without longPoll is send-only', ['ts', 'esm'], `import { Api, Bot } from 'node-telegram-bot-api';
const api = new Api(process.env.BOT_TOKEN);
const bot = new Bot(process.env.BOT_TOKEN);
bot.startPolling();
await api.getMe();`],
];

const V2_HEADERS: Record<Lang, { bot: string; run: string }> = {
  ts: { bot: `import { Bot } from ${S};`, run: `import { run } from 'node-telegram-bot-api/node';` },
  esm: { bot: `import { Bot } from ${S};`, run: `import { run } from 'node-telegram-bot-api/node';` },
  cjs: { bot: `const { Bot } = require(${S});`, run: `const { run } = require('node-telegram-bot-api/node');` },
};

function v2Code(lang: Lang, code: string): string {
  return code.replace('BOT_HEADER', V2_HEADERS[lang].bot).replace('RUN_HEADER', V2_HEADERS[lang].run);
}

const v2InvalidCases = v2Invalid.flatMap(([name, langs, code]) =>
  langs.flatMap((lang) => {
    // Top-level await needs a module.
    const text = lang === 'cjs' ? `(async () => {\n${v2Code(lang, code)}\n})();` : v2Code(lang, code);
    return [invalid(lang, text, 'BOT_TOKEN', { name })];
  }),
);
const v2ValidCases = v2Valid.flatMap(([name, langs, code]) =>
  langs.map((lang) => valid(lang, lang === 'cjs' ? `(async () => {\n${v2Code(lang, code)}\n})();` : v2Code(lang, code), { name })),
);

runShapes('no-duplicate-poller: node-telegram-bot-api shapes', {
  valid: [
    ...importMatrixValid,
    ...instanceValid,
    ...pollingValid.flatMap(([name, code]) =>
      ALL.filter((lang) => lang !== 'cjs' || !code.includes('export ')).map((lang) =>
        valid(lang, `${HEADERS[lang]}\n${code}`, { name }),
      ),
    ),
    ...v2ValidCases,
    valid('ts', `import TelegramBot from ${S};
declare const bot: TelegramBot;
bot.startPolling();
const poller = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });`, { name: 'declared instance is no creation' }),
  ],
  invalid: [
    ...importMatrixInvalid,
    ...instanceInvalid,
    ...tsWrappers.map((code) => invalid('ts', `import TelegramBot = require(${S});\n${code}`, 'BOT_TOKEN', { name: 'TS wrappers' })),
    ...pollingInvalid.flatMap(([name, code]) =>
      ALL.filter((lang) => lang !== 'cjs' || !code.includes('import ')).map((lang) =>
        invalid(lang, `${HEADERS[lang]}\n${code}`, 'BOT_TOKEN', { name, duplicates: code.includes('// #3') ? 2 : 1 }),
      ),
    ),
    ...v2InvalidCases,
  ],
});

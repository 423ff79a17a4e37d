/**
 * Code that runs while the module is evaluated although it is not at top level: IIFEs, blocks,
 * non-guard `if`s, timers queued at import, static class parts, field initializers and
 * constructors of classes instantiated at import, and local functions called at import. And
 * their counterparts that do NOT run at import (functions, methods, classes used later).
 */
import { ALL_LANGS, ESM_LANGS, FIX, IMPORTS, bothGlobals, exportOf, invalid, run, token, valid, type Lang } from './helpers.js';

/** A telegraf module: `bot` created at top level, `body` somewhere, `bot` exported. */
function telegraf(lang: Lang, body: string): string {
  return `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${token(lang)});\n\n${body}\n\n${exportOf(lang)}\n`;
}

const launch = { at: 'bot.launch()', fix: FIX.launch };

const wrappers: { name: string; body: string }[] = [
  { name: 'sync IIFE', body: '(function () {\n  bot.launch();\n})();' },
  { name: 'IIFE, call parens inside', body: '(function () {\n  bot.launch();\n}());' },
  { name: 'async IIFE', body: '(async function () {\n  await bot.launch();\n})();' },
  { name: 'arrow IIFE', body: '(() => {\n  bot.launch();\n})();' },
  { name: 'async arrow IIFE', body: "(async () => {\n  await bot.launch();\n  console.log('up');\n})();" },
  { name: 'expression-bodied async arrow IIFE', body: '(async () => bot.launch())();' },
  { name: 'IIFE .call(this)', body: '(function () {\n  bot.launch();\n}).call(this);' },
  { name: 'IIFE .apply(this)', body: '(function () {\n  bot.launch();\n}).apply(this, []);' },
  { name: 'void IIFE', body: 'void (async () => {\n  await bot.launch();\n})();' },
  { name: 'IIFE with .catch()', body: '(async () => {\n  await bot.launch();\n})().catch(console.error);' },
  { name: 'top-level block', body: '{\n  bot.launch();\n}' },
  { name: 'try block', body: 'try {\n  bot.launch();\n} catch (error) {\n  console.error(error);\n}' },
  { name: 'if on an env var (then)', body: 'if (process.env.POLL) {\n  bot.launch();\n}' },
  { name: 'if on an env var (else)', body: "if (process.env.WEBHOOK_URL) {\n  console.log('webhook');\n} else {\n  bot.launch();\n}" },
  { name: 'if without braces', body: "if (process.env.NODE_ENV !== 'test') bot.launch();" },
  { name: 'ternary', body: "process.env.POLL ? bot.launch() : console.log('no polling');" },
  { name: 'logical &&', body: 'process.env.POLL && bot.launch();' },
  { name: 'setImmediate', body: 'setImmediate(() => bot.launch());' },
  { name: 'setTimeout', body: 'setTimeout(() => {\n  bot.launch();\n}, 1000);' },
  { name: 'queueMicrotask', body: 'queueMicrotask(() => bot.launch());' },
  { name: 'process.nextTick', body: 'process.nextTick(() => bot.launch());' },
  { name: 'local function declaration called at top level', body: 'async function start() {\n  await bot.launch();\n}\nstart();' },
  { name: 'local function called before its declaration', body: 'start();\nfunction start() {\n  bot.launch();\n}' },
  { name: 'local arrow called at top level', body: 'const start = async () => {\n  await bot.launch();\n};\nstart().catch(console.error);' },
  { name: 'local function called from an IIFE', body: 'function start() {\n  return bot.launch();\n}\n(async () => {\n  await start();\n})();' },
  { name: 'function called by a function called at top level', body: 'function launchBot() {\n  bot.launch();\n}\nfunction main() {\n  launchBot();\n}\nmain();' },
  { name: 'loop body', body: 'for (const name of [bot]) {\n  bot.launch();\n}' },
  { name: 'static block', body: 'class Starter {\n  static {\n    bot.launch();\n  }\n}' },
  { name: 'static field', body: 'class Starter {\n  static started = bot.launch();\n}' },
  { name: 'field initializer of a class instantiated at import', body: 'class Starter {\n  started = bot.launch();\n}\nnew Starter();' },
  { name: 'constructor of a class instantiated at import', body: 'class Service {\n  constructor() {\n    bot.launch();\n  }\n}\nconst service = new Service();' },
  { name: 'class expression instantiated at import', body: 'const Service = class {\n  constructor() {\n    bot.launch();\n  }\n};\nnew Service();' },
];

const wrappersInvalid = ALL_LANGS.flatMap((lang) => wrappers.map(({ name, body }) => invalid(lang, telegraf(lang, body), [launch], { name })));

const esmOnly = ESM_LANGS.flatMap((lang) => [
  invalid(lang, telegraf(lang, 'if (process.env.POLL) {\n  await bot.launch();\n}'), [launch], { name: 'top-level await in an if' }),
  invalid(lang, telegraf(lang, 'try {\n  await bot.launch();\n} finally {\n  console.log("done");\n}'), [launch], { name: 'top-level await in try' }),
]);

/** A class whose constructor (or field) creates a polling bot, instantiated at module level. */
const classCreations = ALL_LANGS.flatMap((lang) => {
  const t = token(lang);
  const field = lang === 'ts' ? '  private bot: TelegramBot;\n' : '';
  const exportService = lang === 'cjs' ? 'const svc = new Service();\nmodule.exports = { svc };' : 'export const svc = new Service();';
  return [
    invalid(
      lang,
      `${IMPORTS.ntba[lang]}\n\nclass Service {\n${field}  constructor() {\n    this.bot = new TelegramBot(${t}, { polling: true });\n  }\n}\n\n${exportService}\n`,
      [{ at: 'true', fix: FIX.constructor }],
      { name: 'constructor creates a polling bot; export const svc = new Service()' },
    ),
    invalid(
      lang,
      `${IMPORTS.telegraf[lang]}\n\nclass Service {\n${field.replace('TelegramBot', 'Telegraf')}  constructor() {\n    this.bot = new Telegraf(${t});\n    this.bot.launch();\n  }\n}\n\n${exportService}\n`,
      [{ at: 'this.bot.launch()', fix: FIX.launch }],
      { name: 'constructor launches; export const svc = new Service()' },
    ),
    invalid(
      lang,
      `${IMPORTS.grammy[lang]}\n\nclass Service {\n  bot = new Bot(${t});\n  constructor() {\n    this.bot.start();\n  }\n}\n\n${exportService}\n`,
      [{ at: 'this.bot.start()', fix: FIX.start }],
      { name: 'field holds the bot; constructor starts it' },
    ),
    invalid(
      lang,
      `${IMPORTS.ntba[lang]}\n\nclass Service {\n  bot = new TelegramBot(${t}, { polling: true });\n}\n\n${exportService}\n`,
      [{ at: 'true', fix: FIX.constructor }],
      { name: 'field initializer creates a polling bot' },
    ),
    invalid(
      lang,
      `${IMPORTS.ntba[lang]}\n\nclass Service {\n  static bot = new TelegramBot(${t}, { polling: true });\n}\n\n${lang === 'cjs' ? 'module.exports = Service;' : 'export default Service;'}\n`,
      [{ at: 'true', fix: FIX.constructor }],
      { name: 'static field creates a polling bot (class never instantiated)' },
    ),
    invalid(
      lang,
      `${IMPORTS.ntba[lang]}\n\nfunction createBot() {\n  return new TelegramBot(${t}, { polling: true });\n}\n\n${lang === 'cjs' ? 'const bot = createBot();\nmodule.exports = bot;' : 'export const bot = createBot();'}\n`,
      [{ at: 'true', fix: FIX.constructor }],
      { name: 'factory function called at top level' },
    ),
  ];
});

/** The same code when nothing calls it at import. */
const notAtImport = ALL_LANGS.flatMap((lang) => {
  const t = token(lang);
  const exportFn = (fn: string) => (lang === 'cjs' ? `${fn}\nmodule.exports = { startBot };` : `export ${fn}`);
  const exportService = lang === 'cjs' ? 'module.exports = { Service, bot };' : 'export { Service, bot };';
  return [
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\n\n${exportFn('async function startBot() {\n  await bot.launch();\n}')}\n`, { name: 'exported start function' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\n\n${exportFn('const startBot = () => bot.launch();')}\n`, { name: 'exported start arrow' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\n${exportFn(`function startBot() {\n  const bot = new TelegramBot(${t}, { polling: true });\n  return bot;\n}`)}\n`, { name: 'polling bot created inside an exported function' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\n\nclass Service {\n  start() {\n    return bot.launch();\n  }\n}\n\n${exportService}\n`, { name: 'class start() method' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\n\nclass Service {\n  start() {\n    return bot.launch();\n  }\n}\nconst service = new Service();\n${lang === 'cjs' ? 'module.exports = { service };' : 'export { service };'}\n`, { name: 'instance created at import, start() never called' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\nclass Service {\n  constructor() {\n    this.bot = new TelegramBot(${t}, { polling: true });\n  }\n}\n\n${exportFn('function startBot() {\n  return new Service();\n}')}\n`, { name: 'polling constructor, class instantiated only inside a function' }),
    valid(lang, `${IMPORTS.ntba[lang]}\n\nclass Service {\n  bot = new TelegramBot(${t}, { polling: true });\n}\n\n${lang === 'cjs' ? 'module.exports = Service;' : 'export default Service;'}\n`, { name: 'polling field, class exported, never instantiated here' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nfunction start() {\n  bot.launch();\n}\nfunction main() {\n  start();\n}\n\n${lang === 'cjs' ? 'module.exports = { main };' : 'export { main };'}\n`, { name: 'function called by a function nobody calls at import' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nprocess.on('SIGUSR2', () => bot.launch());\n\n${exportOf(lang)}\n`, { name: 'event handler registered at import' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\n\n${exportFn('function startBot() {\n  setImmediate(() => bot.launch());\n}')}\n`, { name: 'setImmediate inside an exported function' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nconst startBot = function () {\n  (async () => {\n    await bot.launch();\n  })();\n};\n\n${lang === 'cjs' ? 'module.exports = { startBot };' : 'export { startBot };'}\n`, { name: 'IIFE inside an exported function' }),
    valid(lang, `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${t});\nconst api = {\n  start() {\n    return bot.launch();\n  },\n};\n\n${lang === 'cjs' ? 'module.exports = api;' : 'export default api;'}\n`, { name: 'object method' }),
  ];
});

/** A local `setImmediate` is not Node's: its callback is not known to run. */
const shadowedTimer = ALL_LANGS.map((lang) =>
  valid(lang, telegraf(lang, 'function setImmediate(callback) {\n  return callback;\n}\nsetImmediate(() => bot.launch());').replace('(callback)', lang === 'ts' ? '(callback: () => void)' : '(callback)'), { name: 'local function named setImmediate' }),
);

/** `this` at the top of a CommonJS module is `module.exports`; the `.call(this)` form is common there. */
const cjsGlobals = bothGlobals((globals) =>
  invalid('cjs', telegraf('cjs', '(function () {\n  bot.launch();\n}.call(this));'), [launch], { globals, name: 'CoffeeScript-style .call(this)' }),
);

run('no-polling-on-import: code that runs at import', {
  valid: [...notAtImport, ...shadowedTimer],
  invalid: [...wrappersInvalid, ...esmOnly, ...classCreations, ...cjsGlobals],
});

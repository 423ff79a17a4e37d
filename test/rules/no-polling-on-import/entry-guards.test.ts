/**
 * Entry guards: code that runs only when the module is the process's entry script. CommonJS
 * `require.main === module` (every spelling), ESM `import.meta.main` and the comparisons of
 * `import.meta.url` / `import.meta.filename` with `process.argv[1]`. And conditions that look
 * like guards but let an importer poll.
 */
import { ESM_LANGS, FIX, IMPORTS, bothGlobals, exportOf, invalid, run, token, valid, type Lang } from './helpers.js';

function telegraf(lang: Lang, body: string, header = ''): string {
  return `${IMPORTS.telegraf[lang]}\n${header}\nconst bot = new Telegraf(${token(lang)});\n\n${body}\n\n${exportOf(lang)}\n`;
}

const launch = { at: 'bot.launch()', fix: FIX.launch };

/** `require.main === module` guards: CommonJS, and CommonJS written in TypeScript. */
const requireMainGuards: { name: string; body: string }[] = [
  { name: 'if (require.main === module)', body: 'if (require.main === module) {\n  bot.launch();\n}' },
  { name: 'if (module === require.main)', body: 'if (module === require.main) {\n  bot.launch();\n}' },
  { name: 'loose ==', body: 'if (require.main == module) bot.launch();' },
  { name: 'require.main === module && bot.launch()', body: 'require.main === module && bot.launch();' },
  { name: 'if (require.main !== module) {} else { … }', body: 'if (require.main !== module) {\n  // imported\n} else {\n  bot.launch();\n}' },
  { name: 'if (!(require.main === module)) {} else { … }', body: 'if (!(require.main === module)) {\n  console.log("imported");\n} else {\n  bot.launch();\n}' },
  { name: 'guard && another condition', body: "if (require.main === module && process.env.NODE_ENV !== 'test') {\n  bot.launch();\n}" },
  { name: 'another condition && guard', body: 'if (process.env.POLL && require.main === module) {\n  bot.launch();\n}' },
  { name: 'ternary', body: 'require.main === module ? bot.launch() : undefined;' },
  { name: 'nested in an if on an env var', body: 'if (process.env.POLL) {\n  if (require.main === module) bot.launch();\n}' },
  { name: 'guarded async IIFE', body: 'if (require.main === module) {\n  (async () => {\n    await bot.launch();\n  })();\n}' },
  { name: 'main() called only behind the guard', body: 'async function main() {\n  await bot.launch();\n}\n\nif (require.main === module) {\n  main();\n}' },
  { name: 'main() behind guard &&', body: 'const main = () => bot.launch();\nrequire.main === module && main();' },
  { name: 'Service instantiated only behind the guard', body: 'class Service {\n  constructor() {\n    bot.launch();\n  }\n}\nif (require.main === module) new Service();' },
];

const requireMainValid = (['cjs', 'ts'] as const).flatMap((lang) =>
  requireMainGuards.flatMap(({ name, body }) => bothGlobals((globals) => valid(lang, telegraf(lang, body), { name, globals }))),
);

/** Conditions that let an importer start polling. */
const notGuards: { name: string; body: string }[] = [
  { name: 'if (require.main !== module)', body: 'if (require.main !== module) {\n  bot.launch();\n}' },
  { name: 'else of require.main === module', body: "if (require.main === module) {\n  console.log('entry');\n} else {\n  bot.launch();\n}" },
  { name: 'guard || another condition', body: 'if (require.main === module || process.env.POLL) {\n  bot.launch();\n}' },
  { name: 'require.main === module || bot.launch()', body: 'require.main === module || bot.launch();' },
  { name: 'require.main alone (truthy in every CommonJS module)', body: 'if (require.main) bot.launch();' },
  { name: 'other arm of the ternary', body: "require.main === module ? console.log('entry') : bot.launch();" },
  { name: 'main() called behind the guard AND at top level', body: 'function main() {\n  bot.launch();\n}\nif (require.main === module) main();\nmain();' },
  { name: 'guard after the launch', body: "bot.launch();\nif (require.main === module) {\n  console.log('entry');\n}" },
];

const notGuardsInvalid = (['cjs', 'ts'] as const).flatMap((lang) =>
  notGuards.flatMap(({ name, body }) => bothGlobals((globals) => invalid(lang, telegraf(lang, body), [launch], { name, globals }))),
);

/** A local `module` is not the module object: the comparison is no guard. */
const shadowed = [
  invalid('cjs', telegraf('cjs', "const module = { id: 'x' };\nif (require.main === module) bot.launch();").replace('module.exports = bot;', 'exports.bot = bot;'), [launch], { name: 'local variable named module' }),
  invalid('ts', telegraf('ts', 'function check(module: unknown) {\n  return module;\n}\nconst module = check(null);\nif (require.main === module) bot.launch();').replace('export default bot;', 'export { bot };'), [launch], { name: 'local variable named module (ts)' }),
];

/** ESM guards. */
const esmGuards: { name: string; header?: string; body: string }[] = [
  { name: 'if (import.meta.main)', body: 'if (import.meta.main) {\n  await bot.launch();\n}' },
  { name: 'import.meta.main && bot.launch()', body: 'import.meta.main && bot.launch();' },
  { name: 'if (!import.meta.main) {} else', body: 'if (!import.meta.main) {\n  console.log("imported");\n} else {\n  bot.launch();\n}' },
  { name: 'import.meta.url === pathToFileURL(process.argv[1]).href', header: "import { pathToFileURL } from 'node:url';", body: 'if (import.meta.url === pathToFileURL(process.argv[1]).href) {\n  bot.launch();\n}' },
  { name: 'process.argv[1] === fileURLToPath(import.meta.url)', header: "import { fileURLToPath } from 'node:url';", body: 'if (process.argv[1] === fileURLToPath(import.meta.url)) {\n  bot.launch();\n}' },
  { name: 'import.meta.filename === process.argv[1]', body: 'if (import.meta.filename === process.argv[1]) bot.launch();' },
  { name: 'path.resolve around argv', header: "import path from 'node:path';\nimport { fileURLToPath } from 'node:url';", body: 'if (fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {\n  bot.launch();\n}' },
  { name: 'template literal file://${process.argv[1]}', body: 'if (import.meta.url === `file://${process.argv[1]}`) {\n  bot.launch();\n}' },
  { name: 'new URL(import.meta.url).pathname', body: 'if (new URL(import.meta.url).pathname === process.argv[1]) {\n  bot.launch();\n}' },
  { name: 'guarded main()', header: "import { pathToFileURL } from 'node:url';", body: 'async function main() {\n  await bot.launch();\n}\nif (import.meta.url === pathToFileURL(process.argv[1]).href) {\n  main().catch(console.error);\n}' },
];

const esmGuardsValid = ESM_LANGS.flatMap((lang) =>
  esmGuards.flatMap(({ name, header, body }) => bothGlobals((globals) => valid(lang, telegraf(lang, body, header), { name, globals }))),
);

const esmNotGuards = ESM_LANGS.flatMap((lang) => [
  invalid(lang, telegraf(lang, 'if (!import.meta.main) {\n  bot.launch();\n}'), [launch], { name: 'if (!import.meta.main)' }),
  invalid(lang, telegraf(lang, "if (import.meta.url.startsWith('file:')) {\n  bot.launch();\n}"), [launch], { name: 'import.meta.url alone' }),
  invalid(lang, telegraf(lang, "if (process.argv[1].endsWith('bot.js')) {\n  bot.launch();\n}"), [launch], { name: 'process.argv alone' }),
  invalid(lang, telegraf(lang, "if (import.meta.url !== `file://${process.argv[1]}`) {\n  bot.launch();\n}"), [launch], { name: 'import.meta.url !== argv' }),
]);

run('no-polling-on-import: entry guards', {
  valid: [...requireMainValid, ...esmGuardsValid],
  invalid: [...notGuardsInvalid, ...shadowed, ...esmNotGuards],
});

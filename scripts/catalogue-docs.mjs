// docs/catalogue.md, made from the built catalogue (dist/src/catalogue/libraries.js), so the page
// a reader checks the facts on says exactly what the rules, codemods and `check` read.
//   node scripts/catalogue-docs.mjs            writes the page (`npm run docs:catalogue` builds first)
//   node scripts/catalogue-docs.mjs --check    exits 1 when the page differs (run by `npm test`)
//   --page <file>                              another page to write or check (the tests' drifted copy)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repository = path.join(import.meta.dirname, '..');

/** `[]` is the module's value itself; anything else a member path. */
function exportPath(exportPath) {
  return exportPath.length === 0 ? 'the module itself' : `\`${exportPath.join('.')}\``;
}

function code(text) {
  return `\`${text}\``;
}

function list(items, empty = 'none') {
  return items.length > 0 ? items.join(', ') : empty;
}

function sources(entry) {
  return list(entry.sources.map(code));
}

function tokenOf(botClass) {
  const argument = `argument ${botClass.token.arg + 1}`;
  return botClass.token.property ? `${argument}, or its ${code(botClass.token.property)} property` : argument;
}

function creation(botClass) {
  const factories = (botClass.factories ?? []).map((factory) => code(`X.${factory}(token)`));
  return list([code('new X(token)'), ...factories]);
}

function starts(catalogue, botClass) {
  const forms = [];
  const polling = botClass.constructorPolling;
  if (polling) {
    forms.push(`the constructor, when option ${code(polling.key)} (argument ${polling.optionsArg + 1}) is truthy or unknown, unless ${code(`${polling.key}.${polling.autoStartKey}`)} is \`false\``);
  }
  for (const start of botClass.startMethods) {
    const call = code(catalogue.startMethodCall(start.path));
    forms.push(start.notWhenArgHasKey ? `${call} unless its argument has ${code(start.notWhenArgHasKey)}` : call);
  }
  return forms.length > 0 ? forms.join('; ') : 'nothing by itself (see the functions below)';
}

function deferred(catalogue, botClass) {
  const polling = botClass.constructorPolling;
  if (!polling) return 'creating it never polls: create it anywhere, start it from the entry point';
  const call = code(catalogue.deferredStartCall(polling));
  return `${code(`${polling.key}: false`)}, or ${code(`${polling.autoStartKey}: false`)} inside an object ${code(polling.key)}; then ${call} once, from the entry point, unless ${code(`bot.${polling.isPollingMethod}()`)}`;
}

function webhooks(botClass) {
  const calls = botClass.webhookMethods.map((method) => code(`bot.${method.join('.')}()`));
  if (botClass.webhookConfigKey) calls.push(`a ${code(botClass.webhookConfigKey)} key in the constructor's options`);
  return list(calls);
}

function table(rows) {
  return ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}

/** The page, from the catalogue module's exports. */
export function renderCatalogue(catalogue) {
  const out = [
    '# What polls, library by library',
    '',
    '<!-- Generated from src/catalogue/libraries.ts by `npm run docs:catalogue`; `npm test` fails when it is out of date. -->',
    '',
    'Telegram keeps one `getUpdates` poller per bot token and answers a second one with 409 Conflict.',
    'This page lists what the rules, the codemods and `check` know about each library: what creates',
    'a bot, what starts it polling, how to create it without polling and start it later, and what',
    'puts its token in webhook mode. In calls, `bot` stands for the instance and `X` for the class.',
    '',
    '## Bot classes',
  ];
  for (const botClass of catalogue.botClasses) {
    out.push('', `### ${catalogue.apiLabel(botClass)} (${code(botClass.id)})`, '');
    out.push(
      table([
        ['imported from', `${sources(botClass)}: ${list(botClass.paths.map(exportPath))}`],
        ['created by', creation(botClass)],
        ['token', tokenOf(botClass)],
        ['starts polling', starts(catalogue, botClass)],
        ['create without polling, start later', deferred(catalogue, botClass)],
        ['webhook mode', webhooks(botClass)],
        ['look like a start, do not poll', list(botClass.notPolling.map(code))],
      ]),
    );
  }
  out.push('', '## Functions that start polling the instance they are given', '');
  out.push('| function | from | library | call |', '|---|---|---|---|');
  for (const starter of catalogue.starterFunctions) {
    const calls = [catalogue.starterCall(starter, false), ...(starter.instanceMember ? [catalogue.starterCall(starter, true)] : [])];
    out.push(`| ${list(starter.paths.map(exportPath))} | ${sources(starter)} | ${starter.library} | ${list(calls.map(code))} |`);
  }
  out.push('', '## Functions that serve a bot from a webhook', '');
  out.push('A poller of the same token conflicts with the app that serves them.', '');
  out.push('| function | from | library |', '|---|---|---|');
  for (const server of catalogue.webhookServers) out.push(`| ${list(server.paths.map(exportPath))} | ${sources(server)} | ${server.library} |`);
  out.push('', '## Framework modules that create and start a bot', '');
  out.push('| module | from | creates | token option | does not poll when |', '|---|---|---|---|---|');
  for (const framework of catalogue.frameworkModules) {
    const factories = [...framework.factories, ...framework.asyncFactories].map((factory) => code(`${framework.path.join('.')}.${factory}()`));
    const modes = framework.modes.map((mode) => {
      const when = mode.when === 'webhook' ? `an object with ${code('webhook')}` : code(mode.when);
      return `${code(mode.key)} is ${when} (${mode.mode === 'webhook' ? 'webhook mode' : 'no updates'})`;
    });
    out.push(`| ${list(factories)} | ${sources(framework)} | ${code(framework.creates)} | ${code(framework.tokenKey)} | ${list(modes)} |`);
  }
  const nest = catalogue.nestModule;
  out.push(
    '',
    '## NestJS providers',
    '',
    `A class listed in the ${code(nest.providersKey)} of ${code(`@${nest.path.join('.')}()`)} (${sources(nest)}) is created once per module that lists it, and its ${list(nest.lifecycleHooks.map(code))} run when the app starts.`,
    '',
  );
  return out.join('\n');
}

async function main(args) {
  const check = args.includes('--check');
  const pageAt = args.indexOf('--page');
  const page = pageAt === -1 ? path.join(repository, 'docs/catalogue.md') : path.resolve(args[pageAt + 1] ?? '');
  const catalogue = await import(pathToFileURL(path.join(repository, 'dist/src/catalogue/libraries.js')).href);
  const text = renderCatalogue(catalogue);
  if (!check) {
    writeFileSync(page, text);
    return 0;
  }
  let current;
  try {
    current = readFileSync(page, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return 0;
  console.error(`${path.relative(process.cwd(), page)} is not what the catalogue makes: run \`npm run docs:catalogue\` and commit the page.`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));

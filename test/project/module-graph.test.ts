import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createResolver, extractImports, reachableFrom } from '../../src/project/module-graph.js';

/** Specifier, kind and typeOnly of each import, in order; lines checked separately where they matter. */
const found = (text: string) => extractImports(text).map(({ specifier, kind, typeOnly }) => ({ specifier, kind, typeOnly }));
const value = (specifier: string, kind: 'static' | 'dynamic' | 'require' = 'static') => ({ specifier, kind, typeOnly: false });
const type = (specifier: string, kind: 'static' | 'dynamic' | 'require' = 'static') => ({ specifier, kind, typeOnly: true });

describe('extractImports: static forms', () => {
  it.each([
    ["import bot from './bot.js';", './bot.js'],
    ["import { bot } from './bot'", './bot'],
    ["import { bot as b, other } from \"./bot\";", './bot'],
    ["import * as lib from './lib';", './lib'],
    ["import def, { a } from './mixed';", './mixed'],
    ["import def, * as all from './mixed';", './mixed'],
    ["import './side-effect';", './side-effect'],
    ["import'./no-space';", './no-space'],
    ["import data from './data.json' with { type: 'json' };", './data.json'],
    ["import { default as bot } from '@/bot';", '@/bot'],
    ["import { 'odd-name' as odd } from './odd';", './odd'],
    ['import type from "./named-type";', './named-type'], // a default import called `type`
    ['import type, { a } from "./named-type-2";', './named-type-2'],
    ["import { type } from './binding-called-type';", './binding-called-type'],
    ["import { type as t } from './binding-called-type-renamed';", './binding-called-type-renamed'],
    ["export * from './all';", './all'],
    ["export * as ns from './ns';", './ns'],
    ["export { a, b as c } from './some';", './some'],
    ["export { default } from './default';", './default'],
    ["export { type A, b } from './mixed-export';", './mixed-export'],
  ])('%s', (text, specifier) => {
    expect(found(text)).toEqual([value(specifier)]);
  });

  it('reads an import spread over several lines, with comments inside, at the line of `import`', () => {
    const text = ["const x = 1;", 'import {', '  a, // the first', '  /* b, */ c,', '} from', "  './multi';"].join('\n');
    expect(extractImports(text)).toEqual([{ specifier: './multi', kind: 'static', line: 2, typeOnly: false }]);
  });

  it('gives every import of a file, in order, with its line', () => {
    const text = "import a from './a';\nimport b from './b';\n\nexport * from './c';\n";
    expect(extractImports(text).map(({ specifier, line }) => [specifier, line])).toEqual([
      ['./a', 1],
      ['./b', 2],
      ['./c', 4],
    ]);
  });

  it('does not take a local export list for a re-export', () => {
    expect(found("const a = 1;\nexport { a };\nimport b from './b';")).toEqual([value('./b')]);
    expect(found('export { a }\nexport const from = 2;')).toEqual([]);
    expect(found("export default bot;\nexport const x = 'from';")).toEqual([]);
  });
});

describe('extractImports: type-only imports are marked', () => {
  it.each([
    ["import type { Bot } from './types';", './types'],
    ["import type Bot from './types';", './types'],
    ["import type * as T from './types';", './types'],
    ["import { type A, type B } from './types';", './types'],
    ["import { type A as Alias } from './types';", './types'],
    ["export type { A } from './types';", './types'],
    ["export type * from './types';", './types'],
  ])('%s', (text, specifier) => {
    expect(found(text)).toEqual([type(specifier)]);
  });

  it('a default or namespace binding beside inline types is a value import', () => {
    expect(found("import Bot, { type Options } from './bot';")).toEqual([value('./bot')]);
    expect(found("import { type Options, createBot } from './bot';")).toEqual([value('./bot')]);
  });

  it('`typeof import()` and `import().Type` in a type are types', () => {
    expect(found("type Bot = typeof import('./bot');")).toEqual([type('./bot', 'dynamic')]);
    expect(found("let bot: import('./bot').Bot;")).toEqual([type('./bot', 'dynamic')]);
  });

  it('`import type x = require()` is a type, `import x = require()` is not', () => {
    expect(found("import type Bot = require('./bot');")).toEqual([type('./bot', 'require')]);
    expect(found("import bot = require('./bot');\nexport import other = require('./other');")).toEqual([value('./bot', 'require'), value('./other', 'require')]);
  });
});

describe('extractImports: require and dynamic import', () => {
  it('finds require at top level and inside functions, and destructured', () => {
    const text = [
      "const TelegramBot = require('node-telegram-bot-api');",
      "const { bot } = require('./bot');",
      'function later() {',
      "  const server = require('../server');",
      '  return server;',
      '}',
      "module.exports = { run: () => require(`./lazy`) };",
    ].join('\n');
    expect(extractImports(text)).toEqual([
      { specifier: 'node-telegram-bot-api', kind: 'require', line: 1, typeOnly: false },
      { specifier: './bot', kind: 'require', line: 2, typeOnly: false },
      { specifier: '../server', kind: 'require', line: 4, typeOnly: false },
      { specifier: './lazy', kind: 'require', line: 7, typeOnly: false },
    ]);
  });

  it('finds import() with a literal, awaited or not, with options, and template literals without ${}', () => {
    const text = [
      "const a = await import('./a.js');",
      "import('./b').then((m) => m.start());",
      'const c = await import(`./c`);',
      "const d = await import('./d.json', { with: { type: 'json' } });",
      'const e = await import(',
      "  /* webpackChunkName: 'e' */ './e'",
      ');',
    ].join('\n');
    expect(extractImports(text).map(({ specifier, kind, line }) => [specifier, kind, line])).toEqual([
      ['./a.js', 'dynamic', 1],
      ['./b', 'dynamic', 2],
      ['./c', 'dynamic', 3],
      ['./d.json', 'dynamic', 4],
      ['./e', 'dynamic', 5],
    ]);
  });

  it('skips computed specifiers, require.resolve, methods called import or require, and import.meta', () => {
    const text = [
      'const name = "x";',
      'await import(`./locales/${name}.js`);',
      "await import('./prefix' + name);",
      'require(name);',
      "require.resolve('./not-loaded');",
      "loader.require('./loader-method');",
      "registry.import('./registry-method');",
      'const here = import.meta.url;',
      "const optional = maybe?.require('./optional-method');",
    ].join('\n');
    expect(found(text)).toEqual([]);
  });

  it('counts module.require as a require', () => {
    expect(found("const bot = module.require('./bot');")).toEqual([value('./bot', 'require')]);
  });
});

describe('extractImports: comments and strings are not code', () => {
  it('skips imports inside line and block comments', () => {
    const text = [
      "// import old from './old-line';",
      "/* import old from './old-block';",
      "   const bot = require('./old-require'); */",
      '/**',
      " * @example import { bot } from './doc-example';",
      ' */',
      "import live from './live'; // require('./after-code')",
    ].join('\n');
    expect(extractImports(text)).toEqual([{ specifier: './live', kind: 'static', line: 7, typeOnly: false }]);
  });

  it('skips imports written inside string and template literals', () => {
    const text = [
      `const a = "import x from './in-double'";`,
      `const b = 'require("./in-single")';`,
      "const c = `import('./in-template')`;",
      "const d = `line one\nrequire('./in-multiline-template')\n`;",
      "const e = `${require('./in-substitution')}`;",
      "const f = 'it\\'s require(\"./after-escaped-quote\")';",
    ].join('\n');
    // The substitution is code: that one counts, and at its own line.
    expect(extractImports(text)).toEqual([{ specifier: './in-substitution', kind: 'require', line: 7, typeOnly: false }]);
  });

  it('does not read a regular expression literal with quotes as the start of a string', () => {
    const text = ["const quote = /['\"`]/g;", "const slash = /\\/\\//;", "import after from './after-regex';"].join('\n');
    expect(found(text)).toEqual([value('./after-regex')]);
  });

  it('does not mistake division for a regular expression', () => {
    const text = ["const half = total / 2; const third = (a + b) / 3 / 1;", "import after from './after-division';"].join('\n');
    expect(found(text)).toEqual([value('./after-division')]);
  });

  it('keeps going after a stray quote in JSX text (the damage stays on its line)', () => {
    const text = ["const view = <p>Don't panic</p>;", "import after from './after-jsx';"].join('\n');
    expect(found(text)).toEqual([value('./after-jsx')]);
  });

  it('handles a hashbang line and a file without import words', () => {
    expect(found("#!/usr/bin/env node\nrequire('./cli');")).toEqual([value('./cli', 'require')]);
    expect(extractImports('const x = 1;\nconsole.log(x);\n')).toEqual([]);
  });

  it('nested templates and braces in substitutions keep the scanner in step', () => {
    const text = "const t = `a ${ { k: `b ${'c'}` }.k } d`;\nimport after from './after-template';";
    expect(found(text)).toEqual([value('./after-template')]);
  });
});

describe('createResolver', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tg-module-graph-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function write(rel: string, content = 'export {};\n'): string {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  it('maps a `.js` specifier to the `.ts` file, an extensionless one to the file or the folder index', () => {
    const from = write('src/main.ts');
    const bot = write('src/bot.ts');
    const index = write('src/services/index.ts');
    const util = write('src/lib/util.mts');
    const plain = write('src/plain.js');
    const resolve = createResolver(root);
    expect(resolve(from, './bot.js')).toBe(bot);
    expect(resolve(from, './bot')).toBe(bot);
    expect(resolve(from, './services')).toBe(index);
    expect(resolve(from, './services/index.js')).toBe(index);
    expect(resolve(from, './lib/util.mjs')).toBe(util);
    expect(resolve(from, './plain.js')).toBe(plain);
    expect(resolve(path.join(root, 'src/services/index.ts'), '../bot.js')).toBe(bot);
    expect(resolve(from, './missing.js')).toBeUndefined();
  });

  it('leaves package names and node builtins unresolved', () => {
    const from = write('src/main.ts');
    write('node_modules/telegraf/index.js');
    const resolve = createResolver(root);
    expect(resolve(from, 'telegraf')).toBeUndefined();
    expect(resolve(from, 'node:fs')).toBeUndefined();
    expect(resolve(from, 'fs')).toBeUndefined();
  });

  it('resolves tsconfig `paths` aliases, including ones inherited through `extends`', () => {
    write('tsconfig.base.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'], '@bot': ['src/telegram/bot.ts'] } } }));
    write('tsconfig.json', '{\n  // comments are allowed\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": { "strict": true, },\n}\n');
    const from = write('src/routes/api.ts');
    const bot = write('src/telegram/bot.ts');
    const index = write('src/telegram/index.ts');
    const resolve = createResolver(root);
    expect(resolve(from, '@/telegram/bot')).toBe(bot);
    expect(resolve(from, '@/telegram/bot.js')).toBe(bot);
    expect(resolve(from, '@/telegram')).toBe(index);
    expect(resolve(from, '@bot')).toBe(bot);
    expect(resolve(from, '@/nothing/here')).toBeUndefined();
    expect(resolve(from, 'grammy')).toBeUndefined();
  });

  it('takes `paths` from the base config folder when the base sits elsewhere and has no baseUrl', () => {
    write('config/tsconfig.shared.json', JSON.stringify({ compilerOptions: { paths: { '~lib/*': ['../packages/lib/*'] } } }));
    write('tsconfig.json', JSON.stringify({ extends: './config/tsconfig.shared.json' }));
    const from = write('app.ts');
    const target = write('packages/lib/bot.ts');
    expect(createResolver(root)(from, '~lib/bot')).toBe(target);
  });

  it('uses the nearest tsconfig of each folder', () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '#x/*': ['./root-x/*'] } } }));
    write('packages/api/tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '#x/*': ['./api-x/*'] } } }));
    const rootTarget = write('root-x/bot.ts');
    const apiTarget = write('packages/api/api-x/bot.ts');
    const resolve = createResolver(root);
    expect(resolve(write('main.ts'), '#x/bot')).toBe(rootTarget);
    expect(resolve(write('packages/api/src/main.ts'), '#x/bot')).toBe(apiTarget);
    expect(resolve(path.join(root, 'main.ts'), '#x/bot')).toBe(rootTarget); // cached, still per folder
  });

  it('reads jsconfig.json aliases in a JavaScript project', () => {
    write('jsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
    const target = write('src/bot.js');
    expect(createResolver(root)(write('src/app.js'), '@/bot')).toBe(target);
  });

  it("prefers the project's own jsconfig.json to a tsconfig.json in a parent folder", () => {
    write('parent-tsconfig/tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['elsewhere/*'] } } }));
    write('parent-tsconfig/elsewhere/bot.js');
    write('parent-tsconfig/app/jsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
    const target = write('parent-tsconfig/app/src/bot.js');
    expect(createResolver(path.join(root, 'parent-tsconfig/app'))(write('parent-tsconfig/app/src/app.js'), '@/bot')).toBe(target);
  });

  it('survives a broken tsconfig (aliases are lost, relative imports still resolve)', () => {
    write('tsconfig.json', '{ "compilerOptions": { "paths": ');
    const from = write('main.ts');
    const bot = write('bot.ts');
    const resolve = createResolver(root);
    expect(resolve(from, '@/bot')).toBeUndefined();
    expect(resolve(from, './bot.js')).toBe(bot);
  });
});

describe('reachableFrom', () => {
  it('collects everything reachable, the entry included, through cycles', () => {
    const graph: Record<string, string[]> = {
      entry: ['a', 'b'],
      a: ['c'],
      b: ['c', 'entry'],
      c: ['a'],
      unrelated: ['entry'],
    };
    const calls: string[] = [];
    const reached = reachableFrom('entry', (file) => {
      calls.push(file);
      return graph[file] ?? [];
    });
    expect([...reached]).toEqual(['entry', 'a', 'b', 'c']);
    expect(calls.sort()).toEqual(['a', 'b', 'c', 'entry']); // each file asked once
  });

  it('an entry without imports reaches only itself; a self-import is harmless', () => {
    expect([...reachableFrom('x', () => [])]).toEqual(['x']);
    expect([...reachableFrom('x', () => ['x'])]).toEqual(['x']);
  });
});

// TypeScript is parsed with oxc-parser and typescript-eslint's scope manager (src/core/oxc-parser.ts).
// The engine was written against typescript-estree's trees: here both parse every TypeScript fixture
// and a set of hand-picked shapes, and must agree on the tree, the positions, the comments, the
// scopes and where a syntax error is.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { loadOxc } from '../../src/core/oxc-parser.js';
import { checkSyntax, parseFile, ParseError, type ParsedFile, parseFileWithTypeScriptEslint } from '../../src/core/parse.js';

const repositoryRoot = path.resolve(__dirname, '../..');

function fixtureFiles(dir: string, inFixtures = false): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...fixtureFiles(file, inFixtures || entry.name === 'fixtures' || entry.name === 'example'));
    else if (inFixtures && /\.(?:[cm]?ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(file);
  }
  return files;
}

/** The tree without parent links, tokens and oxc's extra start/end offsets (ranges are compared). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'parent' || key === 'tokens' || child === undefined || ((key === 'start' || key === 'end') && typeof child === 'number')) continue;
    // An empty list typescript-estree leaves out on some nodes, and oxc gives everywhere.
    if ((key === 'decorators' || key === 'implements') && Array.isArray(child) && child.length === 0) continue;
    out[key] = plain(child);
  }
  return out;
}

/** Every scope: its kind, block, variables, and each reference with what it resolves to. */
function scopes(parsed: ParsedFile): unknown[] {
  let root = parsed.getScope(parsed.ast) as TSESLint.Scope.Scope;
  while (root.upper) root = root.upper;
  const out: unknown[] = [];
  const visit = (scope: TSESLint.Scope.Scope) => {
    out.push({
      type: scope.type,
      block: scope.block.range,
      variables: scope.variables.map((variable) => `${variable.name}:${variable.defs.map((def) => def.type).join(',')}`),
      references: scope.references.map((reference) => `${reference.identifier.range.join('-')}→${reference.resolved?.name ?? '∅'}${reference.isWrite() ? ':w' : ''}`),
      through: scope.through.length,
    });
    scope.childScopes.forEach(visit);
  };
  visit(root);
  return out;
}

function syntaxError(parse: () => unknown): { line: number } | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { line: error.line };
  }
}

describe('where oxc-parser does not load', () => {
  it('TypeScript goes through typescript-eslint\'s parser, with the same result', () => {
    // A fresh process in which requiring oxc-parser fails, as on a platform without its binding.
    const script = `
      const Module = require('node:module');
      const resolve = Module._resolveFilename;
      let oxcAsked = 0;
      Module._resolveFilename = function (request, ...rest) {
        if (request === 'oxc-parser' && ++oxcAsked) throw new Error('no native binding here');
        return resolve.call(this, request, ...rest);
      };
      const { parseFile } = require(${JSON.stringify(path.join(repositoryRoot, 'dist/src/core/parse.js'))});
      const parsed = parseFile('/p/bot.ts', 'import { Telegraf } from "telegraf";\\nconst bot = new Telegraf<Ctx>(process.env.TOKEN!);\\nbot.launch();\\n');
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({
        statements: parsed.ast.body.map((node) => node.type + ':' + node.loc.start.line),
        oxcAsked,
        typescriptEstree: loaded.some((key) => key.includes('typescript-estree')),
      }));`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ statements: ['ImportDeclaration:1', 'VariableDeclaration:2', 'ExpressionStatement:3'], oxcAsked: 1, typescriptEstree: true });
  });
});

describe('oxc-parser against typescript-estree', () => {
  it('loads here (the suite would otherwise test the fallback twice)', () => {
    expect(loadOxc()).toBeDefined();
  });

  const files = [...fixtureFiles(path.join(repositoryRoot, 'test')), ...fixtureFiles(path.join(repositoryRoot, 'example'), true)];

  it(`gives the same trees, comments and scopes on the ${files.length} TypeScript fixture files`, () => {
    expect(files.length).toBeGreaterThan(300);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const expected = syntaxError(() => parseFileWithTypeScriptEslint(file, text)) ?? parseFileWithTypeScriptEslint(file, text);
      const actual = syntaxError(() => parseFile(file, text)) ?? parseFile(file, text);
      if ('line' in (expected as object)) {
        expect(actual, file).toEqual(expected);
        continue;
      }
      const [want, got] = [expected as ParsedFile, actual as ParsedFile];
      expect(plain(got.ast), file).toEqual(plain(want.ast));
      expect(scopes(got), file).toEqual(scopes(want));
    }
  });

  const shapes: Record<string, string> = {
    'decorators and parameter properties': "@Injectable()\nexport class Bots {\n  constructor(@InjectBot() private readonly bot: Telegraf<Context>, public name?: string) {}\n  @Cron('* * * * *') tick(): void { void this.bot.launch(); }\n}\n",
    'type-only imports and exports, satisfies, non-null': "import type { Bot } from 'grammy';\nimport { type Context, Telegraf } from 'telegraf';\nexport type { Bot };\nconst options = { polling: true } satisfies object;\nexport const bot = new Telegraf<Context>(process.env.TOKEN!);\n",
    'enums, namespaces, declare, abstract, overloads': "enum Mode { Poll = 'poll', Hook = 'hook' }\nnamespace Bots { export const token = process.env.TOKEN; }\ndeclare const external: string;\nabstract class Base { abstract start(): void; }\nfunction f(a: string): void;\nfunction f(a: number): void;\nfunction f(a: unknown) { return a; }\n",
    'generics, arrow functions, casts, optional chains': "const make = <T,>(value: T): T => value;\nconst bot = (globalThis as any).bot as Telegraf | undefined;\nbot?.launch?.();\nlet x = <const>['a'];\nexport default make;\n",
    'CRLF lines, unicode and a BOM-free file': "// привет\r\nconst a = 'é';\r\n/* 😀 */ const b = `${a}\u2028`;\r\nexport { a, b };\r\n",
    'comments everywhere': '/** doc */\nexport class A { // line\n  /* block */ x = 1; }\n// last\n',
    'TSX': "export const View = () => <div title={'x'}>{/* c */}<span /></div>;\n",
  };

  for (const [name, text] of Object.entries(shapes)) {
    it(`the same on ${name}`, () => {
      const file = name === 'TSX' ? '/p/view.tsx' : '/p/shape.ts';
      const want = parseFileWithTypeScriptEslint(file, text);
      const got = parseFile(file, text);
      expect(plain(got.ast)).toEqual(plain(want.ast));
      expect(scopes(got)).toEqual(scopes(want));
    });
  }

  it.each([
    ['an unclosed block', 'function f() {\n  const a = 1;\n'],
    ['a stray token', 'const a = 1;\nconst b = );\n'],
    ['a missing initializer name', 'const = 5;\n'],
    ['an unterminated string', "const a = 'x;\n"],
  ])('reports %s as a ParseError, on a line typescript-estree also reports, and checkSyntax agrees', (_, text) => {
    const got = syntaxError(() => parseFile('/p/broken.ts', text));
    const want = syntaxError(() => parseFileWithTypeScriptEslint('/p/broken.ts', text));
    expect(got).toBeDefined();
    expect(want).toBeDefined();
    expect(got).toEqual(want);
    expect(syntaxError(() => checkSyntax('/p/broken.ts', text))).toEqual(got);
  });
});

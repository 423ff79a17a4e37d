// createRule merges each rule's defaults under the user's options, as ESLint 9.15+ does: once per
// options object of a lint run (ESLint hands every file the same one), not once per file.
// The context a rule sees has ESLint's members, with its reports redacted.
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { compiledOncePerRun, createRule } from '../../src/create-rule.js';
import { fakeToken } from '../robustness/helpers.js';

type Options = [{ owners: string[]; project: boolean; nested: { a: number; b: number } }];

function ruleSeeingOptions() {
  const seen: Options[0][] = [];
  const rule = createRule<Options, 'x'>({
    name: 'options-probe',
    meta: {
      type: 'problem',
      docs: { description: 'probe' },
      messages: { x: 'x' },
      schema: [{ type: 'object' }],
      defaultOptions: [{ owners: [], project: true, nested: { a: 1, b: 2 } }],
    },
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
  const lint = (options: readonly unknown[]) => rule.create({ options, report: () => undefined } as unknown as Readonly<TSESLint.RuleContext<'x', Options>>);
  return { seen, lint, defaults: rule.meta.defaultOptions as Options };
}

describe('createRule options', () => {
  it('merges the defaults under the user option, key by key', () => {
    const { seen, lint } = ruleSeeingOptions();
    lint([{ project: false, nested: { b: 5 } }]);
    expect(seen[0]).toEqual({ owners: [], project: false, nested: { a: 1, b: 5 } });
  });

  it('merges once per user options object: every file of a run gets the same merged object', () => {
    const { seen, lint } = ruleSeeingOptions();
    const user = { project: false };
    lint([user]);
    lint([user]); // a fresh array per file, the same object in it
    lint([{ project: true, owners: ['a.ts'] }]);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[2]).toEqual({ owners: ['a.ts'], project: true, nested: { a: 1, b: 2 } });
  });

  it('merges once per options value: ESLint 9.15+ hands each file a new merged object, equal to the last', () => {
    const { seen, lint } = ruleSeeingOptions();
    lint([{ project: false, owners: ['a.ts'] }]);
    lint([{ project: false, owners: ['a.ts'] }]);
    lint([{ project: false, owners: ['b.ts'] }]);
    lint([{ project: false, owners: ['a.ts'] }]);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[3]).toBe(seen[0]);
    expect(seen[2]).toEqual({ owners: ['b.ts'], project: false, nested: { a: 1, b: 2 } });
    expect(seen[2]).not.toBe(seen[0]);
  });

  it('compiles the options once for every file of a run, when ESLint merges the defaults itself', () => {
    let compiles = 0;
    const compiled = compiledOncePerRun((options: Options[0], cwd: string) => ({ cwd, owners: options.owners, id: ++compiles }));
    const results: unknown[] = [];
    const rule = createRule<Options, 'x'>({
      name: 'compile-probe',
      meta: { type: 'problem', docs: { description: 'probe' }, messages: { x: 'x' }, schema: [{ type: 'object' }], defaultOptions: [{ owners: [], project: true, nested: { a: 1, b: 2 } }] },
      create(context, [options]) {
        results.push(compiled(context, options));
        return {};
      },
    });
    const linter = new Linter({ cwd: '/project' });
    const config = [{ plugins: { probe: { rules: { compile: rule as never } } }, rules: { 'probe/compile': ['error', { owners: ['src/bot.ts'] }] } }] as Linter.Config[];
    for (const name of ['a.js', 'b.js', 'c.js']) linter.verify('const x = 1;\n', config, `/project/src/${name}`);
    expect(compiles).toBe(1);
    expect(results).toEqual([{ cwd: '/project', owners: ['src/bot.ts'], id: 1 }, { cwd: '/project', owners: ['src/bot.ts'], id: 1 }, { cwd: '/project', owners: ['src/bot.ts'], id: 1 }]);
  });

  it('without options every file gets one copy of the defaults, never the declared defaults themselves', () => {
    const { seen, lint, defaults } = ruleSeeingOptions();
    lint([]);
    lint([]);
    expect(seen[0]).toEqual({ owners: [], project: true, nested: { a: 1, b: 2 } });
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]).not.toBe(defaults[0]);
    expect(seen[0]?.nested).not.toBe(defaults[0].nested);
  });
});

describe('the context a rule sees', () => {
  const { token } = fakeToken('123456789', 11);
  const seen: Record<string, unknown> = {};
  const probe = createRule<[], 'found'>({
    name: 'context-probe',
    meta: { type: 'problem', docs: { description: 'probe' }, messages: { found: 'found {{ value }}' }, schema: [], defaultOptions: [] },
    create(context) {
      seen.filename = context.filename;
      seen.text = context.sourceCode.text;
      seen.id = context.id;
      seen.cwd = context.cwd;
      seen.settings = context.settings;
      seen.hasSourceCode = 'sourceCode' in context;
      seen.physicalFilename = context.physicalFilename;
      seen.options = context.options;
      seen.sourceType = context.languageOptions.sourceType;
      return { Program: (node) => context.report({ node, messageId: 'found', data: { value: `token ${token}` } }) };
    },
  });

  it('reads through to ESLint\'s context, and reports redacted', () => {
    const linter = new Linter({ cwd: '/project' });
    const messages = linter.verify('const answer = 42;\n', [{ plugins: { probe: { rules: { context: probe as never } } }, rules: { 'probe/context': 'error' }, settings: { shared: 1 }, languageOptions: { sourceType: 'commonjs' } }], '/project/src/file.js');
    expect(messages.map((message) => message.message)).toEqual(['found token 123456789:<secret>']);
    expect(seen).toMatchObject({
      filename: '/project/src/file.js',
      physicalFilename: '/project/src/file.js',
      text: 'const answer = 42;\n',
      id: 'probe/context',
      cwd: '/project',
      settings: { shared: 1 },
      hasSourceCode: true,
      options: [],
      sourceType: 'commonjs',
    });
  });
});

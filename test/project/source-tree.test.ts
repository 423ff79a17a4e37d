// The rule model's walk (SourceTree) asks the .gitignore about files only when one of its rules
// can ignore a source file by name; whatever the rules, it lists what the plain walk lists.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { walkSourceFilesSync } from '../../src/project/files.js';
import { mayIgnoreSourceFile, SourceTree } from '../../src/project/source-tree.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'telegram-source-tree-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const tree = ['src/index.ts', 'src/bot.ts', 'src/secret.ts', 'src/view.tsx', 'src/app.log', 'src/gen/api.ts', 'src/a.generated.ts', 'lib/out.js', '.env.ts', 'logs/x.js'];

function project(name: string, gitignore: string): string {
  const root = path.join(base, name);
  for (const file of tree) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), 'export {};\n');
  }
  writeFileSync(path.join(root, '.gitignore'), gitignore);
  return root;
}

describe('SourceTree and the root .gitignore', () => {
  const cases: Record<string, string> = {
    folders: 'lib/\nlogs\n# a comment\n\n',
    'other kinds': 'lib/\n*.log\n.env\nnpm-debug.log\n!keep.log\n',
    'source names': 'secret.ts\n*.generated.ts\n',
    'wildcard tail': '.env*\nsrc/gen/*\n',
    negation: '*.tsx\n!src/view.tsx\n',
    'class and escape': 'src/[ab]ot.ts\nsrc/\\#x.ts\n',
  };
  for (const [name, gitignore] of Object.entries(cases)) {
    it(`lists what the plain walk lists (${name})`, () => {
      const root = project(name.replace(/\W/g, '-'), gitignore);
      expect(new SourceTree(root).files()).toEqual(walkSourceFilesSync(root));
    });
  }

  it('knows which rules can ignore a source file by name', () => {
    const plain = ['node_modules/', 'lib', '.env', '*.log', 'npm-debug.log', '# x.ts', '!src/x.ts', '', 'coverage/**/'];
    const able = ['secret.ts', '*.ts', '*.generated.ts', '.env*', 'src/gen/*', 'src/[ab]ot.ts', '*.?s', 'x\\ ', 'README.TS'];
    expect(plain.filter(mayIgnoreSourceFile)).toEqual([]);
    expect(able.filter((line) => !mayIgnoreSourceFile(line))).toEqual([]);
  });
});

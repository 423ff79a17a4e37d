// The rule model's walk (SourceTree) asks the .gitignore about files only when one of its rules
// can ignore a source file by name; whatever the rules, it lists what the plain walk lists.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { walkSourceFilesSync } from '../../src/project/files.js';
import { mayIgnoreSourceFile, SourceTree, treeWalks } from '../../src/project/source-tree.js';

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

describe('a walk taken from another thread (a snapshot)', () => {
  it('is the same tree without walking: its files, its folders in order, and what a later refresh finds', () => {
    const root = project('snapshot', 'lib/\n');
    const walked = new SourceTree(root);
    // Across threads a snapshot is cloned: nothing of the walked tree is shared.
    const snapshot = structuredClone(walked.snapshot());
    const walks = treeWalks.count;
    const taken = new SourceTree(root, snapshot);
    expect(treeWalks.count).toBe(walks);
    expect(taken.files()).toEqual(walked.files());
    expect([...taken.listedFolders()]).toEqual([...walked.listedFolders()]);
    // A file added after the walk shows at the refresh, through its folder's mtime.
    const added = path.join(root, 'src', 'late.ts');
    writeFileSync(added, 'export {};\n');
    utimesSync(path.join(root, 'src'), new Date(), new Date(Date.now() + 5000));
    expect(taken.refresh()).toEqual({ added: [added], removed: [] });
  });

  it('is walked again when the .gitignore is not the one that walk followed', () => {
    const root = project('snapshot-gitignore', 'lib/\n');
    const snapshot = structuredClone(new SourceTree(root).snapshot());
    writeFileSync(path.join(root, '.gitignore'), 'lib/\nsrc/gen/\n');
    const walks = treeWalks.count;
    const tree = new SourceTree(root, snapshot);
    expect(treeWalks.count).toBe(walks + 1);
    expect(tree.files()).toEqual(walkSourceFilesSync(root));
    expect(tree.files()).not.toContain(path.join(root, 'src', 'gen', 'api.ts'));
  });
});

// The project root of a folder: the nearest package.json at or above it. The climb remembers
// every folder it passes, so what it remembers must be the answer each of those folders would get.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { clearProjectRoots, projectRootOf, projectRootOfFile, rememberListedFolders } from '../../src/project/root.js';
import { SourceTree } from '../../src/project/source-tree.js';

let base: string;
const dir = (...parts: string[]) => {
  const folder = path.join(base, ...parts);
  mkdirSync(folder, { recursive: true });
  return folder;
};

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'telegram-root-'));
  clearProjectRoots();
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('projectRootOf', () => {
  it('gives sibling and nested folders the package above them, and a nested package its own folder', () => {
    const app = dir('app');
    writeFileSync(path.join(app, 'package.json'), '{ "name": "app" }\n');
    const deep = dir('app', 'src', 'features', 'billing');
    const sibling = dir('app', 'src', 'features', 'users');
    const nested = dir('app', 'src', 'tools');
    writeFileSync(path.join(nested, 'package.json'), '{ "name": "tools" }\n');
    expect(projectRootOf(deep)).toBe(app);
    expect(projectRootOf(sibling)).toBe(app);
    expect(projectRootOf(path.join(app, 'src'))).toBe(app);
    expect(projectRootOf(nested)).toBe(nested);
    expect(projectRootOf(dir('app', 'src', 'tools', 'lib'))).toBe(nested);
    expect(projectRootOfFile(path.join(deep, 'bot.ts'))).toBe(app);
  });

  it('gives each folder itself when no package.json is above it, whichever folder was asked first', () => {
    const inner = dir('loose', 'a', 'b');
    expect(projectRootOf(inner)).toBe(inner);
    expect(projectRootOf(path.join(base, 'loose', 'a'))).toBe(path.join(base, 'loose', 'a'));
    expect(projectRootOf(dir('loose', 'a', 'c'))).toBe(path.join(base, 'loose', 'a', 'c'));
  });
});

describe('rememberListedFolders', () => {
  it('gives every listed folder the root the climb gives it', () => {
    const app = dir('app');
    writeFileSync(path.join(app, 'package.json'), '{ "name": "app" }\n');
    const folders = [dir('app', 'src', 'a', 'deep'), dir('app', 'src', 'b'), dir('app', 'src', 'tools', 'lib'), dir('app', 'scripts')];
    writeFileSync(path.join(app, 'src', 'tools', 'package.json'), '{ "name": "tools" }\n');
    for (const folder of [app, ...folders]) writeFileSync(path.join(folder, 'index.ts'), 'export {};\n');
    const files = new SourceTree(app).files();
    expect(files).toHaveLength(5);
    const climbed = files.map((file) => projectRootOfFile(file));
    expect(climbed).toContain(path.join(app, 'src', 'tools'));

    clearProjectRoots();
    const tree = new SourceTree(app);
    projectRootOfFile(path.join(app, 'index.ts'));
    rememberListedFolders(tree.listedFolders());
    expect(files.map((file) => projectRootOfFile(file))).toEqual(climbed);
  });

  it("takes a folder's manifest from the listing, not from the disk, and leaves a folder with an unknown parent to the climb", () => {
    const app = dir('app');
    writeFileSync(path.join(app, 'package.json'), '{ "name": "app" }\n');
    const listed = dir('app', 'listed');
    const orphan = dir('elsewhere', 'orphan');
    writeFileSync(path.join(orphan, 'package.json'), '{ "name": "orphan" }\n');
    expect(projectRootOf(app)).toBe(app);
    // The listing says "listed" holds a package.json, which the disk does not have.
    rememberListedFolders([
      [listed, true],
      [path.join(listed, 'sub'), false],
      [path.join(orphan, 'inner'), false],
    ]);
    expect(projectRootOfFile(path.join(listed, 'sub', 'bot.ts'))).toBe(listed);
    expect(projectRootOfFile(path.join(orphan, 'inner', 'bot.ts'))).toBe(orphan);
  });
});

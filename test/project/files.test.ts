import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { collectSourceFiles, NOT_STATED } from '../../src/project/files.js';
import { isSourceFileName } from '../../src/project/source-names.js';
import { listGitFiles } from '../../src/project/git.js';
import { UsageError } from '../../src/project/usage-error.js';
import { git, gitInitAndCommit } from '../cli/git-helpers.js';

let root: string;
let outside: string;
const temps: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function write(rel: string, content = 'export {};\n'): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

function link(rel: string, target: string): void {
  symlinkSync(target, path.join(root, rel));
}

const abs = (rel: string) => path.join(root, rel);

/** The tree both modes are tested on: every kind of file the walk must keep or leave out. */
function buildTree(): void {
  for (const file of ['bot.ts', 'util.js', 'view.tsx', 'a.mts', 'b.cts', 'c.jsx', 'd.mjs', 'e.cjs']) write(`src/${file}`);
  write('src/bot 2.ts');
  write('src/bot copy.ts');
  write('src/chapter2.ts'); // digits without the space: a real name
  write('src/types/x.d.ts');
  write('src/x.d.mts');
  write('src/styles.d.css.ts');
  write('src/readme.md', '# hi\n');
  write('index.ts');
  write('node_modules/pkg/index.js');
  write('src/node_modules/nested.js');
  write('packages/app/node_modules/dep/index.ts');
  write('dist/index.js');
  write('build/a.js');
  write('out/a.js');
  write('coverage/a.js');
  write('.next/a.js');
  write('.history/src/bot_20240101.ts');
  write('generated/api.ts');
  write('src/secret.ts');
  write('.gitignore', 'generated/\nsecret.ts\n');
  writeFileSync(path.join(outside, 'evil.ts'), 'export {};\n');
  mkdirSync(path.join(outside, 'lib'));
  writeFileSync(path.join(outside, 'lib', 'more.ts'), 'export {};\n');
  link('src/outside-link.ts', path.join(outside, 'evil.ts'));
  link('linked-outside-dir', path.join(outside, 'lib'));
  link('src/loop', '.'); // a folder that contains itself
  link('src/a-loop.ts', 'b-loop.ts'); // two links pointing at each other
  link('src/b-loop.ts', 'a-loop.ts');
  link('src/alias.ts', 'bot.ts');
  link('docs-link.md', 'src/readme.md'); // a link to a non-source file: not worth a line
}

const keptInBoth = [
  'index.ts',
  'src/a.mts',
  'src/b.cts',
  'src/bot.ts',
  'src/c.jsx',
  'src/chapter2.ts',
  'src/d.mjs',
  'src/e.cjs',
  'src/util.js',
  'src/view.tsx',
];

function expectedSkips(): { file: string; reason: string }[] {
  return [
    { file: abs('linked-outside-dir'), reason: `symlink to outside the project (${realpathSync(path.join(outside, 'lib'))})` },
    { file: abs('src/a-loop.ts'), reason: 'symlink loop' },
    { file: abs('src/alias.ts'), reason: 'symlink to src/bot.ts (links are not followed; the target is checked where it is)' },
    { file: abs('src/b-loop.ts'), reason: 'symlink loop' },
    { file: abs('src/bot 2.ts'), reason: "looks like a Finder copy ('bot 2.ts')" },
    { file: abs('src/bot copy.ts'), reason: "looks like a Finder copy ('bot copy.ts')" },
    { file: abs('src/loop'), reason: 'symlink to src (links are not followed; the target is checked where it is)' },
    { file: abs('src/outside-link.ts'), reason: `symlink to outside the project (${realpathSync(path.join(outside, 'evil.ts'))})` },
  ].sort((a, b) => (a.file < b.file ? -1 : 1));
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

beforeEach(() => {
  root = tempDir('eptb-files-');
  outside = tempDir('eptb-outside-');
  buildTree();
});

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each(['without git', 'in a git repository'] as const)('collectSourceFiles, %s', (mode) => {
  const inGit = mode === 'in a git repository';
  beforeEach(() => {
    if (inGit) gitInitAndCommit(root);
  });

  it('is really in the mode it claims', async () => {
    expect((await listGitFiles(root)) !== undefined).toBe(inGit);
  });

  it('collects the sources and leaves out the rest, symlinks and loops included', async () => {
    const result = await collectSourceFiles(root);
    expect(result.files).toEqual(keptInBoth.map(abs));
    expect(result.skipped).toEqual(expectedSkips());
  });

  it('walks . when given no paths, and the same for an empty list', async () => {
    const all = await collectSourceFiles(root, ['.']);
    expect(await collectSourceFiles(root)).toEqual(all);
    expect(await collectSourceFiles(root, [])).toEqual(all);
  });

  it('limits the walk to the paths given, without duplicates', async () => {
    const result = await collectSourceFiles(root, ['src/bot.ts', 'src', `${root}/src/util.js`, 'src/types']);
    expect(result.files).toEqual(keptInBoth.filter((rel) => rel.startsWith('src/')).map(abs));
    expect(result.skipped.map((skip) => skip.file)).not.toContain(abs('linked-outside-dir'));
  });

  it('tells why a named file is left out', async () => {
    const result = await collectSourceFiles(root, [
      'node_modules/pkg/index.js',
      'dist/index.js',
      'src/secret.ts',
      'generated/api.ts',
      'src/types/x.d.ts',
      'src/readme.md',
      'src/outside-link.ts',
      '.history/src/bot_20240101.ts',
    ]);
    expect(result.files).toEqual([]);
    const ignoredBy = inGit ? 'ignored by git' : 'ignored by .gitignore';
    expect(Object.fromEntries(result.skipped.map(({ file, reason }) => [path.relative(root, file), reason]))).toEqual({
      '.history/src/bot_20240101.ts': 'in .history/ (editor history)',
      'dist/index.js': 'in dist/ (build output)',
      'generated/api.ts': inGit ? ignoredBy : 'ignored by .gitignore',
      'node_modules/pkg/index.js': 'in node_modules/ (dependencies)',
      'src/outside-link.ts': `symlink to outside the project (${realpathSync(path.join(outside, 'evil.ts'))})`,
      'src/readme.md': 'not a JavaScript or TypeScript source file',
      'src/secret.ts': ignoredBy,
      'src/types/x.d.ts': 'type declaration file',
    });
  });

  it('tells why a named folder is left out', async () => {
    const result = await collectSourceFiles(root, ['dist', 'packages/app/node_modules', 'linked-outside-dir']);
    expect(result.files).toEqual([]);
    expect(result.skipped.map(({ file, reason }) => [path.relative(root, file), reason])).toEqual([
      ['dist', 'in dist/ (build output)'],
      ['linked-outside-dir', `symlink to outside the project (${realpathSync(path.join(outside, 'lib'))})`],
      ['packages/app/node_modules', 'in node_modules/ (dependencies)'],
    ]);
  });

  it('takes a named symlink inside the project at its real place', async () => {
    expect((await collectSourceFiles(root, ['src/alias.ts'])).files).toEqual([abs('src/bot.ts')]);
  });

  it('refuses a path that does not exist', async () => {
    const error = await usageError(collectSourceFiles(root, ['src', 'src/nope.ts']));
    expect(error.message).toBe("path not found: 'src/nope.ts'");
    expect(error.subject).toBe('src/nope.ts');
  });

  it('refuses a path outside the root, relative or absolute', async () => {
    const relative = await usageError(collectSourceFiles(root, ['../']));
    expect(relative.message).toContain("path is outside the project");
    expect(relative.message).toContain("'../'");
    const absolute = await usageError(collectSourceFiles(root, [path.join(outside, 'evil.ts')]));
    expect(absolute.subject).toBe(path.join(outside, 'evil.ts'));
    // a sibling whose name starts like the root's is still outside
    const sibling = `${root}-sibling`;
    mkdirSync(sibling);
    temps.push(sibling);
    expect((await usageError(collectSourceFiles(root, [sibling]))).subject).toBe(sibling);
  });

  it('returns paths under the root as given, also when the root is reached through a symlink', async () => {
    const via = path.join(tempDir('eptb-via-'), 'project');
    symlinkSync(root, via);
    const result = await collectSourceFiles(via, ['src/bot.ts', 'index.ts', 'src/alias.ts']);
    expect(result.files).toEqual([path.join(via, 'index.ts'), path.join(via, 'src/bot.ts')]);
  });

  it('works from a sub-folder as root', async () => {
    const result = await collectSourceFiles(abs('src'));
    const expected = keptInBoth.filter((rel) => rel.startsWith('src/'));
    // git applies the parent's .gitignore (secret.ts); without git only root/.gitignore is read,
    // and the root is now src/, which has none.
    if (!inGit) expected.push('src/secret.ts');
    expect(result.files).toEqual(expected.sort().map(abs));
  });
});

describe('collectSourceFiles, git specifics', () => {
  it('adds untracked files git does not ignore and drops tracked files deleted from disk', async () => {
    gitInitAndCommit(root);
    write('src/new.ts');
    write('generated/also-ignored.ts');
    unlinkSync(abs('src/util.js'));
    const result = await collectSourceFiles(root);
    expect(result.files).toEqual(
      [...keptInBoth.filter((rel) => rel !== 'src/util.js'), 'src/new.ts'].sort().map(abs),
    );
  });

  it('knows the files git finds unchanged by their blob, and stats only the others', async () => {
    gitInitAndCommit(root);
    write('src/new.ts');
    writeFileSync(abs('index.ts'), 'export const changed = 1;\n');
    const { stats } = await collectSourceFiles(root);
    expect(stats.get(abs('index.ts'))).toEqual({ size: 26, mtimeMs: expect.any(Number) });
    expect(stats.get(abs('src/new.ts'))?.oid).toBeUndefined();
    const clean = [...stats].filter(([, stat]) => stat.oid !== undefined);
    expect(clean.map(([file]) => file).sort()).toEqual(keptInBoth.filter((rel) => rel !== 'index.ts').sort().map(abs));
    for (const [file, stat] of clean) expect(stat).toEqual({ size: NOT_STATED, mtimeMs: NOT_STATED, oid: git(root, 'hash-object', file).trim() });
  });

  it('honours a nested .gitignore and .git/info/exclude, as git does', async () => {
    write('src/.gitignore', 'view.tsx\n');
    gitInitAndCommit(root);
    writeFileSync(abs('.git/info/exclude'), 'index.ts\n');
    git(root, 'rm', '-q', '--cached', 'index.ts');
    const result = await collectSourceFiles(root);
    expect(result.files).toEqual(keptInBoth.filter((rel) => rel !== 'src/view.tsx' && rel !== 'index.ts').map(abs));
  });

  it('keeps a tracked file even when a .gitignore now matches it (git does too)', async () => {
    gitInitAndCommit(root);
    git(root, 'add', '-f', 'src/secret.ts');
    expect((await collectSourceFiles(root)).files).toContain(abs('src/secret.ts'));
  });
});

describe('collectSourceFiles, root .gitignore without git', () => {
  it('applies negations and anchored patterns', async () => {
    write('.gitignore', 'generated/\nsecret.ts\n/index.ts\n*.jsx\n!src/c.jsx\nsrc/d.*\n');
    write('lib/index.ts');
    const result = await collectSourceFiles(root);
    expect(result.files).toEqual(
      [...keptInBoth.filter((rel) => rel !== 'index.ts' && rel !== 'src/d.mjs'), 'lib/index.ts'].sort().map(abs),
    );
  });

  it('leaves a whole ignored folder out, even when a later rule re-includes a file in it', async () => {
    write('.gitignore', 'generated/\nsrc/\n!src/bot.ts\n');
    expect((await collectSourceFiles(root)).files).toEqual([abs('index.ts')]);
  });
});

describe('isSourceFileName', () => {
  it('accepts the eight source extensions and refuses declarations and other files', () => {
    for (const name of ['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'bot.d.tsx', 'd.ts']) {
      expect(isSourceFileName(name), name).toBe(true);
    }
    for (const name of ['a.d.ts', 'a.d.mts', 'a.d.cts', 'styles.d.css.ts', 'a.json', 'a.md', 'ts', 'a.ts.bak', 'a.TS']) {
      expect(isSourceFileName(name), name).toBe(false);
    }
  });
});

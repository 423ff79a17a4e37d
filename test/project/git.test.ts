import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { gitFileStates, gitWorkTreeState, listGitFiles } from '../../src/project/git.js';
import { gitBlobId } from '../../src/project/model.js';
import { git, gitInitAndCommit } from '../cli/git-helpers.js';

let dir: string;
const temps: string[] = [];

function tempDir(prefix: string): string {
  const made = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(made);
  return made;
}

function write(rel: string, content = 'x\n'): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

const abs = (rel: string) => path.join(dir, rel);

beforeEach(() => {
  dir = tempDir('eptb-git-');
});

afterEach(() => {
  vi.unstubAllEnvs();
  for (const made of temps.splice(0)) rmSync(made, { recursive: true, force: true });
});

describe('gitWorkTreeState', () => {
  it('says not in git for a plain folder', async () => {
    write('a.ts');
    expect(await gitWorkTreeState(dir)).toEqual({ inGit: false, dirtyFiles: [] });
  });

  it('says not in git when git is not installed', async () => {
    write('a.ts');
    gitInitAndCommit(dir);
    write('a.ts', 'changed\n');
    vi.stubEnv('PATH', tempDir('eptb-empty-path-'));
    expect(await gitWorkTreeState(dir)).toEqual({ inGit: false, dirtyFiles: [] });
  });

  it('gives no dirty files for a clean repository', async () => {
    write('a.ts');
    write('.gitignore', 'ignored.ts\n');
    gitInitAndCommit(dir);
    write('ignored.ts'); // ignored files are not dirty
    expect(await gitWorkTreeState(dir)).toEqual({ inGit: true, dirtyFiles: [] });
  });

  it('counts a repository without commits as in git', async () => {
    git(dir, 'init', '-q');
    write('a.ts');
    expect(await gitWorkTreeState(dir)).toEqual({ inGit: true, dirtyFiles: [abs('a.ts')] });
  });

  it('lists modified, staged, deleted, renamed and untracked files, as absolute sorted paths', async () => {
    for (const file of ['modified.ts', 'staged.ts', 'deleted.ts', 'old name.ts', 'kept.ts', 'src/deep.ts']) write(file);
    write('.gitignore', 'ignored/\n');
    gitInitAndCommit(dir);
    write('modified.ts', 'changed\n');
    write('staged.ts', 'changed\n');
    git(dir, 'add', 'staged.ts');
    unlinkSync(abs('deleted.ts'));
    git(dir, 'mv', 'old name.ts', 'new näme.ts');
    write('untracked/one.ts');
    write('untracked/two.ts');
    write('ignored/x.ts');
    const state = await gitWorkTreeState(dir);
    expect(state).toEqual({
      inGit: true,
      dirtyFiles: [
        abs('deleted.ts'),
        abs('modified.ts'),
        abs('new näme.ts'),
        abs('old name.ts'),
        abs('staged.ts'),
        abs('untracked/one.ts'),
        abs('untracked/two.ts'),
      ],
    });
  });

  it('gives paths from the repository root when asked from a sub-folder', async () => {
    write('top.ts');
    write('src/inner.ts');
    gitInitAndCommit(dir);
    write('top.ts', 'changed\n');
    write('src/inner.ts', 'changed\n');
    expect(await gitWorkTreeState(abs('src'))).toEqual({
      inGit: true,
      dirtyFiles: [abs('src/inner.ts'), abs('top.ts')],
    });
  });

  it('spells paths the way the folder was given, also through a symlink', async () => {
    write('a.ts');
    gitInitAndCommit(dir);
    write('a.ts', 'changed\n');
    const via = path.join(tempDir('eptb-via-'), 'repo');
    symlinkSync(dir, via);
    expect(await gitWorkTreeState(path.join(via, '.'))).toEqual({ inGit: true, dirtyFiles: [path.join(via, 'a.ts')] });
  });

  it('says not in a work tree from inside .git', async () => {
    write('a.ts');
    gitInitAndCommit(dir);
    expect(await gitWorkTreeState(abs('.git'))).toEqual({ inGit: false, dirtyFiles: [] });
  });

  it('throws for a folder that does not exist instead of calling it clean', async () => {
    await expect(gitWorkTreeState(abs('missing'))).rejects.toThrow();
  });

  it('takes a file name with a newline as one file', async () => {
    write('a.ts');
    gitInitAndCommit(dir);
    write('odd\nname.ts');
    renameSync(abs('a.ts'), abs('b.ts'));
    expect((await gitWorkTreeState(dir)).dirtyFiles).toEqual([abs('a.ts'), abs('b.ts'), abs('odd\nname.ts')]);
  });
});

describe('listGitFiles', () => {
  it('is undefined outside git', async () => {
    write('a.ts');
    expect(await listGitFiles(dir)).toBeUndefined();
  });

  it('lists tracked and untracked files that no ignore rule hides, relative to the folder', async () => {
    write('a.ts');
    write('src/b.ts');
    write('.gitignore', '*.log\n');
    gitInitAndCommit(dir);
    write('src/new file.ts');
    write('debug.log');
    expect((await listGitFiles(dir))?.sort()).toEqual(['.gitignore', 'a.ts', 'src/b.ts', 'src/new file.ts']);
    expect((await listGitFiles(abs('src')))?.sort()).toEqual(['b.ts', 'new file.ts']);
  });
});

describe('gitFileStates', () => {
  it('is undefined outside a git work tree', async () => {
    write('a.ts');
    expect(await gitFileStates(dir)).toBeUndefined();
  });

  it('gives each tracked file its blob, clean only while the disk holds it, and the untracked files', async () => {
    for (const file of ['clean.ts', 'modified.ts', 'deleted.ts', 'touched.ts', 'src/deep.ts']) write(file, `// ${file}\n`);
    write('.gitignore', 'ignored/\n');
    gitInitAndCommit(dir);
    write('modified.ts', 'changed\n');
    unlinkSync(abs('deleted.ts'));
    // Same content, new mtime: git compares the content and still finds it clean.
    write('touched.ts', '// touched.ts\n');
    write('untracked/one.ts');
    write('ignored/x.ts');
    const states = await (await gitFileStates(dir))?.load();
    expect(states?.untracked).toEqual(['untracked/one.ts']);
    const tracked = Object.fromEntries([...(states?.tracked ?? [])].map(([rel, entry]) => [rel, entry.clean]));
    expect(tracked).toEqual({ '.gitignore': true, 'clean.ts': true, 'deleted.ts': false, 'modified.ts': false, 'src/deep.ts': true, 'touched.ts': true });
    // The blob id is git's: what gitBlobId computes from the text.
    expect(states?.tracked.get('clean.ts')).toEqual({ mode: '100644', oid: gitBlobId('// clean.ts\n'), clean: true });
    expect(git(dir, 'hash-object', 'src/deep.ts').trim()).toBe(states?.tracked.get('src/deep.ts')?.oid);
  });

  it('never calls a file in a merge conflict clean', async () => {
    write('a.ts', 'base\n');
    write('b.ts', 'other\n');
    gitInitAndCommit(dir);
    git(dir, 'checkout', '-q', '-b', 'side');
    write('a.ts', 'side\n');
    git(dir, 'commit', '-q', '-am', 'side');
    git(dir, 'checkout', '-q', 'main');
    write('a.ts', 'main\n');
    git(dir, 'commit', '-q', '-am', 'main');
    expect(() => git(dir, 'merge', '-q', 'side')).toThrow();
    const states = await (await gitFileStates(dir))?.load();
    expect(states?.tracked.get('a.ts')?.clean).toBe(false);
    expect(states?.tracked.get('b.ts')?.clean).toBe(true);
  });

  it('knows the index by its file, in a main and a linked work tree: staging changes the key, nothing else lists the index', async () => {
    write('a.ts', 'one\n');
    gitInitAndCommit(dir);
    const linked = path.join(tempDir('eptb-git-linked-'), 'tree');
    git(dir, 'worktree', 'add', '-q', linked);
    for (const root of [dir, linked]) {
      const before = await gitFileStates(root);
      expect((await gitFileStates(root))?.indexKey).toBe(before?.indexKey);
      writeFileSync(path.join(root, 'a.ts'), 'two\n');
      const edited = await gitFileStates(root);
      expect(edited?.changed).toEqual(['a.ts']);
      git(root, 'add', 'a.ts');
      const staged = await gitFileStates(root);
      expect(staged?.indexKey).not.toBe(before?.indexKey);
      expect((await staged?.load())?.tracked.get('a.ts')).toEqual({ mode: '100644', oid: gitBlobId('two\n'), clean: true });
    }
  });

  it('lists the index at once when the environment points git elsewhere', async () => {
    write('a.ts');
    gitInitAndCommit(dir);
    vi.stubEnv('GIT_DIR', path.join(dir, '.git'));
    const states = await gitFileStates(dir);
    expect([...(states?.tracked.keys() ?? [])]).toEqual(['a.ts']);
  });

  it('lists a new repository, which has no index file yet, through git', async () => {
    write('a.ts');
    write('src/b.ts');
    git(dir, 'init', '-q');
    expect(existsSync(path.join(dir, '.git', 'index'))).toBe(false);
    const states = await (await gitFileStates(dir, { listIndex: true }))?.load();
    expect(states?.tracked.size).toBe(0);
    expect(states?.untracked).toEqual(['a.ts', 'src/b.ts']);
  });

  it('lists from the folder asked, relative to it', async () => {
    write('app/src/a.ts');
    write('other/b.ts');
    gitInitAndCommit(dir);
    write('app/new.ts');
    const states = await (await gitFileStates(abs('app')))?.load();
    expect([...(states?.tracked.keys() ?? [])]).toEqual(['src/a.ts']);
    expect(states?.untracked).toEqual(['new.ts']);
  });
});

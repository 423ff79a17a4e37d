// git's index file read in-process must list what `git ls-files -s` lists, in every layout git
// writes by default or on request (versions 2, 3 and 4), and give up (undefined: git is asked)
// on the layouts it does not read: a split index, a sparse index, SHA-256 object names, damage.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseIndexFile } from '../../src/project/git-index.js';
import { gitFileStates } from '../../src/project/git.js';
import { git, gitInitAndCommit } from '../cli/git-helpers.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eptb-git-index-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, content = `// ${rel}\n`): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** A tree with long, deep, non-ASCII and executable names, committed. */
function commitTree(): void {
  write('a.ts');
  write('src/bot.ts');
  write('src/bots/telegram/handlers/very/deep/folder/structure/handler-with-a-rather-long-name.ts');
  write(`src/${'n'.repeat(200)}.ts`);
  write('src/caf\u00e9/\u043f\u0440\u0438\u0432\u0435\u0442.ts');
  write('src/with space.ts');
  write('scripts/run.js');
  gitInitAndCommit(dir);
  git(dir, 'update-index', '--chmod=+x', 'scripts/run.js');
}

function indexBytes(): Buffer {
  return readFileSync(path.join(dir, '.git', 'index'));
}

/** What `git ls-files -s -z` lists from `sub`, as "mode oid stage\tpath" lines. */
function listed(sub = ''): string[] {
  return git(path.join(dir, sub), 'ls-files', '-s', '-z')
    .split('\0')
    .filter(Boolean);
}

function parsed(prefix = ''): string[] | undefined {
  const index = parseIndexFile(indexBytes(), prefix);
  return index?.paths.map((rel, position) => {
    const entry = index.entries[position];
    return `${entry?.mode} ${entry?.oid} ${entry?.clean ? 0 : 'x'}\t${rel}`;
  });
}

describe('parseIndexFile', () => {
  it('lists what git ls-files -s lists, in versions 2, 3 and 4, from the top and from a folder', () => {
    commitTree();
    const versions: number[] = [];
    for (const version of ['2', '3', '4']) {
      git(dir, 'update-index', '--index-version', version);
      // Git writes version 3 only when an entry has extended flags (here: skip-worktree).
      if (version === '3') git(dir, 'update-index', '--skip-worktree', 'src/bot.ts');
      versions.push(indexBytes().readUInt32BE(4));
      expect(parsed(), `version ${version}`).toEqual(listed());
      expect(parsed('src'), `version ${version}, src`).toEqual(listed('src'));
    }
    expect(versions).toEqual([2, 3, 4]);
  });

  it('reads the extended flags of version 3 (an intent-to-add file) and every stage of a merge conflict', () => {
    write('a.ts', 'base\n');
    gitInitAndCommit(dir);
    git(dir, 'checkout', '-q', '-b', 'side');
    write('a.ts', 'side\n');
    git(dir, 'commit', '-q', '-am', 'side');
    git(dir, 'checkout', '-q', 'main');
    write('a.ts', 'main\n');
    git(dir, 'commit', '-q', '-am', 'main');
    expect(() => git(dir, 'merge', '-q', 'side')).toThrow();
    write('new.ts');
    git(dir, 'add', '-N', 'new.ts');
    expect(indexBytes().readUInt32BE(4)).toBe(3);
    const index = parseIndexFile(indexBytes(), '');
    expect(index?.paths).toEqual(['a.ts', 'a.ts', 'a.ts', 'new.ts']);
    // Stages 1-3 are never clean; a stage-0 entry is, until git says the file differs.
    expect(index?.entries.map((entry) => entry.clean)).toEqual([false, false, false, true]);
    expect(listed().map((line) => line.split('\t')[1])).toEqual(['a.ts', 'a.ts', 'a.ts', 'new.ts']);
  });

  it('reads a path of 4,095 bytes or more, whose length the entry cannot hold (no file system makes one to commit)', () => {
    const name = `${'deep/'.repeat(1000)}bot.ts`;
    const entry = Buffer.alloc(62 + name.length + 8 - ((62 + name.length) % 8));
    entry.writeUInt32BE(0o100644, 24);
    Buffer.from('aa'.repeat(20), 'hex').copy(entry, 40);
    entry.writeUInt16BE(0x0fff, 60);
    entry.write(name, 62, 'latin1');
    const header = Buffer.alloc(12);
    header.write('DIRC', 0, 'latin1');
    header.writeUInt32BE(2, 4);
    header.writeUInt32BE(1, 8);
    const body = Buffer.concat([header, entry]);
    const index = parseIndexFile(Buffer.concat([body, createHash('sha1').update(body).digest()]), 'deep');
    expect(index?.paths).toEqual([name.slice('deep/'.length)]);
    expect(index?.entries).toEqual([{ mode: '100644', oid: 'aa'.repeat(20), clean: true }]);
  });

  it('gives up on a split index, a sparse index, SHA-256 names and a damaged file', () => {
    commitTree();
    const whole = indexBytes();
    const damaged = Buffer.from(whole);
    damaged[100] = (damaged[100] as number) ^ 0xff;
    expect(parseIndexFile(damaged, '')).toBeUndefined();
    expect(parseIndexFile(whole.subarray(0, 40), '')).toBeUndefined();
    expect(parseIndexFile(Buffer.from('not an index at all, just some text'), '')).toBeUndefined();

    git(dir, 'update-index', '--split-index');
    expect(parseIndexFile(indexBytes(), '')).toBeUndefined();
    git(dir, 'update-index', '--no-split-index');
    expect(parsed()).toEqual(listed());

    git(dir, 'sparse-checkout', 'init', '--cone', '--sparse-index');
    git(dir, 'sparse-checkout', 'set', 'src');
    expect(parseIndexFile(indexBytes(), '')).toBeUndefined();
  });

  it('gives up on a repository with SHA-256 object names', () => {
    git(dir, 'init', '-q', '--object-format=sha256');
    write('a.ts');
    git(dir, 'add', '-A');
    expect(parseIndexFile(indexBytes(), '')).toBeUndefined();
  });
});

describe('gitFileStates, reading the index file', () => {
  it('gives the entries to onIndex before git answers, and the same tracked files as the listing git gives', async () => {
    commitTree();
    write('src/bot.ts', 'changed\n');
    let early: string[] | undefined;
    const fromFile = await gitFileStates(dir, { listIndex: true, onIndex: (index) => (early = [...index.paths]) });
    expect(early).toEqual(listed().map((line) => line.split('\t')[1]));
    // A split index is not read from its file: git lists it, with the same answer.
    git(dir, 'update-index', '--split-index');
    let called = false;
    const fromGit = await (await gitFileStates(dir, { listIndex: true, onIndex: () => (called = true) }))?.load();
    expect(called).toBe(false);
    expect([...(fromGit?.tracked ?? [])]).toEqual([...(fromFile?.tracked ?? [])]);
    expect(fromFile?.tracked.get('src/bot.ts')?.clean).toBe(false);
    expect(fromFile?.tracked.get('a.ts')?.clean).toBe(true);
  });
});

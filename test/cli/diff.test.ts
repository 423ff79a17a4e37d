import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { unifiedDiff } from '../../src/cli/diff.js';
import { git, gitInitAndCommit } from './git-helpers.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eptb-diff-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What `git diff` prints for the same change, less its `diff --git` and `index` lines. */
function gitDiff(file: string, before: string, after: string): string {
  const dir = tempDir();
  const abs = path.join(dir, file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, before);
  gitInitAndCommit(dir);
  writeFileSync(abs, after);
  const out = git(dir, '-c', 'core.quotePath=false', '-c', 'diff.mnemonicPrefix=false', 'diff', '--no-color', '--no-ext-diff', '-U3', '--', file);
  return out.split('\n').slice(2).join('\n');
}

const lines = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `line ${i + from}\n`).join('');

const cases: Record<string, [file: string, before: string, after: string]> = {
  'one changed line': ['src/bot.ts', 'a\nb\nc\n', 'a\nB\nc\n'],
  'a change in the middle of a long file': ['bot.ts', lines(20), lines(20).replace('line 10\n', 'line ten\n')],
  'two hunks (7 unchanged lines between)': ['bot.ts', lines(30), lines(30).replace('line 5\n', 'five\n').replace('line 13\n', 'thirteen\n')],
  'one hunk (6 unchanged lines between)': ['bot.ts', lines(30), lines(30).replace('line 5\n', 'five\n').replace('line 12\n', 'twelve\n')],
  'lines added at the top': ['bot.ts', lines(8), `import x from 'x';\n\n${lines(8)}`],
  'lines removed at the end': ['bot.ts', lines(8), lines(5)],
  'a one-line file': ['bot.ts', 'a\n', 'b\n'],
  'an empty file filled': ['bot.ts', '', 'a\nb\n'],
  'a file emptied': ['bot.ts', 'a\nb\n', ''],
  'no newline at the end, before': ['bot.ts', 'a\nb', 'a\nB'],
  'newline added at the end': ['bot.ts', 'a\nb', 'a\nb\n'],
  'newline removed at the end': ['bot.ts', lines(6), lines(6).slice(0, -1)],
  'CRLF file with one change': ['bot.ts', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
  'LF turned into CRLF on one line': ['bot.ts', 'a\nb\nc\n', 'a\nb\r\nc\n'],
  'BOM kept, line changed': ['bot.ts', '\uFEFFa\nb\n', '\uFEFFa\nc\n'],
  'a name with a space': ['src/bot 2.ts', 'a\n', 'b\n'],
  'a name with non-ASCII letters': ['src/bót.ts', 'a\n', 'b\n'],
  'blank context lines': ['bot.ts', 'a\n\n\nb\n\n\nc\n', 'a\n\n\nB\n\n\nc\n'],
};

describe('unifiedDiff', () => {
  for (const [name, [file, before, after]] of Object.entries(cases)) {
    it(`matches git diff: ${name}`, () => {
      const ours = unifiedDiff(file, before, after);
      expect(ours).toBe(gitDiff(file, before, after));
    });
  }

  it('is what git apply needs to turn before into after', () => {
    for (const [file, before, after] of Object.values(cases)) {
      const dir = tempDir();
      const abs = path.join(dir, file);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, before);
      writeFileSync(path.join(dir, 'change.patch'), unifiedDiff(file, before, after));
      git(dir, 'apply', '--whitespace=nowarn', 'change.patch');
      expect(readFileSync(abs, 'utf8'), file).toBe(after);
    }
  });

  it('gives the exact text for a CRLF change, with each \\r kept on its line', () => {
    expect(unifiedDiff('a.ts', 'x\r\ny\r\n', 'x\r\nz\r\n')).toBe('--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,2 @@\n x\r\n-y\r\n+z\r\n');
  });

  it('shows a line-ending-only change as a change', () => {
    expect(unifiedDiff('a.ts', 'x\n', 'x\r\n')).toBe('--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-x\n+x\r\n');
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a.ts', 'same\r\n', 'same\r\n')).toBe('');
  });

  it('writes the path without a leading ./', () => {
    expect(unifiedDiff(`.${path.sep}src${path.sep}bot.ts`, 'a\n', 'b\n').split('\n').slice(0, 2)).toEqual([
      '--- a/src/bot.ts',
      '+++ b/src/bot.ts',
    ]);
  });

  it('C-quotes a name with a quote, like git', () => {
    expect(unifiedDiff('say "hi".ts', 'a\n', 'b\n').split('\n')[0]).toBe('--- "a/say \\"hi\\".ts"\t');
    expect(unifiedDiff('say "hi".ts', 'a\n', 'b\n')).toBe(gitDiff('say "hi".ts', 'a\n', 'b\n'));
  });

  it('names the enclosing declaration after @@ as git does, cut at 80 bytes', () => {
    const long = `export async function ${'veryLong'.repeat(12)}(bot: TelegramBot) {\n`;
    const before = `import TelegramBot from 'node-telegram-bot-api';\n\n${long}${lines(10).replace(/^/gm, '  ')}}\n`;
    const after = before.replace('  line 8\n', "  bot.startPolling();\n");
    const ours = unifiedDiff('src/bot.ts', before, after);
    expect(ours.split('\n')[2]).toBe(`@@ -8,7 +8,7 @@ ${long.slice(0, 80)}`);
    expect(ours).toBe(gitDiff('src/bot.ts', before, after));
  });
});

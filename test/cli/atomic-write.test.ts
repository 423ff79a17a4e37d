import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeFileAtomic } from '../../src/cli/atomic-write.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eptb-write-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o7777;

describe('writeFileAtomic', () => {
  it('writes the string byte for byte: BOM, CRLF, non-ASCII, no trailing newline', async () => {
    const file = path.join(dir, 'bot.ts');
    const content = "\uFEFFimport bot from './bot';\r\nconst name = 'Ботик 🤖';\r\n\tlast line";
    await writeFileAtomic(file, content);
    expect(readFileSync(file).equals(Buffer.from(content, 'utf8'))).toBe(true);
    expect(readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('replaces an existing file and keeps its mode', async () => {
    for (const mode of [0o755, 0o600, 0o640]) {
      const file = path.join(dir, `mode-${mode.toString(8)}.ts`);
      writeFileSync(file, 'old contents that are longer than the new ones\n');
      chmodSync(file, mode);
      await writeFileAtomic(file, 'new\n');
      expect(readFileSync(file, 'utf8')).toBe('new\n');
      expect(modeOf(file)).toBe(mode);
    }
  });

  it('gives a new file the usual mode for new files', async () => {
    const file = path.join(dir, 'new.ts');
    await writeFileAtomic(file, 'x');
    const umask = process.umask();
    expect(modeOf(file)).toBe(0o666 & ~umask);
  });

  it('leaves no temporary file behind', async () => {
    const file = path.join(dir, 'bot.ts');
    writeFileSync(file, 'a');
    await writeFileAtomic(file, 'b');
    await writeFileAtomic(file, 'c');
    expect(readdirSync(dir)).toEqual(['bot.ts']);
  });

  it('removes the temporary file and keeps the target when the rename fails', async () => {
    const target = path.join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside.ts'), 'keep');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(path.join(target, 'inside.ts'), 'utf8')).toBe('keep');
  });

  it('fails without leftovers when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.ts'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes through a symlink and leaves the link a link', async () => {
    const real = path.join(dir, 'real.ts');
    const link = path.join(dir, 'link.ts');
    writeFileSync(real, 'old');
    chmodSync(real, 0o640);
    symlinkSync('real.ts', link);
    await writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.ts');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(modeOf(real)).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.ts', 'real.ts']);
  });

  it('resolves a relative path against the working directory', async () => {
    const relative = path.relative(process.cwd(), path.join(dir, 'rel.ts'));
    await writeFileAtomic(relative, 'rel');
    expect(readFileSync(path.join(dir, 'rel.ts'), 'utf8')).toBe('rel');
  });
});

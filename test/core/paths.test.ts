// The linted file's absolute path: ESLint's physicalFilename is taken as it is only when
// path.resolve would return it unchanged.
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { lintedFilePath } from '../../src/core/paths.js';

describe('lintedFilePath', () => {
  const names = [
    '/repo/src/bot.ts', '/repo/src/./bot.ts', '/repo/src/../bot.ts', '/repo//src/bot.ts', '/repo/src/', '/', '/..', '/.',
    '/repo/.hidden/bot.ts', '/repo/..dots/bot.ts', '/repo/bot..ts', '/repo/src/.', '/repo/src/..', 'src/bot.ts', './bot.ts', '../up/bot.ts', 'bot.ts',
  ];

  it.each(names)('gives what path.resolve gives for %s', (name) => {
    expect(lintedFilePath('/work/cwd', name)).toBe(path.resolve('/work/cwd', name));
  });

  it('answers again for the next rule, and anew for another cwd or file', () => {
    expect(lintedFilePath('/one', 'a.ts')).toBe(path.resolve('/one', 'a.ts'));
    expect(lintedFilePath('/one', 'a.ts')).toBe(path.resolve('/one', 'a.ts'));
    expect(lintedFilePath('/two', 'a.ts')).toBe(path.resolve('/two', 'a.ts'));
    expect(lintedFilePath('/two', 'b.ts')).toBe(path.resolve('/two', 'b.ts'));
  });
});

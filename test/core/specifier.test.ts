/** relativeSpecifier / extensionStyle: the import specifier a suggestion writes. */
import { describe, expect, it } from 'vitest';

import { extensionStyle, relativeSpecifier } from '../../src/core/specifier.js';

describe('extensionStyle', () => {
  it('follows the file\'s own relative specifiers when it has some', () => {
    expect(extensionStyle('/r/a.ts', ['./b.js'], true)).toBe('js');
    expect(extensionStyle('/r/a.ts', ['../b.mjs'], true)).toBe('js');
    expect(extensionStyle('/r/a.ts', ['./b.cjs'], false)).toBe('js');
    expect(extensionStyle('/r/a.ts', ['./b.jsx'], true)).toBe('js');
    expect(extensionStyle('/r/a.ts', ['./b', './c.js'], true)).toBe('js');
    expect(extensionStyle('/r/a.ts', ['./b', '../c'], true)).toBe('none');
    // What the file says beats what its extension would imply.
    expect(extensionStyle('/r/a.mjs', ['./b'], true)).toBe('none');
    expect(extensionStyle('/r/a.js', ['./b'], true)).toBe('none');
  });

  it('ignores non-code extensions and dotted names', () => {
    expect(extensionStyle('/r/a.ts', ['./styles.css'], true)).toBe('none');
    expect(extensionStyle('/r/a.ts', ['./data.json'], true)).toBe('none');
    expect(extensionStyle('/r/a.ts', ['./bot.service'], true)).toBe('none');
  });

  it('without relative specifiers: ESM JavaScript and .mts need extensions', () => {
    expect(extensionStyle('/r/a.mjs', [], true)).toBe('js');
    expect(extensionStyle('/r/a.mts', [], true)).toBe('js');
    expect(extensionStyle('/r/a.js', [], true)).toBe('js');
  });

  it('without relative specifiers: the rest is written without', () => {
    expect(extensionStyle('/r/a.js', [], false)).toBe('none');
    expect(extensionStyle('/r/a.cjs', [], false)).toBe('none');
    expect(extensionStyle('/r/a.ts', [], true)).toBe('none');
    expect(extensionStyle('/r/a.tsx', [], true)).toBe('none');
    expect(extensionStyle('/r/a.cts', [], true)).toBe('none');
  });
});

describe('relativeSpecifier', () => {
  it('sibling, parent, child and distant files', () => {
    expect(relativeSpecifier('/r/src/a.ts', '/r/src/bot.ts', 'none')).toBe('./bot');
    expect(relativeSpecifier('/r/src/routes/a.ts', '/r/src/bot.ts', 'none')).toBe('../bot');
    expect(relativeSpecifier('/r/src/a.ts', '/r/src/services/bot.ts', 'none')).toBe('./services/bot');
    expect(relativeSpecifier('/r/src/routes/deep/a.ts', '/r/src/services/bot.ts', 'none')).toBe('../../services/bot');
    expect(relativeSpecifier('/r/a.ts', '/r/src/services/bot.ts', 'none')).toBe('./src/services/bot');
    expect(relativeSpecifier('/r/src/a.ts', '/other/bot.ts', 'none')).toBe('../../other/bot');
  });

  it('a file inside a folder named like the target file reaches it through ..', () => {
    expect(relativeSpecifier('/r/src/bot/commands.ts', '/r/src/bot.ts', 'none')).toBe('../bot');
    expect(relativeSpecifier('/r/src/bot/commands.ts', '/r/src/bot.ts', 'js')).toBe('../bot.js');
    expect(relativeSpecifier('/r/src/bot/sub/commands.ts', '/r/src/bot.ts', 'none')).toBe('../../bot');
    // An extensionless module target `src/bot` from inside `src/bot/`.
    expect(relativeSpecifier('/r/src/bot/commands.ts', '/r/src/bot', 'none')).toBe('../bot');
  });

  it('style none drops the source extension', () => {
    for (const extension of ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']) {
      expect(relativeSpecifier('/r/src/a.ts', `/r/src/bot${extension}`, 'none'), extension).toBe('./bot');
    }
  });

  it('style js writes what the target is imported as once compiled', () => {
    const expected: Record<string, string> = {
      '.ts': './bot.js',
      '.tsx': './bot.js',
      '.mts': './bot.mjs',
      '.cts': './bot.cjs',
      '.js': './bot.js',
      '.jsx': './bot.js',
      '.mjs': './bot.mjs',
      '.cjs': './bot.cjs',
    };
    for (const [extension, specifier] of Object.entries(expected)) {
      expect(relativeSpecifier('/r/src/a.ts', `/r/src/bot${extension}`, 'js'), extension).toBe(specifier);
    }
  });

  it('keeps dotted names', () => {
    expect(relativeSpecifier('/r/src/a.ts', '/r/src/bot.service.ts', 'none')).toBe('./bot.service');
    expect(relativeSpecifier('/r/src/a.ts', '/r/src/bot.service.ts', 'js')).toBe('./bot.service.js');
  });
});

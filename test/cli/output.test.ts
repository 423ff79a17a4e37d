import { afterEach, describe, expect, it, vi } from 'vitest';

import { color, createColors, pluralize, shouldUseColor } from '../../src/cli/output.js';

// In a test worker stdout is a pipe, and `isTTY` may not exist at all: set it for a test, then
// put back exactly what was there.
const originalIsTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
function stubStdoutIsTTY(value: boolean): void {
  Object.defineProperty(process.stdout, 'isTTY', { value, configurable: true, writable: true });
}

afterEach(() => {
  vi.unstubAllEnvs();
  if (originalIsTTY) Object.defineProperty(process.stdout, 'isTTY', originalIsTTY);
  else delete (process.stdout as { isTTY?: boolean }).isTTY;
});

describe('shouldUseColor', () => {
  it('colours a terminal', () => {
    expect(shouldUseColor({ isTTY: true, env: {} })).toBe(true);
    expect(shouldUseColor({ isTTY: true, env: { TERM: 'xterm-256color' } })).toBe(true);
  });

  it('does not colour a pipe or a file', () => {
    expect(shouldUseColor({ isTTY: false, env: {} })).toBe(false);
    expect(shouldUseColor({ isTTY: undefined, env: {} })).toBe(false);
  });

  it('honours NO_COLOR with any non-empty value, even over FORCE_COLOR', () => {
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: 'false' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
  });

  it('does not colour TERM=dumb', () => {
    expect(shouldUseColor({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
  });

  it('lets FORCE_COLOR colour a pipe, unless it is 0 or false', () => {
    expect(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '' } })).toBe(true);
    expect(shouldUseColor({ isTTY: true, env: { FORCE_COLOR: '0' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { FORCE_COLOR: 'false' } })).toBe(false);
  });

  it('reads process.stdout and process.env by default', () => {
    stubStdoutIsTTY(true);
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('TERM', 'xterm');
    vi.stubEnv('NO_COLOR', '1');
    expect(shouldUseColor()).toBe(false);
    vi.stubEnv('NO_COLOR', undefined);
    expect(shouldUseColor()).toBe(true);
  });
});

describe('createColors', () => {
  it('wraps text in ANSI codes that close only their own style', () => {
    const on = createColors(true);
    expect(on.enabled).toBe(true);
    expect(on.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(on.green('x')).toBe('\u001b[32mx\u001b[39m');
    expect(on.yellow('x')).toBe('\u001b[33mx\u001b[39m');
    expect(on.cyan('x')).toBe('\u001b[36mx\u001b[39m');
    expect(on.bold('x')).toBe('\u001b[1mx\u001b[22m');
    expect(on.dim('x')).toBe('\u001b[2mx\u001b[22m');
    expect(on.bold(on.red('x'))).toBe('\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
  });

  it('returns text untouched when off', () => {
    const off = createColors(false);
    expect(off.enabled).toBe(false);
    for (const paint of [off.red, off.green, off.yellow, off.cyan, off.bold, off.dim]) expect(paint('a b')).toBe('a b');
  });
});

describe('color (for this process)', () => {
  it('decides on each call, so NO_COLOR set later still counts', () => {
    stubStdoutIsTTY(true);
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('TERM', 'xterm');
    vi.stubEnv('NO_COLOR', undefined);
    expect(color.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(color.enabled).toBe(true);
    vi.stubEnv('NO_COLOR', '1');
    expect(color.red('x')).toBe('x');
    expect(color.enabled).toBe(false);
  });

  it('is off when stdout is not a terminal', () => {
    stubStdoutIsTTY(false);
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('NO_COLOR', undefined);
    expect(color.bold('x')).toBe('x');
  });
});

describe('pluralize', () => {
  it('uses the singular for exactly one', () => {
    expect(pluralize(1, 'file')).toBe('1 file');
  });

  it('uses the plural for zero, many and fractions', () => {
    expect(pluralize(0, 'file')).toBe('0 files');
    expect(pluralize(2, 'poller')).toBe('2 pollers');
    expect(pluralize(1.5, 'second')).toBe('1.5 seconds');
  });

  it('follows the regular English spelling rules', () => {
    expect(pluralize(2, 'fix')).toBe('2 fixes');
    expect(pluralize(2, 'match')).toBe('2 matches');
    expect(pluralize(2, 'class')).toBe('2 classes');
    expect(pluralize(2, 'dependency')).toBe('2 dependencies');
    expect(pluralize(2, 'key')).toBe('2 keys');
  });

  it('takes an irregular plural', () => {
    expect(pluralize(3, 'child', 'children')).toBe('3 children');
    expect(pluralize(1, 'child', 'children')).toBe('1 child');
  });
});

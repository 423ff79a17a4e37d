// The CLI's progress line: drawn on stderr only on a terminal, throttled, plain under
// NO_COLOR, erased by done().
import { describe, expect, it } from 'vitest';

import { createProgress, progressEnabled } from '../../src/cli/progress.js';

function recorder(isTTY: boolean | undefined) {
  const written: string[] = [];
  return { io: { isTTY, stderr: (text: string) => void written.push(text) }, written };
}

function clock(start = 1000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

const ESC = '\u001b[';

describe('createProgress', () => {
  it('writes nothing when stderr is not a terminal (pipe, file, CI log)', () => {
    for (const isTTY of [false, undefined]) {
      const { io, written } = recorder(isTTY);
      const progress = createProgress(io, {}, { delayMs: 0, intervalMs: 0 });
      progress.tick(1, 2, 'a.ts');
      progress.tick(2, 2, 'b.ts');
      progress.done();
      expect(written).toEqual([]);
    }
  });

  it('writes nothing on TERM=dumb', () => {
    const { io, written } = recorder(true);
    const progress = createProgress(io, { TERM: 'dumb' }, { delayMs: 0 });
    progress.tick(1, 1, 'a.ts');
    progress.done();
    expect(written).toEqual([]);
    expect(progressEnabled({ isTTY: true }, { TERM: 'xterm-256color' })).toBe(true);
    expect(progressEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  it('draws one updating line on a terminal, and done() erases it', () => {
    const { io, written } = recorder(true);
    const time = clock();
    const progress = createProgress(io, { TERM: 'xterm' }, { delayMs: 0, intervalMs: 100, now: time.now, columns: 80 });
    progress.tick(1, 4, 'src/a.ts');
    expect(written).toEqual([`\r${ESC}2K${ESC}1m[1/4] 25%${ESC}22m${ESC}2m src/a.ts${ESC}22m`]);
    progress.done();
    expect(written.at(-1)).toBe(`\r${ESC}2K`);
    // Every write starts with a carriage return and none ends a line: one line, redrawn.
    expect(written.every((text) => text.startsWith('\r') && !text.includes('\n'))).toBe(true);
  });

  it('is throttled, but always shows the final count', () => {
    const { io, written } = recorder(true);
    const time = clock();
    const progress = createProgress(io, {}, { delayMs: 0, intervalMs: 100, now: time.now });
    for (let done = 1; done <= 50; done++) {
      progress.tick(done, 100);
      time.advance(5); // 50 ticks in 250 ms
    }
    expect(written.length).toBe(3); // at 0, 100 and 200 ms
    progress.tick(100, 100);
    expect(written.length).toBe(4);
    expect(written.at(-1)).toContain('[100/100] 100%');
  });

  it('a short run draws nothing at all (no flicker before delayMs)', () => {
    const { io, written } = recorder(true);
    const time = clock();
    const progress = createProgress(io, {}, { delayMs: 250, intervalMs: 0, now: time.now });
    progress.tick(1, 2);
    time.advance(100);
    progress.tick(2, 2);
    progress.done();
    expect(written).toEqual([]);
  });

  it('starts drawing once the run lasts longer than delayMs', () => {
    const { io, written } = recorder(true);
    const time = clock();
    const progress = createProgress(io, {}, { delayMs: 250, intervalMs: 0, now: time.now });
    progress.tick(1, 3);
    time.advance(300);
    progress.tick(2, 3);
    expect(written.length).toBe(1);
    expect(written[0]).toContain('[2/3] 66%');
  });

  it('NO_COLOR: no escape sequences at all; a shorter line pads over a longer one', () => {
    const { io, written } = recorder(true);
    const progress = createProgress(io, { NO_COLOR: '1' }, { delayMs: 0, intervalMs: 0, columns: 80 });
    progress.tick(1, 2, 'src/routes/telegram.ts');
    progress.tick(2, 2, 'a.ts');
    progress.done();
    expect(written.join('')).not.toContain('\u001b');
    expect(written[0]).toBe('\r[1/2] 50% src/routes/telegram.ts');
    const first = written[0]!.length - 1;
    expect(written[1]).toBe(`\r[2/2] 100% a.ts${' '.repeat(first - '[2/2] 100% a.ts'.length)}`);
    expect(written[2]).toBe(`\r${' '.repeat(first)}\r`);
  });

  it('a long label is cut from the left to fit the terminal width', () => {
    const { io, written } = recorder(true);
    const progress = createProgress(io, { NO_COLOR: '1' }, { delayMs: 0, columns: 30 });
    progress.tick(3, 10, 'packages/api/src/services/telegramBot.ts');
    const line = written[0]!.slice(1);
    expect(line.length).toBeLessThanOrEqual(29);
    expect(line.startsWith('[3/10] 30% …')).toBe(true);
    expect(line.endsWith('telegramBot.ts')).toBe(true);
  });

  it('ignores ticks after done(), and done() twice writes once', () => {
    const { io, written } = recorder(true);
    const progress = createProgress(io, {}, { delayMs: 0, intervalMs: 0 });
    progress.tick(1, 2);
    progress.done();
    progress.done();
    progress.tick(2, 2);
    expect(written.length).toBe(2);
  });

  it('done() without any drawn line writes nothing', () => {
    const { io, written } = recorder(true);
    createProgress(io, {}, { delayMs: 0 }).done();
    expect(written).toEqual([]);
  });
});

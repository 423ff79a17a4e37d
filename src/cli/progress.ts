/**
 * A one-line progress indicator for long runs (`migrate`, `check` over many files).
 *
 * It writes to stderr only, so `--json` (and any other stdout) stays clean, and only where a
 * person is watching: on a terminal (`io.isTTY`) that is not `TERM=dumb`. Everywhere else
 * (a pipe, a file, CI logs) it writes nothing at all. `NO_COLOR` is honoured: the line is
 * then drawn with a plain carriage return and spaces, without any ANSI escape sequence.
 *
 * Drawing is throttled (at most one redraw per `intervalMs`), starts only once a run has
 * lasted `delayMs` (a short run never flickers), always shows the final count, and `done()`
 * erases the line so the summary that follows starts on a clean line.
 */

export interface ProgressIo {
  /** Whether the stream the progress is drawn on is a terminal. */
  readonly isTTY?: boolean | undefined;
  stderr(text: string): void;
}

export interface Progress {
  /** `done` of `total` items processed; `label` is usually the current file. */
  tick(done: number, total: number, label?: string): void;
  /** Erase the line (if one was drawn); later ticks are ignored. */
  done(): void;
}

export interface ProgressOptions {
  /** Milliseconds between two redraws (default 100). */
  readonly intervalMs?: number;
  /** Nothing is drawn before the run has lasted this long (default 250 ms). */
  readonly delayMs?: number;
  /** Width of the terminal (default: process.stderr.columns, else 80). */
  readonly columns?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

const ESC = '\u001b[';

/** Whether progress would be drawn for this stream and environment. */
export function progressEnabled(io: Pick<ProgressIo, 'isTTY'>, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return io.isTTY === true && env.TERM !== 'dumb';
}

const silent: Progress = {
  tick() {},
  done() {},
};

export function createProgress(
  io: ProgressIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: ProgressOptions = {},
): Progress {
  if (!progressEnabled(io, env)) return silent;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 100;
  const delayMs = options.delayMs ?? 250;
  const columns = Math.max(20, options.columns ?? (process.stderr.columns || 80));
  // NO_COLOR (any non-empty value, see no-color.org): no escape sequences at all.
  const plain = Boolean(env.NO_COLOR);
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawnWidth = 0;
  let finished = false;

  const clear = (): string => (plain ? `\r${' '.repeat(drawnWidth)}\r` : `\r${ESC}2K`);

  function render(done: number, total: number, label: string | undefined): string {
    const count = `[${done}/${total}]`;
    const percent = total > 0 ? ` ${Math.floor((Math.min(done, total) / total) * 100)}%` : '';
    const head = `${count}${percent}`;
    // Keep one column free: writing the last column makes some terminals wrap.
    const room = columns - 1 - head.length - 1;
    let tail = '';
    if (label && room >= 4) tail = ` ${label.length > room ? `…${label.slice(label.length - room + 1)}` : label}`;
    return plain ? `${head}${tail}` : `${ESC}1m${head}${ESC}22m${tail ? `${ESC}2m${tail}${ESC}22m` : ''}`;
  }

  return {
    tick(done, total, label) {
      if (finished) return;
      const time = now();
      if (time - started < delayMs) return;
      const last = total > 0 && done >= total;
      if (!last && time - lastDraw < intervalMs) return;
      lastDraw = time;
      const line = render(done, total, label);
      const width = visibleWidth(line);
      // In plain mode, pad over a longer previous line instead of erasing it with an escape.
      const padding = plain && drawnWidth > width ? ' '.repeat(drawnWidth - width) : '';
      io.stderr(`${plain ? '\r' : `\r${ESC}2K`}${line}${padding}`);
      drawnWidth = Math.max(width, plain ? drawnWidth : 0);
    },
    done() {
      if (finished) return;
      finished = true;
      if (drawnWidth > 0 || lastDraw !== Number.NEGATIVE_INFINITY) io.stderr(clear());
      drawnWidth = 0;
    },
  };
}

function visibleWidth(text: string): number {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').length;
}

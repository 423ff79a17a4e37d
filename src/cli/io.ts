/** Where a command writes; tests pass their own. */
import { redactSecrets } from '../core/redact.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colour, progress). */
  readonly isTTY?: boolean;
  /** How long a run lasts before a progress line appears (default 250 ms; tests shorten it). */
  readonly progressDelayMs?: number;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
};

/**
 * The one channel the commands print through: every text, on stdout and stderr alike (summaries,
 * JSON, diffs, progress, errors, usage), loses its token secrets on the way out.
 */
export function redactingIo(io: Io): Io {
  return {
    stdout: (text) => io.stdout(redactSecrets(text)),
    stderr: (text) => io.stderr(redactSecrets(text)),
    get isTTY() {
      return io.isTTY;
    },
    ...(io.progressDelayMs === undefined ? {} : { progressDelayMs: io.progressDelayMs }),
  } as Io;
}

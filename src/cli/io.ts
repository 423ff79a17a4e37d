/** Where a command writes; tests pass their own. */
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

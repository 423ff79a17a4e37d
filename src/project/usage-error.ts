/**
 * A mistake in how the command was called (unknown option, missing value, bad path).
 * The CLI prints its message with the usage and exits 2, instead of a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  /** The option or path the message is about, as the user typed it (when there is one). */
  readonly subject: string | undefined;

  constructor(message: string, subject?: string) {
    super(message);
    this.subject = subject;
  }
}

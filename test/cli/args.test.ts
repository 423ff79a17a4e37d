import { describe, expect, it } from 'vitest';

import { parseCommandArgs, UsageError } from '../../src/cli/args.js';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('parseCommandArgs', () => {
  it('gives defaults for no arguments', () => {
    expect(parseCommandArgs('migrate', [])).toEqual({
      paths: [],
      dry: false,
      json: false,
      force: false,
      help: false,
      includeTests: false,
      strict: false,
      cache: true,
      owners: [],
      entry: undefined,
      sameToken: [],
    });
  });

  it('--no-cache turns the persistent cache off', () => {
    expect(parseCommandArgs('check', ['--no-cache']).cache).toBe(false);
  });

  it('--entry is given at most once, and --include-tests is a switch', () => {
    expect(parseCommandArgs('defer-polling', ['m.ts', '--entry', 'e.ts']).entry).toBe('e.ts');
    expect(() => parseCommandArgs('defer-polling', ['--entry', 'a.ts', '--entry', 'b.ts'])).toThrow("option '--entry' may be given once");
    expect(parseCommandArgs('check', ['--include-tests']).includeTests).toBe(true);
  });

  it('reads positional paths in order, with flags between them', () => {
    const args = parseCommandArgs('migrate', ['src', '--dry', 'lib/bot.ts', '--json', 'apps']);
    expect(args.paths).toEqual(['src', 'lib/bot.ts', 'apps']);
    expect(args.dry).toBe(true);
    expect(args.json).toBe(true);
    expect(args.force).toBe(false);
  });

  it('reads --force, --help and -h', () => {
    expect(parseCommandArgs('migrate', ['--force']).force).toBe(true);
    expect(parseCommandArgs('migrate', ['--help']).help).toBe(true);
    expect(parseCommandArgs('migrate', ['-h']).help).toBe(true);
  });

  it('repeats --owner in both spellings, in order', () => {
    const args = parseCommandArgs('migrate', ['--owner', './src/bot', '--owner=@acme/poller', '--owner', '-']);
    expect(args.owners).toEqual(['./src/bot', '@acme/poller', '-']);
  });

  it('takes a value starting with a dash only after =', () => {
    expect(parseCommandArgs('migrate', ['--owner=-weird']).owners).toEqual(['-weird']);
  });

  it('splits each --same-token on commas, one group per use', () => {
    const args = parseCommandArgs('migrate', ['--same-token', 'BOT_TOKEN,TELEGRAM_TOKEN', '--same-token=A, B ,C']);
    expect(args.sameToken).toEqual([
      ['BOT_TOKEN', 'TELEGRAM_TOKEN'],
      ['A', 'B', 'C'],
    ]);
  });

  it('treats everything after -- as a path', () => {
    expect(parseCommandArgs('migrate', ['--dry', '--', '--json', '-h']).paths).toEqual(['--json', '-h']);
    expect(parseCommandArgs('migrate', ['--', '--json']).json).toBe(false);
  });

  it('names an unknown long option', () => {
    const error = usageError(() => parseCommandArgs('migrate', ['src', '--frobnicate']));
    expect(error.message).toBe("migrate: unknown option '--frobnicate'");
    expect(error.subject).toBe('--frobnicate');
    expect(error.name).toBe('UsageError');
  });

  it('suggests the option a near miss meant', () => {
    expect(usageError(() => parseCommandArgs('migrate', ['--dry-run'])).message).toBe(
      "migrate: unknown option '--dry-run' (did you mean '--dry'?)",
    );
    expect(usageError(() => parseCommandArgs('migrate', ['--owners', 'x'])).message).toContain("did you mean '--owner'?");
  });

  it('names an unknown short option, also inside a group', () => {
    expect(usageError(() => parseCommandArgs('migrate', ['-x'])).message).toBe("migrate: unknown option '-x'");
    expect(usageError(() => parseCommandArgs('migrate', ['-hq'])).subject).toBe('-q');
  });

  it('refuses options the subcommand does not take', () => {
    expect(parseCommandArgs('check', ['--json'], ['json', 'help']).json).toBe(true);
    const error = usageError(() => parseCommandArgs('check', ['--dry'], ['json', 'help']));
    expect(error.message).toBe("check: unknown option '--dry'");
    expect(usageError(() => parseCommandArgs('check', ['--owner', 'x'], ['json'])).subject).toBe('--owner');
  });

  it('names a string option given without its value', () => {
    const atEnd = usageError(() => parseCommandArgs('migrate', ['--owner']));
    expect(atEnd.message).toMatch(/^migrate: option '--owner' needs a value/);
    expect(atEnd.subject).toBe('--owner');
    const beforeFlag = usageError(() => parseCommandArgs('migrate', ['--same-token', '--dry']));
    expect(beforeFlag.message).toMatch(/^migrate: option '--same-token' needs a value/);
    expect(beforeFlag.message).toContain("'--same-token=<value>'");
  });

  it('refuses an empty value', () => {
    expect(usageError(() => parseCommandArgs('migrate', ['--owner='])).message).toBe(
      "migrate: option '--owner' needs a value",
    );
    expect(usageError(() => parseCommandArgs('migrate', ['--owner', ' '])).subject).toBe('--owner');
  });

  it('refuses a value for a boolean flag', () => {
    const error = usageError(() => parseCommandArgs('migrate', ['--dry=false']));
    expect(error.message).toBe("migrate: option '--dry' does not take a value");
    expect(error.subject).toBe('--dry');
  });

  it('refuses a --same-token group that is not two or more names', () => {
    for (const value of ['BOT_TOKEN', 'A,', ',A,B', 'A,,B']) {
      const error = usageError(() => parseCommandArgs('migrate', ['--same-token', value]));
      expect(error.message).toContain("'--same-token'");
      expect(error.message).toContain(`'${value}'`);
    }
  });

  it('does not keep state between calls', () => {
    parseCommandArgs('migrate', ['--owner', 'a']);
    expect(parseCommandArgs('migrate', []).owners).toEqual([]);
  });
});

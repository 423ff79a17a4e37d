/**
 * Argument parsing for the subcommands (`migrate [paths…]`, `check [paths…]`).
 *
 * Node's own `util.parseArgs` does the parsing, in strict mode, so no dependency is needed. Its
 * errors are written for script authors ("To specify a positional argument starting with a
 * '-'…"), so they are turned into a UsageError whose message names the option as the user typed it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from '../project/usage-error.js';

export { UsageError } from '../project/usage-error.js';

export type BooleanFlag = 'dry' | 'json' | 'force' | 'help' | 'include-tests' | 'strict' | 'no-cache';
export type StringFlag = 'owner' | 'same-token' | 'entry';
export type FlagName = BooleanFlag | StringFlag;

export const ALL_FLAGS: readonly FlagName[] = ['dry', 'json', 'force', 'help', 'include-tests', 'strict', 'no-cache', 'owner', 'same-token', 'entry'];

export interface CommandArgs {
  /** Positional arguments, in order, as typed (not resolved); empty when none were given. */
  readonly paths: string[];
  readonly dry: boolean;
  readonly json: boolean;
  readonly force: boolean;
  readonly help: boolean;
  /** `--include-tests` (check): audit test files too. */
  readonly includeTests: boolean;
  /** `--strict` (migrate): leave files whose rewrite would change what they do. */
  readonly strict: boolean;
  /** False with `--no-cache`: the project model's persistent cache is neither read nor written. */
  readonly cache: boolean;
  /** Every `--owner <module>`, in order. */
  readonly owners: string[];
  /** `--entry <file>` (defer-polling), given at most once. */
  readonly entry: string | undefined;
  /** Every `--same-token A,B[,C…]`, each split on commas: names that hold one and the same token. */
  readonly sameToken: string[][];
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const OPTION_CONFIG: Record<FlagName, OptionsConfig[string]> = {
  dry: { type: 'boolean' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'include-tests': { type: 'boolean' },
  strict: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  owner: { type: 'string', multiple: true },
  'same-token': { type: 'string', multiple: true },
  entry: { type: 'string', multiple: true },
};

/**
 * Parses the arguments after the subcommand name. `accepted` limits the options this subcommand
 * knows; any other option is a UsageError, like an option that does not exist at all.
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  accepted: readonly FlagName[] = ALL_FLAGS,
): CommandArgs {
  const options: OptionsConfig = {};
  for (const flag of accepted) options[flag] = OPTION_CONFIG[flag];

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw explainParseError(command, argv, options, error);
  }
  const values = parsed.values as Record<string, boolean | string[] | undefined>;
  const strings = (flag: StringFlag): string[] => {
    const list = (values[flag] as string[] | undefined) ?? [];
    // `--owner=` parses as an empty value; it is always a slip, never a module name.
    if (list.some((value) => value.trim() === '')) {
      throw new UsageError(`${command}: option '--${flag}' needs a value`, `--${flag}`);
    }
    return list;
  };

  const single = (flag: StringFlag): string | undefined => {
    const list = strings(flag);
    if (list.length > 1) throw new UsageError(`${command}: option '--${flag}' may be given once`, `--${flag}`);
    return list[0];
  };

  return {
    paths: parsed.positionals,
    dry: values.dry === true,
    json: values.json === true,
    force: values.force === true,
    help: values.help === true,
    includeTests: values['include-tests'] === true,
    strict: values.strict === true,
    cache: values['no-cache'] !== true,
    owners: strings('owner'),
    entry: single('entry'),
    sameToken: strings('same-token').map((value) => splitTokenGroup(command, value)),
  };
}

/** `A,B` → ['A', 'B']. One name alone says nothing (a token is always the same as itself). */
function splitTokenGroup(command: string, value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '') || names.length < 2) {
    throw new UsageError(
      `${command}: option '--same-token' takes two or more names separated by commas (got '${value}')`,
      '--same-token',
    );
  }
  return names;
}

/**
 * Strict parsing throws at the first problem but does not say which argument it was in a
 * structured way, so the same arguments are read again loosely (tokens only) to find it.
 */
function explainParseError(
  command: string,
  argv: readonly string[],
  options: OptionsConfig,
  error: unknown,
): Error {
  if (!(error instanceof Error)) return new UsageError(`${command}: ${String(error)}`);
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const config = options[token.name];
    const raw = token.rawName;
    if (config === undefined) {
      const hint = suggest(token.name, Object.keys(options));
      return new UsageError(`${command}: unknown option '${raw}'${hint ? ` (did you mean '--${hint}'?)` : ''}`, raw);
    }
    if (config.type === 'boolean' && token.value !== undefined) {
      return new UsageError(`${command}: option '${raw}' does not take a value`, raw);
    }
    if (config.type === 'string') {
      // Loose parsing takes `--owner --dry` as owner = '--dry'; strict parsing (rightly) refuses it.
      const looksLikeOption = !token.inlineValue && token.value !== undefined && token.value.length > 1 && token.value.startsWith('-');
      if (token.value === undefined || looksLikeOption) {
        return new UsageError(
          `${command}: option '${raw}' needs a value (write '${raw}=<value>' for a value starting with '-')`,
          raw,
        );
      }
    }
  }
  return new UsageError(`${command}: ${error.message}`);
}

/** A known option the user probably meant: `--dry-run` → dry, `--owners` → owner. */
function suggest(name: string, known: readonly string[]): string | undefined {
  return known.find((option) => name.startsWith(option) || (option.startsWith(name) && name.length >= 2));
}

/**
 * What every command does first: parse its arguments, answer `--help`, or print the error with
 * the command's usage. Returns the arguments, or the exit code to end with (0 help, 2 usage).
 */
export function argumentsOrExit(
  command: string,
  argv: readonly string[],
  accepted: readonly FlagName[],
  usage: string,
  io: { stdout(text: string): void; stderr(text: string): void },
): CommandArgs | number {
  let args: CommandArgs;
  try {
    args = parseCommandArgs(command, argv, accepted);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${usage}`);
    return 2;
  }
  if (args.help) {
    io.stdout(usage);
    return 0;
  }
  return args;
}

/**
 * The bits of presentation the commands share: ANSI colour that switches itself off where it
 * would only be noise (NO_COLOR, a pipe, a file, TERM=dumb, CI logs without FORCE_COLOR), and
 * plain-English counts ("1 file", "3 files").
 */
import path from 'node:path';

import { toPosix } from '../core/paths.js';
import { redactSecrets } from '../core/redact.js';

/** How a file is named in output: relative to `cwd`, '/'-separated, a token in its name redacted. */
export function relativeTo(cwd: string): (file: string) => string {
  return (file) => redactSecrets(toPosix(path.relative(cwd, file)));
}

export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** What decides colour: a stream's TTY flag and the environment. */
export interface ColorContext {
  readonly isTTY?: boolean | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * NO_COLOR (any non-empty value, see no-color.org) always wins; FORCE_COLOR (other than '0' or
 * 'false') turns colour on for a pipe; otherwise colour only on a terminal that is not TERM=dumb.
 */
export function shouldUseColor({ isTTY = process.stdout.isTTY, env = process.env }: ColorContext = {}): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY === true && env.TERM !== 'dumb';
}

// Each style closes with its own reset code (not the full reset), so styles can nest.
function style(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    bold: style(enabled, 1, 22),
    dim: style(enabled, 2, 22),
    red: style(enabled, 31, 39),
    green: style(enabled, 32, 39),
    yellow: style(enabled, 33, 39),
    cyan: style(enabled, 36, 39),
  };
}

/**
 * Colours for this process's stdout. Decided on each call, so a test (or the CLI) that changes
 * NO_COLOR or stdout later is still honoured.
 */
export const color: Colors = {
  get enabled() {
    return shouldUseColor();
  },
  bold: (text) => current().bold(text),
  dim: (text) => current().dim(text),
  red: (text) => current().red(text),
  green: (text) => current().green(text),
  yellow: (text) => current().yellow(text),
  cyan: (text) => current().cyan(text),
};

function current(): Colors {
  return createColors(shouldUseColor());
}

/**
 * `pluralize(1, 'file')` → '1 file', `pluralize(2, 'file')` → '2 files'. English rules for the
 * regular cases (box → boxes, dependency → dependencies); pass `plural` for any other word.
 */
export function pluralize(count: number, word: string, plural?: string): string {
  return `${count} ${count === 1 ? word : (plural ?? pluralOf(word))}`;
}

function pluralOf(word: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/**
 * A file name as one line of human output: a newline, tab or other control character in it is
 * written as an escape (`\n`), so one file never reads as two lines or moves the cursor.
 */
export function shownName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f\\]/g, (char) => CONTROL_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

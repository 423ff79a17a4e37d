/**
 * The patch `migrate --dry` prints: git's unified format (`--- a/…`, `+++ b/…`, `@@` hunks with
 * three lines of context), so it reads like `git diff` and `git apply` takes it.
 *
 * The `diff` package finds the changed lines; the text is laid out here, because git and
 * `diff`'s own formatter differ in small ways (git writes `@@ -3 +3 @@` for one-line ranges, names
 * the enclosing "function" after the `@@`, and ends a file name containing a space with a tab).
 *
 * Lines are compared with their terminators, so turning `\n` into `\r\n` shows as a change, and
 * a `\r` stays at the end of its line in the output (as in git) instead of being dropped.
 */

import { structuredPatch, type StructuredPatchHunk } from 'diff';

import { toPosix } from '../core/paths.js';

const CONTEXT_LINES = 3;

/** The patch from `before` to `after` for the file at `relativePath`; '' when they are equal. */
export function unifiedDiff(relativePath: string, before: string, after: string): string {
  if (before === after) return '';
  const { hunks } = structuredPatch(relativePath, relativePath, before, after, undefined, undefined, {
    context: CONTEXT_LINES,
  });
  if (hunks.length === 0) return '';
  // '/' on every OS (a backslash is a legal file-name character on POSIX, so only path.sep goes).
  const name = toPosix(relativePath).replace(/^\.\//, '');
  const lines = [fileHeader('---', `a/${name}`), fileHeader('+++', `b/${name}`)];
  const beforeLines = before.split('\n');
  for (const hunk of hunks) lines.push(hunkHeader(hunk, beforeLines), ...hunk.lines);
  return `${lines.join('\n')}\n`;
}

/** Git C-quotes a name with a quote, backslash or control character, and ends one with a space with a tab. */
function fileHeader(marker: string, name: string): string {
  const shown = /["\\\x00-\x1f\x7f]/.test(name) ? cQuote(name) : name;
  return `${marker} ${shown}${name.includes(' ') ? '\t' : ''}`;
}

function cQuote(name: string): string {
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\x07': '\\a' };
  const body = name.replace(/["\\\x00-\x1f\x7f]/g, (char) => escapes[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return `"${body}"`;
}

/**
 * `@@ -start,count +start,count @@ heading`, with `,1` left out and an empty range numbered from
 * the line before.
 */
function hunkHeader(hunk: StructuredPatchHunk, beforeLines: readonly string[]): string {
  const range = (start: number, count: number) =>
    count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
  const heading = sectionHeading(beforeLines, hunk.oldStart - 1);
  return `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@${heading ? ` ${heading}` : ''}`;
}

/**
 * Git's default hunk heading (no diff driver set): the nearest line above the hunk that starts
 * with a letter, `_` or `$` (in code, mostly the enclosing declaration), trailing space trimmed,
 * at most 80 bytes (cut here at a character boundary, where git would cut mid-character).
 */
function sectionHeading(beforeLines: readonly string[], firstLineIndex: number): string | undefined {
  for (let index = firstLineIndex - 1; index >= 0; index--) {
    const line = beforeLines[index] ?? '';
    if (!/^[A-Za-z_$]/.test(line)) continue;
    let heading = '';
    for (const char of line) {
      if (Buffer.byteLength(heading + char) > 80) break;
      heading += char;
    }
    return heading.replace(/\s+$/, '');
  }
  return undefined;
}

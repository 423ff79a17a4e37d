/**
 * Reading a source file for a command that may rewrite it. Whatever cannot be written back
 * exactly as it was read is refused here with a reason naming the problem, so the file is never
 * touched: bytes that are not UTF-8 (decoding would replace them), binary files, and files too
 * large to be hand-written code.
 */
import { readFileSync } from 'node:fs';

import { rememberSecretsIn } from '../core/redact.js';

/** Larger than this, a file is generated or bundled code: not migrated. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** The text, or why the file is refused (with its text decoded leniently when there is one, to see what it is about). */
export type SourceRead = { readonly text: string } | { readonly problem: string; readonly lenient?: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Perf: an options object, not the string 'utf8', which Node copies into a new object at every read. */
const UTF8 = { encoding: 'utf8', flag: 'r' } as const;

/**
 * Synchronous on purpose: a command reads thousands of small files one after the other, and
 * awaiting each read would leave the process idle most of the time (bench/migrate.mjs).
 */
export function readSource(file: string): SourceRead {
  const bytes = readBytes(file);
  if (!Buffer.isBuffer(bytes)) return bytes;
  try {
    const text = utf8.decode(bytes);
    // A parser may later quote a secret without its bot id ("Unexpected token AA…"): known from here on.
    rememberSecretsIn(text);
    return { text };
  } catch {
    return { lenient: bytes.toString('utf8'), problem: 'not valid UTF-8 text, left as it is' };
  }
}

/** The file's bytes, or why it is refused before any decoding: unreadable, oversized or binary. */
function readBytes(file: string): Buffer | SourceRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return unreadable(error);
  }
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { lenient: bytes.toString('utf8'), problem: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${(bytes.length / 1024 / 1024).toFixed(1)} MB): generated or bundled code, left as it is` };
  }
  if (bytes.includes(0)) return { lenient: bytes.toString('utf8'), problem: 'binary file (it holds NUL bytes), left as it is' };
  return bytes;
}

/**
 * Reading for analysis only (the project model; nothing is written back): the same refusals
 * of binary, oversized and non-UTF-8 files, found more cheaply. Perf: the strict decoder on
 * every file took twice as long as a plain read on 20,000 files, and reading bytes then
 * decoding them made a second copy of every file for the garbage collector: the text is read
 * as UTF-8 directly (a NUL byte reads as U+0000, bytes that are not UTF-8 as U+FFFD).
 */
export function readForAnalysis(file: string): SourceRead {
  let text: string;
  try {
    text = readFileSync(file, UTF8);
  } catch (error) {
    return unreadable(error);
  }
  // A UTF-16 unit takes at most three UTF-8 bytes: only long texts can be over the limit.
  if (text.length > MAX_SOURCE_BYTES / 3) {
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_SOURCE_BYTES) return { lenient: text, problem: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${(bytes / 1024 / 1024).toFixed(1)} MB): generated or bundled code, left as it is` };
  }
  if (text.includes('\0')) return { lenient: text, problem: 'binary file (it holds NUL bytes), left as it is' };
  // A replacement character is either in the source or stands for bytes that are not UTF-8.
  if (text.includes('\uFFFD')) {
    try {
      utf8.decode(readFileSync(file));
    } catch {
      return { lenient: text, problem: 'not valid UTF-8 text, left as it is' };
    }
  }
  return { text };
}

function unreadable(error: unknown): SourceRead {
  const code = (error as NodeJS.ErrnoException).code;
  return { problem: `cannot read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message)})` };
}

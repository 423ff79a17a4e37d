/**
 * Reading one source file and scanning its text for the project model: the step every file
 * whose content the model does not know yet goes through, on the main thread or on the scan
 * helper thread (./parallel-scan.ts). Plain data in and out, so a worker can run it.
 */
import { statSync } from 'node:fs';

import { readForAnalysis } from './read-source.js';
import { problemScan, scanText, type FileScan } from './scan.js';

/** Larger than this, a file is generated or bundled: it is not parsed (its imports still count). */
export const MAX_ANALYSED_BYTES = 1024 * 1024;

export interface ScannedFile {
  readonly scan: FileScan;
  /**
   * When asked for: the file's size and mtime, taken before it was read; undefined when it is
   * gone or is not a regular file (then `scan` says it cannot be read).
   */
  readonly stat?: { readonly size: number; readonly mtimeMs: number };
  /**
   * The scan is a fact about the file's content, worth keeping: false when the file could not
   * be read at all (a permission may change without the content changing).
   */
  readonly cacheable: boolean;
  /**
   * For a scan made ahead of the model that takes it (./scan-helper.ts): a time (Date.now()) no
   * later than its stat and read. Whether the file changed too recently for its stat to vouch
   * for it is judged from then, not from when the model took the scan.
   */
  readonly readSince?: number;
}

const GONE: ScannedFile = { scan: problemScan('cannot read (not a file)', ''), cacheable: false };

/** The scan of `file` as it is on disk now (with its stat, when `withStat`), and its text when it has one. */
export function scanFileOnDisk(file: string, withStat = false): ScannedFile & { readonly text?: string } {
  return scanFile(file, withStat, true);
}

/** The scan alone, for a list of files (perf: no second object per file to drop the text). */
export function scanFileWithoutText(file: string, withStat: boolean): ScannedFile {
  return scanFile(file, withStat, false);
}

function scanFile(file: string, withStat: boolean, withText: boolean): ScannedFile & { readonly text?: string } {
  let stat: ScannedFile['stat'];
  if (withStat) {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) return GONE;
    stat = { size: stats.size, mtimeMs: stats.mtimeMs };
  }
  const read = readForAnalysis(file);
  if ('problem' in read) {
    const scan = problemScan(read.problem, read.lenient ?? '');
    const cacheable = read.lenient !== undefined;
    return stat ? { scan, cacheable, stat } : { scan, cacheable };
  }
  const text = read.text;
  // A UTF-16 unit takes at most three UTF-8 bytes: only long texts can be over the limit.
  const size = text.length > MAX_ANALYSED_BYTES / 3 ? Buffer.byteLength(text) : text.length;
  const tooLarge = size > MAX_ANALYSED_BYTES ? `larger than ${MAX_ANALYSED_BYTES / 1024 / 1024} MB: generated or bundled code, not analysed` : undefined;
  const scan = scanText(text, tooLarge);
  if (withText) return stat ? { scan, cacheable: true, stat, text } : { scan, cacheable: true, text };
  return stat ? { scan, cacheable: true, stat } : { scan, cacheable: true };
}

/**
 * nodemon's own settings: `nodemon.json` in the project root, or `nodemonConfig` in
 * package.json. A bare `nodemon` runs the command they name, and restarts it on every change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { isRecord } from './records.js';

export interface NodemonConfig {
  /** The file holding the settings (for problems and `via`). */
  readonly file: string;
  /** The runner (`ts-node`, `tsx src/index.ts`), when set. */
  readonly exec?: string;
  /** The file to run, when set. */
  readonly script?: string;
}

export function readNodemonConfig(root: string, manifest: Record<string, unknown> | undefined): { config?: NodemonConfig; problem?: { file: string; message: string } } {
  const file = path.join(root, 'nodemon.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { problem: { file, message: `is not valid JSON: ${(error as Error).message}` } };
    if (!manifest || !isRecord(manifest.nodemonConfig)) return {};
    return { config: settings(path.join(root, 'package.json'), manifest.nodemonConfig) };
  }
  if (!isRecord(data)) return { problem: { file, message: 'is not a JSON object' } };
  return { config: settings(file, data) };
}

function settings(file: string, data: Record<string, unknown>): NodemonConfig {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  const exec = text(data.exec);
  const script = text(data.script);
  return { file, ...(exec === undefined ? {} : { exec }), ...(script === undefined ? {} : { script }) };
}

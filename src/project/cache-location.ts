/**
 * Where the caches of a project live (the model's, ./cache.ts, and check's stored result): a
 * module of its own, so a run that only looks for a stored result loads nothing else.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CACHE_FOLDER = path.join('node_modules', '.cache', 'eslint-plugin-telegram-bot');

export interface CacheSettings {
  /** false: no persistent cache (`--no-cache`). */
  readonly enabled?: boolean;
  /** The folder to keep cache files in (default: from the environment, else under the root). */
  readonly dir?: string;
}

/** Where the cache of `root` lives, or undefined when it is off or has no place. */
export function cacheFileFor(root: string, settings: CacheSettings = {}, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (settings.enabled === false || /^(?:0|off|false|no)$/i.test(env.TELEGRAM_BOT_LINT_CACHE ?? '')) return undefined;
  const name = `model-${createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16)}.json`;
  const dir = settings.dir ?? (env.TELEGRAM_BOT_LINT_CACHE_DIR || undefined);
  if (dir) return path.join(path.resolve(root, dir), name);
  return existsSync(path.join(root, 'node_modules')) ? path.join(root, CACHE_FOLDER, name) : undefined;
}


/**
 * `.env` files: two env names configured with the same value are one token (this caused a
 * real 409). Values are compared and then dropped; only a token's bot id is ever shown.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

import { botIdOf } from '../core/token.js';

export interface EnvFile {
  readonly file: string;
  /** name -> value, as the file sets it. Kept in memory only. */
  readonly values: ReadonlyMap<string, string>;
}

const ENV_FILE = /^\.env(?:\.[\w.-]+)?$/;

/** `.env`, `.env.production`, `.env.local`, … in the given folders (not `.env.example`-style templates). */
export function readEnvFiles(dirs: readonly string[]): EnvFile[] {
  const files: EnvFile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (!ENV_FILE.test(name) || /\.(example|sample|template|dist)$/.test(name)) continue;
      const file = path.join(dir, name);
      try {
        // Never read outside the folder through a symlink (the check reads nothing outside its paths).
        const real = realpathSync(file);
        const realDir = realpathSync(dir);
        const rel = path.relative(realDir, real);
        if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
        files.push({ file, values: parseEnv(readFileSync(file, 'utf8')) });
      } catch {
        // unreadable: nothing to compare
      }
    }
  }
  return files;
}

/** KEY=VALUE lines; `export KEY=…`, quotes and trailing comments handled; no expansion. */
export function parseEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, '').trim();
    values.set(match[1] as string, value);
  }
  return values;
}

/**
 * Groups of names that hold the same non-empty value within one file or across files, restricted
 * to names the code uses as tokens. Returned without the values.
 */
export function sameValueGroups(files: readonly EnvFile[], tokenNames: ReadonlySet<string>): { names: string[]; botId?: string }[] {
  const byValue = new Map<string, Set<string>>();
  for (const { values } of files) {
    for (const [name, value] of values) {
      if (!tokenNames.has(name) || value.length < 8) continue;
      let names = byValue.get(value);
      if (!names) byValue.set(value, (names = new Set()));
      names.add(name);
    }
  }
  const groups: { names: string[]; botId?: string }[] = [];
  for (const [value, names] of byValue) {
    if (names.size < 2) continue;
    const botId = botIdOf(value);
    groups.push({ names: [...names].sort(), ...(botId ? { botId } : {}) });
  }
  return groups;
}

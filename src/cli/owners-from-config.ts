/**
 * Owners as the project's ESLint config declares them for telegram-bot/no-duplicate-poller,
 * so `migrate` and the rule agree without repeating the owners on the command line.
 */
import { minimatch } from 'minimatch';
import path from 'node:path';

import { toPosix } from '../core/paths.js';
import { resolveTarget } from '../core/resolve.js';

export interface ConfiguredOwner {
  readonly file: string;
  readonly tokens: readonly string[] | undefined;
  readonly exportName: string | undefined;
}

export interface ConfiguredOwners {
  readonly owners: ConfiguredOwner[];
  readonly sameToken: string[][];
}

interface RuleOptions {
  owners?: { module: string; token?: string | string[]; export?: string }[];
  sameToken?: string[][];
}

const RULE = 'telegram-bot/no-duplicate-poller';

/** Undefined when ESLint, a config, or configured owners are missing. */
export async function ownersFromEslintConfig(cwd: string, candidateFiles: readonly string[]): Promise<ConfiguredOwners | undefined> {
  let eslint: { calculateConfigForFile(file: string): Promise<{ rules?: Record<string, unknown> } | undefined> };
  try {
    const { ESLint } = await import('eslint');
    eslint = new ESLint({ cwd });
  } catch {
    return undefined;
  }
  for (const file of candidateFiles) {
    let options: RuleOptions | undefined;
    try {
      const config = await eslint.calculateConfigForFile(file);
      const setting = config?.rules?.[RULE];
      if (!Array.isArray(setting) || setting[0] === 0 || setting[0] === 'off') continue;
      options = setting[1] as RuleOptions | undefined;
    } catch {
      // No config file, or the file is ignored: try the next one.
      continue;
    }
    if (!options?.owners?.length) continue;
    const owners: ConfiguredOwner[] = [];
    for (const owner of options.owners) {
      const tokens = owner.token === undefined ? undefined : typeof owner.token === 'string' ? [owner.token] : owner.token;
      // The rule resolves relative modules against ESLint's cwd, and so do we.
      const absolute = path.resolve(cwd, owner.module);
      const files = /[*?[\]{}]/.test(owner.module)
        ? candidateFiles.filter((candidate) => minimatch(toPosix(candidate), toPosix(absolute), { dot: true }))
        : [resolveTarget(absolute)].filter((found): found is string => found !== undefined);
      for (const found of files) owners.push({ file: found, tokens, exportName: owner.export });
    }
    return { owners, sameToken: options.sameToken ?? [] };
  }
  return undefined;
}

/**
 * Owners as the project's ESLint config declares them for telegram-bot/no-duplicate-poller,
 * so `migrate` and the rule agree without repeating the owners on the command line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { minimatch } from 'minimatch';

import { toPosix } from '../core/paths.js';
import { resolveTarget } from '../core/resolve.js';
import { noScanAheadOfLint } from '../project/scan-ahead-switch.js';

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

/** The project's ESLint config exists but does not load: owners must not be guessed then. */
export class ConfigLoadError extends Error {
  constructor(
    readonly config: string | undefined,
    readonly reason: string,
  ) {
    super(`the ESLint config ${config ?? '(unknown file)'} failed to load: ${reason}\nFix it, or pass the owners with --owner <module>.`);
    this.name = 'ConfigLoadError';
  }
}

/** The names ESLint 9 and 10 look for, from a file's folder (10) or the working folder (9) up. */
const FLAT_CONFIG_FILES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

/** Whether a flat config file is in one of `dirs` or a folder above one. */
function flatConfigAbove(dirs: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const start of dirs) {
    for (let dir = path.resolve(start); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      if (FLAT_CONFIG_FILES.some((name) => existsSync(path.join(dir, name)))) return true;
      if (path.dirname(dir) === dir) break;
    }
  }
  return false;
}

interface ConfigReader {
  calculateConfigForFile(file: string): Promise<{ rules?: Record<string, unknown> } | undefined>;
  findConfigFile?(file?: string): Promise<string | undefined>;
}

/**
 * Undefined when ESLint, a config, or configured owners are missing. A config that is there
 * but fails to load throws ConfigLoadError: falling back to inferred owners would migrate
 * against owners the user never chose.
 */
export async function ownersFromEslintConfig(cwd: string, candidateFiles: readonly string[]): Promise<ConfiguredOwners | undefined> {
  // Perf: loading ESLint to learn there is no config costs a tenth of a second.
  if (!flatConfigAbove([cwd, ...candidateFiles.map((file) => path.dirname(path.resolve(cwd, file)))])) return undefined;
  let eslint: ConfigReader;
  // The config loads the plugin: it reads the project ahead of a lint only where ESLint lints.
  noScanAheadOfLint();
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
    } catch (error) {
      // No config file for this file: try the next one. Anything else is a broken config.
      if ((error as { messageTemplate?: unknown }).messageTemplate === 'config-file-missing') continue;
      const config = await eslint.findConfigFile?.(file).catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigLoadError(config && path.relative(cwd, config).split(path.sep).join('/'), reason);
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

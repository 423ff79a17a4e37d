/**
 * jscodeshift transform: `npx jscodeshift -t node_modules/eslint-plugin-telegram-bot/dist/codemods/use-shared-bot/index.js --owner=src/services/telegramBot.ts src`
 *
 * It edits text through the shared engine rather than jscodeshift's reprinter, so untouched
 * lines keep their exact bytes. Options: `--owner` (repeatable or comma-separated, relative
 * to the working directory), `--same-token=A,B` (repeatable), `--export` (the owner's export
 * name, with a single owner), `--strict` (leave files whose rewrite comes with warnings).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { TokenGroups } from '../../src/core/token.js';
import { migrateFile, type MigrationSettings } from './engine.js';
import { readOwnerModule, type OwnerInstance } from './owner.js';

export interface TransformFile {
  readonly path: string;
  readonly source: string;
}

export interface TransformApi {
  report?(message: string): void;
}

export interface TransformOptions {
  readonly owner?: string | readonly string[];
  readonly sameToken?: string | readonly string[];
  readonly 'same-token'?: string | readonly string[];
  readonly export?: string;
  /** Leave a file unchanged when its rewrite comes with warnings. */
  readonly strict?: boolean;
}

function list(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).flatMap((item) => String(item).split(',')).map((item) => item.trim()).filter(Boolean);
}

function groupsOf(value: string | readonly string[] | undefined): string[][] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).map((group) => String(group).split(',').map((name) => name.trim()).filter(Boolean));
}

// jscodeshift calls the transform once per file: read each owner once per worker.
const settingsCache = new Map<string, MigrationSettings>();

function settingsFor(options: TransformOptions): MigrationSettings {
  const owners = list(options.owner).map((owner) => path.resolve(owner));
  if (owners.length === 0) throw new Error('use-shared-bot needs --owner=<module>: the module that owns the polling bot');
  const groups = new TokenGroups([...groupsOf(options.sameToken), ...groupsOf(options['same-token'])]);
  const key = JSON.stringify([owners.map((owner) => [owner, statSync(owner).mtimeMs]), options.sameToken, options['same-token'], options.export, options.strict]);
  let settings = settingsCache.get(key);
  if (!settings) {
    const instances: OwnerInstance[] = owners.flatMap((owner) =>
      readOwnerModule(owner, readFileSync(owner, 'utf8'), groups, owners.length === 1 ? options.export : undefined),
    );
    settings = { owners: instances, groups, strict: options.strict === true || String(options.strict) === 'true' };
    settingsCache.set(key, settings);
  }
  return settings;
}

export default function transform(file: TransformFile, api: TransformApi, options: TransformOptions): string | undefined {
  const settings = settingsFor(options);
  const result = migrateFile(path.resolve(file.path), file.source, settings);
  for (const site of result.left) api.report?.(`${file.path}:${site.line}: left as it is: ${site.reason}`);
  if (result.output !== undefined) {
    for (const warning of result.warnings) api.report?.(`${file.path}:${warning.line}: warning: ${warning.message}`);
    for (const owner of result.pollingOwners) {
      api.report?.(`${file.path}:${result.sites[0] ?? 1}: note: imports ${owner}, which starts polling when it is imported: so does this module now`);
    }
  }
  return result.output;
}

/**
 * jscodeshift transform: `npx jscodeshift -t node_modules/eslint-plugin-telegram-bot/dist/codemods/use-shared-bot/index.js --owner=src/services/telegramBot.ts src`
 *
 * It edits text through the shared engine rather than jscodeshift's reprinter, so untouched
 * lines keep their exact bytes. Duplicates and owners are decided on the project model, as
 * `migrate` decides them (a token from a config module or an imported constant, a bot that
 * another module starts): each worker process builds the model of the file's project once.
 * Options: `--owner` (repeatable or comma-separated, relative
 * to the working directory), `--same-token=A,B` (repeatable), `--export` (the owner's export
 * name, with a single owner), `--strict` (leave files whose rewrite comes with warnings),
 * `--cache=false` (no persistent cache of file summaries).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { mentionsBotLibrary } from '../../src/core/pollers.js';
import { TokenGroups } from '../../src/core/token.js';
import type { ProjectBots } from '../../src/project/instance-tokens.js';
import { projectRootOf } from '../../src/project/root.js';
import { projectBotsAt, projectFactsOf } from '../shared/project-facts.js';
import { migrateFile, type MigrationSettings } from './engine.js';
import { readOwnerModule, type OwnerInstance, type ProjectFacts } from './owner.js';

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
  readonly strict?: boolean | string;
  /** `--cache=false`: neither read nor write the persistent cache of file summaries. */
  readonly cache?: boolean | string;
}

function list(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).flatMap((item) => String(item).split(',')).map((item) => item.trim()).filter(Boolean);
}

function groupsOf(value: string | readonly string[] | undefined): string[][] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).map((group) => String(group).split(',').map((name) => name.trim()).filter(Boolean));
}

// jscodeshift calls the transform once per file, in a few worker processes: each worker builds
// the project model of a root once, and reads each owner once per model.
const projects = new Map<string, Promise<ProjectBots | undefined>>();
const settingsCache = new WeakMap<object, Map<string, MigrationSettings>>();
const WITHOUT_PROJECT = {};

/**
 * The project model of the project `file` is in, as `migrate` builds it. A file whose size or
 * mtime is not the model's means the tree changed since it was built (a second run in the same
 * process): the model is built again.
 */
async function projectOf(file: string, useCache: boolean): Promise<ProjectBots | undefined> {
  const root = projectRootOf(path.dirname(file));
  let pending = projects.get(root);
  if (!pending) projects.set(root, (pending = projectBotsAt(root, useCache)));
  const bots = await pending;
  const known = bots?.model.files.get(file);
  if (!known) return bots;
  const current = statOrUndefined(file);
  if (current && current.size === known.size && current.mtimeMs === known.mtimeMs) return bots;
  if (projects.get(root) === pending) projects.set(root, projectBotsAt(root, useCache));
  return projects.get(root);
}

function statOrUndefined(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Forget the project models this process built (for callers that run the transform again on a tree they replaced). */
export function clearTransformProjects(): void {
  projects.clear();
}

function ownerFiles(options: TransformOptions): string[] {
  const owners = list(options.owner).map((owner) => path.resolve(owner));
  if (owners.length === 0) throw new Error('use-shared-bot needs --owner=<module>: the module that owns the polling bot');
  return owners;
}

function settingsFor(owners: readonly string[], options: TransformOptions, bots: ProjectBots | undefined): MigrationSettings {
  const groups = new TokenGroups([...groupsOf(options.sameToken), ...groupsOf(options['same-token'])]);
  const key = JSON.stringify([owners.map((owner) => [owner, statSync(owner).mtimeMs]), options.sameToken, options['same-token'], options.export, options.strict]);
  let byKey = settingsCache.get(bots ?? WITHOUT_PROJECT);
  if (!byKey) settingsCache.set(bots ?? WITHOUT_PROJECT, (byKey = new Map()));
  let settings = byKey.get(key);
  if (!settings) {
    const project = (file: string): ProjectFacts | undefined => bots && projectFactsOf(bots, file);
    const instances: OwnerInstance[] = owners.flatMap((owner) =>
      readOwnerModule(owner, readFileSync(owner, 'utf8'), groups, owners.length === 1 ? options.export : undefined, project(owner)),
    );
    settings = { owners: instances, groups, strict: isOn(options.strict), project };
    byKey.set(key, settings);
  }
  return settings;
}

function isOn(value: boolean | string | undefined): boolean {
  return value === true || String(value) === 'true';
}

export default async function transform(file: TransformFile, api: TransformApi, options: TransformOptions): Promise<string | undefined> {
  const owners = ownerFiles(options);
  const absolute = path.resolve(file.path);
  // A file that names no bot library and is no owner has nothing to migrate: no model for it.
  if (!mentionsBotLibrary(file.source) && !owners.includes(absolute)) return undefined;
  const bots = await projectOf(absolute, options.cache === undefined || isOn(options.cache));
  const settings = settingsFor(owners, options, bots);
  const result = migrateFile(absolute, file.source, settings);
  for (const site of result.left) api.report?.(`${file.path}:${site.line}: left as it is: ${site.reason}`);
  if (result.output !== undefined) {
    for (const warning of result.warnings) api.report?.(`${file.path}:${warning.line}: warning: ${warning.message}`);
    for (const owner of result.pollingOwners) {
      api.report?.(`${file.path}:${result.sites[0] ?? 1}: note: imports ${owner}, which starts polling when it is imported: so does this module now`);
    }
  }
  return result.output;
}

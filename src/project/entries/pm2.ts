/**
 * PM2 ecosystem files, read as data (never run): the apps they declare, with the settings that
 * decide how many processes each one is.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import { parseFile } from '../../core/parse.js';
import { resolveTarget } from '../../core/resolve.js';
import { isInside } from './build-output.js';
import { asString, isRecord } from './records.js';
import { StaticReader } from './static-reader.js';

/** Names PM2 looks for, plus the ones projects commonly pass to `pm2 start`. */
export const ECOSYSTEM_FILES = ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.config.json', 'ecosystem.json', 'pm2.config.js', 'pm2.config.cjs', 'pm2.json', 'process.json'];

export interface AppSpec {
  readonly name: string | undefined;
  readonly script: string | undefined;
  readonly args: string | undefined;
  readonly cwd: string | undefined;
  readonly interpreter: string | undefined;
  readonly instances: number | string | undefined;
  readonly execMode: string | undefined;
}


/** The apps an ecosystem file declares, read from its object literal without running it. */
export function readEcosystem(file: string, text: string): { apps: AppSpec[]; problems: string[] } {
  if (file.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { apps: [], problems: [`not valid JSON: ${(error as Error).message}`] };
    }
    const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.apps) ? data.apps : isRecord(data) && 'script' in data ? [data] : undefined;
    if (!list) return { apps: [], problems: ['has no "apps" list'] };
    return { apps: list.filter(isRecord).map((app) => appFromRecord(app)), problems: [] };
  }
  let program: TSESTree.Program;
  try {
    program = parseFile(file, text).ast;
  } catch (error) {
    return { apps: [], problems: [`does not parse: ${(error as Error).message}`] };
  }
  const reader = new StaticReader(program, path.dirname(file));
  const exported = reader.exported();
  if (!exported) return { apps: [], problems: ['exports no object with an "apps" list the check can read'] };
  const appsNode = exported.type === 'ArrayExpression' ? exported : reader.property(exported, 'apps');
  const apps = appsNode && reader.elements(appsNode);
  if (!apps) return { apps: [], problems: ['its "apps" list is computed when it runs; the check reads only literal lists'] };
  const problems: string[] = [];
  const specs: AppSpec[] = [];
  apps.forEach((app, index) => {
    const object = reader.deref(app);
    if (object?.type !== 'ObjectExpression') {
      problems.push(`app ${index + 1} is computed when the file runs; the check reads only object literals`);
      return;
    }
    const value = (key: string) => reader.value(reader.property(object, key));
    const args = reader.property(object, 'args');
    const argsValue = args && reader.deref(args)?.type === 'ArrayExpression' ? (reader.elements(args) ?? []).map((item) => String(reader.value(item) ?? '')).join(' ') : value('args');
    specs.push({
      name: asString(value('name')),
      script: asString(value('script')),
      args: argsValue === undefined ? undefined : String(argsValue),
      cwd: asString(value('cwd')),
      interpreter: asString(value('interpreter')),
      instances: value('instances'),
      execMode: asString(value('exec_mode') ?? value('execMode')),
    });
  });
  return { apps: specs, problems };
}

function appFromRecord(app: Record<string, unknown>): AppSpec {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const instances = app.instances;
  return {
    name: text(app.name),
    script: text(app.script),
    args: Array.isArray(app.args) ? app.args.join(' ') : text(app.args),
    cwd: text(app.cwd),
    interpreter: text(app.interpreter),
    instances: typeof instances === 'number' || typeof instances === 'string' ? instances : undefined,
    execMode: text(app.exec_mode ?? app.execMode),
  };
}

export function isEcosystemName(file: string): boolean {
  const base = path.basename(file);
  return ECOSYSTEM_FILES.includes(base) || /(?:^|[.-])(?:ecosystem|pm2|process)(?:[.-].*)?\.(?:[cm]?js|json)$/.test(base) || /\.config\.[cm]?js$/.test(base);
}

export function parseInstances(value: string | number): number | string {
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/**
 * The folder a PM2 app runs in. An absolute cwd outside this checkout is the deploy folder on
 * the server (`cwd: '/var/www/app'`, or `/var/www/app/bot`): the checkout is deployed there, so
 * the longest tail of that path that is a folder here holding the script is taken (else the
 * ecosystem file's own folder).
 */
export function appFolder(cwd: string | undefined, script: string | undefined, base: string, root: string): string {
  if (!cwd) return base;
  const resolved = path.resolve(base, cwd);
  if (!path.isAbsolute(cwd) || isInside(root, resolved)) return resolved;
  const parts = resolved.split(path.sep).filter(Boolean);
  for (let start = 0; start <= parts.length; start++) {
    const candidate = path.join(base, ...parts.slice(start));
    if (script === undefined || resolveTarget(path.resolve(candidate, script))) return candidate;
  }
  return base;
}

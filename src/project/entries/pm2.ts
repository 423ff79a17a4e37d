/**
 * PM2 ecosystem files, read as data (never run): the apps they declare, with the settings that
 * decide how many processes each one is.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import { parseFile } from '../../core/parse.js';
import { asString, isRecord } from './records.js';
import { StaticReader } from './static-reader.js';
import { parseYaml } from './yaml-file.js';

/** Names PM2 looks for, plus the ones projects commonly pass to `pm2 start`. */
export const ECOSYSTEM_FILES = ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.config.json', 'ecosystem.json', 'pm2.config.js', 'pm2.config.cjs', 'pm2.json', 'process.json', 'ecosystem.config.yml', 'ecosystem.config.yaml', 'ecosystem.yml', 'ecosystem.yaml'];

export interface AppSpec {
  readonly name: string | undefined;
  readonly script: string | undefined;
  readonly args: string | undefined;
  readonly cwd: string | undefined;
  readonly interpreter: string | undefined;
  readonly instances: number | string | undefined;
  readonly execMode: string | undefined;
  /** `watch` is on: PM2 restarts the app when a file changes. */
  readonly watch: boolean;
}


/** The apps an ecosystem file declares, read from its object literal without running it. */
export function readEcosystem(file: string, text: string): { apps: AppSpec[]; problems: string[] } {
  const yaml = /\.ya?ml$/.test(file);
  if (yaml || file.endsWith('.json')) {
    let data: unknown;
    if (yaml) {
      const parsed = parseYaml(text);
      if ('error' in parsed) return { apps: [], problems: [parsed.error] };
      data = parsed.data;
    } else {
      try {
        data = JSON.parse(text);
      } catch (error) {
        return { apps: [], problems: [`not valid JSON: ${(error as Error).message}`] };
      }
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
      watch: watching(reader.deref(reader.property(object, 'watch'))),
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
    watch: app.watch === true || (typeof app.watch === 'string' && app.watch !== '') || (Array.isArray(app.watch) && app.watch.length > 0),
  };
}

/** `watch: true`, `watch: ['src']` or `watch: 'src'` in an ecosystem module. */
function watching(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'Literal') return node.value === true || (typeof node.value === 'string' && node.value !== '');
  return node.type === 'ArrayExpression' && node.elements.length > 0;
}

export function isEcosystemName(file: string): boolean {
  const base = path.basename(file);
  return ECOSYSTEM_FILES.includes(base) || /(?:^|[.-])(?:ecosystem|pm2|process)(?:[.-].*)?\.(?:[cm]?js|json|ya?ml)$/.test(base) || /\.config\.[cm]?js$/.test(base);
}

export function parseInstances(value: string | number): number | string {
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

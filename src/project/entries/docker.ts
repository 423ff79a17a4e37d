/**
 * Dockerfiles: the command the image runs (`ENTRYPOINT` and `CMD`, exec or shell form, of the
 * last build stage), and compose files: each service's command, build and replica count.
 * Read as text and data, never built or run.
 */
import path from 'node:path';

import { isRecord } from './records.js';
import { parseYaml } from './yaml-file.js';

/** `CMD ["node", "x.js"]` (exec form, no shell) or `CMD node x.js` (shell form). */
export type DockerForm = { readonly exec: readonly string[] } | { readonly shell: string };

export interface DockerImage {
  readonly entrypoint?: DockerForm;
  readonly cmd?: DockerForm;
  /** The last `WORKDIR`, absolute inside the container ('/' when none). */
  readonly workdir: string;
}

/** The run settings of a Dockerfile's final stage (a stage built `FROM` an earlier one inherits its settings). */
export function readDockerfile(text: string): DockerImage {
  const stages = new Map<string, DockerImage>();
  let current: DockerImage = { workdir: '/' };
  let stage: string | undefined;
  for (const { instruction, argument } of instructions(text)) {
    if (instruction === 'FROM') {
      const words = argument.split(/\s+/).filter((word) => !word.startsWith('--'));
      current = stages.get((words[0] ?? '').toLowerCase()) ?? { workdir: '/' };
      stage = words[1]?.toUpperCase() === 'AS' && words[2] ? words[2].toLowerCase() : undefined;
    } else if (instruction === 'WORKDIR') {
      current = { ...current, workdir: path.posix.resolve(current.workdir, argument.trim()) };
    } else if (instruction === 'CMD') {
      current = { ...current, cmd: form(argument) };
    } else if (instruction === 'ENTRYPOINT') {
      current = { ...current, entrypoint: form(argument) };
    }
    if (stage) stages.set(stage, current);
  }
  return current;
}

/** Which command a container runs: the image's ENTRYPOINT and CMD, overridden by a compose service's. */
export function containerCommand(image: DockerImage | undefined, override: { entrypoint?: DockerForm; command?: DockerForm } = {}): { words: string[] } | { line: string } | undefined {
  const entrypoint = override.entrypoint ?? image?.entrypoint;
  // A compose `entrypoint` clears the image's CMD; its own `command` still applies.
  const cmd = override.entrypoint ? override.command : (override.command ?? image?.cmd);
  if (entrypoint) {
    if ('shell' in entrypoint) return { line: entrypoint.shell }; // the shell form ignores CMD
    const args = cmd ? ('exec' in cmd ? cmd.exec : ['/bin/sh', '-c', cmd.shell]) : [];
    return { words: [...entrypoint.exec, ...args] };
  }
  if (!cmd) return undefined;
  return 'shell' in cmd ? { line: cmd.shell } : { words: [...cmd.exec] };
}

/** Instructions with continuation lines joined and comment lines dropped. */
function instructions(text: string): { instruction: string; argument: string }[] {
  const found: { instruction: string; argument: string }[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw)) continue;
    if (/\\\s*$/.test(raw)) {
      pending += raw.replace(/\\\s*$/, ' ');
      continue;
    }
    const line = (pending + raw).trim();
    pending = '';
    const match = /^([A-Za-z]+)\s+([\s\S]*)$/.exec(line);
    if (match) found.push({ instruction: (match[1] as string).toUpperCase(), argument: (match[2] as string).trim() });
  }
  return found;
}

function form(argument: string): DockerForm {
  if (argument.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(argument);
      if (Array.isArray(list) && list.every((item) => typeof item === 'string')) return { exec: list as string[] };
    } catch {
      // Not valid JSON: Docker runs it in a shell.
    }
  }
  return { shell: argument };
}

// ---------------------------------------------------------------------------------------------
// Compose files.

/** The files `docker compose` reads by default, in its order of preference, each with its override file. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export interface ComposeService {
  readonly name: string;
  /** The build context and Dockerfile, absolute, when the service is built from the project. */
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly entrypoint?: DockerForm;
  readonly command?: DockerForm;
  /** `deploy.replicas`, `replicas` or `scale`: a number, or the text when it is not one. */
  readonly replicas?: number | string;
  /** `working_dir`: the folder inside the container (the project is usually mounted or copied there). */
  readonly workdir?: string;
}

/** The services of a compose file merged with its override file (read as data). */
export function readCompose(file: string, texts: readonly string[]): { services: ComposeService[]; problems: string[] } {
  let merged: Record<string, unknown> = {};
  for (const text of texts) {
    const parsed = parseYaml(text);
    if ('error' in parsed) return { services: [], problems: [parsed.error] };
    if (parsed.data === null || parsed.data === undefined) continue;
    if (!isRecord(parsed.data)) return { services: [], problems: ['is not a mapping of settings'] };
    merged = mergeRecords(merged, parsed.data);
  }
  if (!isRecord(merged.services)) return { services: [], problems: [] };
  const dir = path.dirname(file);
  const services: ComposeService[] = [];
  for (const [name, value] of Object.entries(merged.services)) {
    if (!isRecord(value)) continue;
    const build = buildOf(value.build, dir);
    const entrypoint = composeForm(value.entrypoint);
    const command = composeForm(value.command);
    const replicas = replicasOf(isRecord(value.deploy) ? value.deploy.replicas : undefined) ?? replicasOf(value.replicas) ?? replicasOf(value.scale);
    services.push({
      name,
      ...(build ? { build } : {}),
      ...(entrypoint ? { entrypoint } : {}),
      ...(command ? { command } : {}),
      ...(replicas === undefined ? {} : { replicas }),
      ...(typeof value.working_dir === 'string' ? { workdir: path.posix.resolve('/', value.working_dir) } : {}),
    });
  }
  return { services, problems: [] };
}

function buildOf(value: unknown, dir: string): ComposeService['build'] {
  if (typeof value === 'string') return { context: path.resolve(dir, value), dockerfile: path.resolve(dir, value, 'Dockerfile') };
  if (!isRecord(value)) return undefined;
  const context = path.resolve(dir, typeof value.context === 'string' ? value.context : '.');
  return { context, dockerfile: path.resolve(context, typeof value.dockerfile === 'string' ? value.dockerfile : 'Dockerfile') };
}

function composeForm(value: unknown): DockerForm | undefined {
  if (typeof value === 'string' && value.trim() !== '') return { shell: value };
  if (Array.isArray(value) && value.length > 0) return { exec: value.map(String) };
  return undefined;
}

/** `3`, `'3'`, or `${BOT_REPLICAS:-3}` (its default, as compose interpolates an unset variable). */
function replicasOf(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const withDefault = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}$/.exec(value.trim());
  const text = withDefault ? (withDefault[1] as string) : value.trim();
  return /^\d+$/.test(text) ? Number(text) : value;
}

/** An override file's settings laid over the base file's: mappings merge, everything else is replaced. */
function mergeRecords(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = result[key];
    result[key] = isRecord(existing) && isRecord(value) ? mergeRecords(existing, value) : value;
  }
  return result;
}

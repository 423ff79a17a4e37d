/**
 * What one command line starts: the project file each process runs, read from the command
 * (never run). `npm start`, `yarn worker` and `pm2 start ecosystem.config.js` are handed back
 * for the finder to follow.
 */
import path from 'node:path';

import { resolveTarget } from '../../core/resolve.js';
import { BUN_VALUE, CONCURRENTLY_VALUE, INLINE, NO_RUN, NODE_VALUE, NODEMON_VALUE, PM2_VALUE, RELOAD_OPTIONS, RELOADING_RUNNERS, TS_NODE_DEV_VALUE, TS_NODE_VALUE, TS_RUNNERS, TSX_VALUE, WRAPPERS } from './command-table.js';
import type { NodemonConfig } from './nodemon.js';
import { isEcosystemName, parseInstances } from './pm2.js';
import { dropFlags, positionals, quoteForShell, splitCommandLine, valueOf, withoutVersion, type ShellWord } from './shell-words.js';
import type { Cluster, HotReload } from './types.js';

/** One process a command starts: the file it runs and files preloaded into it (`node -r ./x`). */
export interface Launch {
  readonly kind: 'launch';
  readonly script: string; // absolute, as written (maybe compiled output)
  readonly preloads: readonly string[];
  readonly cluster?: Cluster;
  readonly command: string;
  readonly hotReload?: HotReload;
}
export type Outcome =
  | Launch
  | { readonly kind: 'problem'; readonly message: string }
  | { readonly kind: 'npm-script'; readonly name: string; readonly hotReload?: HotReload } // `npm start`, `yarn worker`, `concurrently "npm:x"`
  | { readonly kind: 'ecosystem'; readonly file: string }; // `pm2 start ecosystem.config.js`

export interface CommandContext {
  readonly root: string;
  readonly scripts: ReadonlyMap<string, string>;
  readonly main: string | undefined;
  /** nodemon's settings from nodemon.json (or package.json `nodemonConfig`), used when its command line leaves them out. */
  readonly nodemon?: NodemonConfig;
}

/** Everything a command line starts; `cd dir` changes where later commands look for files. */
export function interpretLine(line: string, cwd: string, context: CommandContext, depth = 0): Outcome[] {
  const outcomes: Outcome[] = [];
  let here = cwd;
  for (const words of splitCommandLine(line)) {
    if (words[0]?.text === 'cd' && words[1] && !words[1].dynamic) {
      here = path.resolve(here, words[1].text);
      continue;
    }
    outcomes.push(...interpretCommand(words, here, context, depth));
  }
  return outcomes;
}


export function interpretCommand(words: readonly ShellWord[], cwd: string, context: CommandContext, depth: number): Outcome[] {
  if (depth > 4) return [];
  let at = 0;
  while (at < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test((words[at] as ShellWord).text)) at++; // `NODE_ENV=production node x`
  const head = words[at];
  if (!head) return [];
  const rest = words.slice(at + 1);
  const name = path.basename(head.text).replace(/\.(?:cmd|exe)$/i, '');
  const command = words.map((word) => word.text).join(' ');
  const again = (next: readonly ShellWord[]) => interpretCommand(next, cwd, context, depth + 1);

  const wrapper = WRAPPERS[name];
  if (wrapper) return rerun(dropFlags(rest, wrapper), cwd, context, depth);
  switch (name) {
    case 'sh':
    case 'bash': {
      const line = valueOf(rest, ['-c']); // `sh -c 'npm run migrate && node server.js'`
      return line === undefined ? [] : interpretLine(line, cwd, context, depth + 1);
    }
    case 'npx':
    case 'bunx':
    case 'pnpx': {
      const call = valueOf(rest, ['-c', '--call']); // `npx -c 'tsx src/x.ts'`
      if (call !== undefined) return interpretLine(call, cwd, context, depth + 1);
      return again(withoutVersion(dropFlags(rest, ['-p', '--package'])));
    }
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return packageManager(name, dropFlags(rest, ['--prefix', '-C', '--dir', '--cwd', '--filter', '-F', '-w', '--workspace']), cwd, context, depth);
    case 'node':
    case 'nodejs':
      return runner(name, rest, NODE_VALUE, command, cwd);
    case 'ts-node-dev':
    case 'tsnd':
      return reloading(runner(name, rest, TS_NODE_DEV_VALUE, command, cwd), { runner: 'ts-node-dev', mode: RELOADING_RUNNERS[name] ?? 'restart' });
    case 'bun':
      return bun(rest, command, cwd, context);
    case 'nodemon':
      return reloading(nodemon(rest, command, cwd, context, depth), { runner: 'nodemon', mode: 'restart' });
    case 'concurrently':
      return positionals(rest, CONCURRENTLY_VALUE).flatMap((part) => {
        const shortcut = /^(?:npm|yarn|pnpm|bun):(.+)$/.exec(part.text);
        if (shortcut) return [{ kind: 'npm-script', name: shortcut[1] as string } as const];
        return interpretLine(part.text, cwd, context, depth + 1);
      });
    case 'pm2':
    case 'pm2-runtime':
    case 'pm2-dev':
    case 'pm2-docker':
      return pm2(name, rest, command, cwd, context, depth);
    default:
      if ((name === 'tsx' || name === 'esno') && rest[0]?.text === 'watch') {
        return reloading(runner(name, rest.slice(1), TSX_VALUE, command, cwd), { runner: `${name} watch`, mode: 'restart' });
      }
      if (TS_RUNNERS.has(name)) return runner(name, rest, name === 'tsx' || name === 'esno' ? TSX_VALUE : TS_NODE_VALUE, command, cwd);
      return []; // tsc, eslint, rm, docker…: starts no project file
  }
}

/** A wrapper's remaining words: either a command, or one quoted command line (`cross-env-shell "…"`). */
function rerun(words: readonly ShellWord[], cwd: string, context: CommandContext, depth: number): Outcome[] {
  const start = words[0]?.text === '--' ? 1 : 0;
  const rest = words.slice(start);
  if (rest.length === 1 && /\s/.test((rest[0] as ShellWord).text)) return interpretLine((rest[0] as ShellWord).text, cwd, context, depth + 1);
  return interpretCommand(rest, cwd, context, depth + 1);
}

/** Launches (and scripts run by name) marked as reloaded by `reload`, unless an inner runner already says how. */
function reloading(outcomes: readonly Outcome[], reload: HotReload | undefined): Outcome[] {
  if (!reload) return [...outcomes];
  return outcomes.map((outcome) => (outcome.kind === 'launch' || outcome.kind === 'npm-script' ? { ...outcome, hotReload: outcome.hotReload ?? reload } : outcome));
}

/** `node [options] file [args]`, and the TypeScript runners that take node's shape. */
function runner(program: string, words: readonly ShellWord[], valued: readonly string[], command: string, cwd: string): Outcome[] {
  const preloads: string[] = [];
  let reload: HotReload | undefined;
  for (let at = 0; at < words.length; at++) {
    const word = words[at] as ShellWord;
    const text = word.text;
    if (text === '--run') return words[at + 1] ? [{ kind: 'npm-script', name: (words[at + 1] as ShellWord).text }] : [];
    const isOption = text.startsWith('-') && text !== '-' && text !== '--';
    if (!isOption) {
      const script = text === '--' ? words[at + 1] : word;
      if (!script) return [];
      if (script.dynamic) return [{ kind: 'problem', message: `cannot tell which file '${command}' runs: it depends on the shell` }];
      return [{ kind: 'launch', script: path.resolve(cwd, script.text), preloads, command, ...(reload ? { hotReload: reload } : {}) }];
    }
    const option = text.split('=')[0] as string;
    const mode = RELOAD_OPTIONS[program]?.[option];
    if (mode) reload = { runner: `${program} ${option}`, mode };
    if (INLINE.includes(option)) return [{ kind: 'problem', message: `'${command}' runs inline code, which the check does not follow` }];
    if (NO_RUN.includes(option) && !valued.includes(option)) return [];
    if (!valued.includes(option)) continue;
    const value = text.includes('=') ? text.slice(option.length + 1) : words[++at]?.text;
    // A preloaded project file (`-r ./tracing.js`) runs in the same process; packages do not concern us.
    if ((option === '-r' || option === '--require' || option === '--import' || option === '--preload') && value && /^\.{0,2}\//.test(value)) {
      preloads.push(path.resolve(cwd, value));
    }
  }
  return []; // a bare `node`: a REPL
}

function bun(words: readonly ShellWord[], command: string, cwd: string, context: CommandContext): Outcome[] {
  let rest = words;
  const first = positionals(rest, BUN_VALUE)[0];
  if (first?.text === 'run') rest = rest.filter((word) => word !== first);
  else if (first && ['install', 'i', 'add', 'remove', 'test', 'build', 'x', 'pm', 'create', 'init', 'link', 'upgrade', 'update', 'outdated', 'publish', 'patch'].includes(first.text)) return [];
  const target = positionals(rest, BUN_VALUE)[0];
  // `bun dev` / `bun run dev` run a package.json script when no such file exists.
  if (target && !target.dynamic && context.scripts.has(target.text) && !resolveTarget(path.resolve(cwd, target.text))) {
    return reloading([{ kind: 'npm-script', name: target.text }], reloadOf('bun', rest));
  }
  return runner('bun', rest, BUN_VALUE, command, cwd);
}

/** `nodemon [options] [file]`, with `--exec 'ts-node'` naming the runner; no file means package.json main. */
function nodemon(words: readonly ShellWord[], command: string, cwd: string, context: CommandContext, depth: number): Outcome[] {
  const exec = valueOf(words, ['-x', '--exec']) ?? context.nodemon?.exec;
  const withoutExec: ShellWord[] = [];
  for (let at = 0; at < words.length; at++) {
    const text = (words[at] as ShellWord).text;
    if (text === '-x' || text === '--exec') at++;
    else if (!text.startsWith('--exec=')) withoutExec.push(words[at] as ShellWord);
  }
  const [written] = positionals(withoutExec, NODEMON_VALUE);
  const script = written ?? (context.nodemon?.script === undefined ? undefined : { text: context.nodemon.script, dynamic: false });
  // `--exec 'ts-node src/x.ts'` runs as written; with a file, the file is appended.
  if (exec !== undefined) return interpretLine(script ? `${exec} ${quoteForShell(script.text)}` : exec, cwd, context, depth + 1);
  if (script?.dynamic) return [{ kind: 'problem', message: `cannot tell which file '${command}' runs: it depends on the shell` }];
  // Without a file nodemon runs package.json main, else the start script.
  const target = script?.text ?? context.main;
  if (target !== undefined) return [{ kind: 'launch', script: path.resolve(cwd, target), preloads: [], command }];
  if (context.scripts.has('start')) return [{ kind: 'npm-script', name: 'start' }];
  return [{ kind: 'problem', message: `'${command}' names no file, and package.json has neither main nor a start script` }];
}

/** How the options among `words` make `program` reload on change, if they do. */
function reloadOf(program: string, words: readonly ShellWord[]): HotReload | undefined {
  for (const word of words) {
    const option = word.text.split('=')[0] as string;
    const mode = RELOAD_OPTIONS[program]?.[option];
    if (mode) return { runner: `${program} ${option}`, mode };
  }
  return undefined;
}

function packageManager(name: string, words: readonly ShellWord[], cwd: string, context: CommandContext, depth: number): Outcome[] {
  const [sub, ...rest] = words;
  if (!sub) return [];
  if (sub.text === 'start') return [{ kind: 'npm-script', name: 'start' }];
  if (sub.text === 'run' || sub.text === 'run-script') return rest[0] ? [{ kind: 'npm-script', name: (rest[0] as ShellWord).text }] : [];
  if (['exec', 'x', 'dlx'].includes(sub.text)) return interpretCommand(withoutVersion(dropFlags(rest, ['-p', '--package', '-c', '--call'])), cwd, context, depth + 1);
  if (name === 'npm') return [];
  // `yarn worker`, `pnpm dev`: a script when one has that name, else a binary (`yarn tsx x`).
  if (context.scripts.has(sub.text)) return [{ kind: 'npm-script', name: sub.text }];
  return interpretCommand(words, cwd, context, depth + 1);
}

function pm2(name: string, words: readonly ShellWord[], command: string, cwd: string, context: CommandContext, depth: number): Outcome[] {
  const separator = words.findIndex((word) => word.text === '--');
  const options = separator === -1 ? words : words.slice(0, separator);
  const appArgs = separator === -1 ? [] : words.slice(separator + 1);
  const [first, ...others] = positionals(options, PM2_VALUE);
  const target = first && ['start', 'restart', 'reload'].includes(first.text) ? others[0] : name === 'pm2' ? undefined : first;
  if (!target) return [];
  if (target.dynamic) return [{ kind: 'problem', message: `cannot tell which file '${command}' runs: it depends on the shell` }];
  if (isEcosystemName(target.text)) return [{ kind: 'ecosystem', file: path.resolve(cwd, target.text) }];
  const instances = valueOf(options, ['-i', '--instances']);
  // PM2 starts an app in cluster mode when told how many instances to run.
  const cluster: Cluster | undefined = instances === undefined ? undefined : { instances: parseInstances(instances), execMode: 'cluster' };
  const reload: HotReload | undefined = name === 'pm2-dev' ? { runner: 'pm2-dev', mode: 'restart' } : reloadOf('pm2', options);
  // `pm2 start npm -- start`: the binary and its arguments form a command of their own.
  if (!/[/.]/.test(target.text)) {
    const inner = reloading(interpretCommand([target, ...appArgs], cwd, context, depth + 1), reload);
    return inner.map((outcome) => (outcome.kind === 'launch' && cluster ? { ...outcome, cluster } : outcome));
  }
  return [{ kind: 'launch', script: path.resolve(cwd, target.text), preloads: [], command, ...(cluster ? { cluster } : {}), ...(reload ? { hotReload: reload } : {}) }];
}

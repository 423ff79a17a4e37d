/**
 * The project's declared entry points and the OS process each runs as: package.json `main`,
 * `bin` and `scripts`, PM2 ecosystem files and a Procfile. Commands are read, never run; a
 * compiled path (`dist/index.js`) is mapped back to the source file it was built from, since
 * the check reads sources and skips build output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';
import { parseTsconfig } from 'get-tsconfig';

import { parseFile } from '../core/parse.js';
import { fileExists, resolveTarget } from '../core/resolve.js';

export interface EntryPoint {
  /** Absolute path of the source file (a compiled path is mapped back to its source). */
  readonly file: string;
  /** For people: 'package.json main', 'script "worker"', 'pm2 app "api"', 'Procfile web', 'bin "x"'. */
  readonly via: string;
  /** The OS process it runs as: entries with the same id run in one process. */
  readonly process: string;
  /** PM2 settings, when the process is a PM2 app (or `pm2 start -i`). */
  readonly cluster?: { readonly instances: number | 'max' | string; readonly execMode?: string };
}

export interface EntryProblem {
  /** The manifest that names the command: package.json, an ecosystem file, the Procfile. */
  readonly file: string;
  readonly message: string;
}

type Cluster = NonNullable<EntryPoint['cluster']>;

/** Names PM2 looks for, plus the ones projects commonly pass to `pm2 start`. */
const ECOSYSTEM_FILES = ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.config.json', 'ecosystem.json', 'pm2.config.js', 'pm2.config.cjs', 'pm2.json', 'process.json'];
/** Folders that hold compiled output, never sources. */
const BUILD_DIRS = new Set(['dist', 'build', 'out', '.next']);

export function findEntryPoints(root: string): { entries: EntryPoint[]; problems: EntryProblem[] } {
  const finder = new EntryFinder(path.resolve(root));
  finder.run();
  return { entries: finder.entries, problems: finder.problems };
}

// ---------------------------------------------------------------------------------------------
// Commands: what one command line starts.

/** One process a command starts: the file it runs and files preloaded into it (`node -r ./x`). */
interface Launch {
  readonly kind: 'launch';
  readonly script: string; // absolute, as written (maybe compiled output)
  readonly preloads: readonly string[];
  readonly cluster?: Cluster;
  readonly command: string;
}
type Outcome =
  | Launch
  | { readonly kind: 'problem'; readonly message: string }
  | { readonly kind: 'npm-script'; readonly name: string } // `npm start`, `yarn worker`, `concurrently "npm:x"`
  | { readonly kind: 'ecosystem'; readonly file: string }; // `pm2 start ecosystem.config.js`

interface CommandContext {
  readonly root: string;
  readonly scripts: ReadonlyMap<string, string>;
  readonly main: string | undefined;
}

interface ShellWord {
  readonly text: string;
  /** Holds `$VAR`, `$(…)` or backticks: its value is only known when the shell runs. */
  readonly dynamic: boolean;
}

/**
 * Split a command line into simple commands (at `&&`, `||`, `;`, `|`, `&`, newlines and
 * parentheses), each a list of words with quotes removed; redirections are dropped.
 */
function splitCommandLine(line: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let text = '';
  let dynamic = false;
  let inWord = false;
  let dropNext = false; // the next word is a redirection target
  const endWord = () => {
    if (inWord && !dropNext) words.push({ text, dynamic });
    else if (inWord) dropNext = false;
    text = '';
    dynamic = false;
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
    dropNext = false;
  };
  for (let at = 0; at < line.length; at++) {
    const char = line[at] as string;
    if (char === '\\') {
      if (line[at + 1] !== '\n') text += line[at + 1] ?? '';
      at++;
      inWord = true;
    } else if (char === "'") {
      const end = line.indexOf("'", at + 1);
      const stop = end === -1 ? line.length : end;
      text += line.slice(at + 1, stop);
      at = stop;
      inWord = true;
    } else if (char === '"') {
      at++;
      while (at < line.length && line[at] !== '"') {
        if (line[at] === '\\' && '"\\$`'.includes(line[at + 1] ?? '')) at++;
        else if (line[at] === '$' || line[at] === '`') dynamic = true;
        text += line[at];
        at++;
      }
      inWord = true;
    } else if (char === '$' || char === '`') {
      // `$VAR`, `${VAR}`, `$(cmd)`, `` `cmd` ``: keep the text, remember it is not literal.
      dynamic = true;
      inWord = true;
      const close = char === '`' ? '`' : line[at + 1] === '(' ? ')' : undefined;
      if (close) {
        const end = line.indexOf(close, at + (char === '`' ? 1 : 2));
        const stop = end === -1 ? line.length - 1 : end;
        text += line.slice(at, stop + 1);
        at = stop;
      } else {
        text += char;
      }
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (char === '>' || char === '<') {
      if (/^\d+$/.test(text)) {
        text = '';
        inWord = false; // `2>`: a file descriptor, not a word
      }
      endWord();
      while (line[at + 1] === '>' || line[at + 1] === '&') at++;
      dropNext = true;
    } else if (char === '&' || char === '|' || char === ';' || char === '\n' || char === '(' || char === ')') {
      if (char === '&' && line[at + 1] === '>') {
        endWord();
        at++;
        dropNext = true;
        continue;
      }
      endCommand();
      if ((char === '&' || char === '|') && line[at + 1] === char) at++;
    } else {
      text += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** Everything a command line starts; `cd dir` changes where later commands look for files. */
function interpretLine(line: string, cwd: string, context: CommandContext, depth = 0): Outcome[] {
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

// Runner options that take the next word as their value (`--require x`); with `=` they do not.
const NODE_VALUE = ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--env-file-if-exists', '-C', '--conditions', '--title', '--input-type', '--watch-path', '--inspect-port', '--redirect-warnings', '--disable-warning', '--diagnostic-dir', '--report-dir', '--cpu-prof-dir', '--heap-prof-dir', '--icu-data-dir', '--openssl-config', '--experimental-config-file'];
const TSX_VALUE = [...NODE_VALUE, '--tsconfig', '--ignore', '--include', '--exclude'];
const TS_NODE_VALUE = [...NODE_VALUE, '-P', '--project', '-O', '--compiler-options', '--compiler', '-I', '--ignore', '--cwd', '--dir', '--scope-dir', '--ignore-diagnostics', '-D'];
const TS_NODE_DEV_VALUE = [...TS_NODE_VALUE, '--watch', '--ignore-watch', '--interval', '--debounce', '--cache-directory', '--deps-level'];
const NODEMON_VALUE = ['-w', '--watch', '-e', '--ext', '-i', '--ignore', '-d', '--delay', '--signal', '--config', '-P', '--polling-interval', '--cwd', '--exitcrash'];
const BUN_VALUE = ['--env-file', '--cwd', '-r', '--preload', '--tsconfig-override', '-d', '--define', '-l', '--loader', '--conditions', '--main-fields', '--extension-order', '--jsx-factory', '--jsx-fragment', '--jsx-import-source', '--port', '--config', '-c'];
const PM2_VALUE = ['-n', '--name', '-i', '--instances', '--interpreter', '--interpreter-args', '--node-args', '--env', '--max-memory-restart', '-l', '--log', '-o', '--output', '-e', '--error', '--log-date-format', '--cron', '--cron-restart', '--cwd', '--only', '--namespace', '--watch-delay', '--ignore-watch', '--restart-delay', '--kill-timeout', '--listen-timeout', '--max-restarts', '-x', '--uid', '--gid', '--exp-backoff-restart-delay'];
const CONCURRENTLY_VALUE = ['-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-l', '--prefix-length', '-t', '--timestamp-format', '-s', '--success', '--restart-tries', '--restart-after', '-m', '--max-processes', '--default-input-target', '--hide', '--kill-signal', '--name-separator', '--pad-prefix'];
const INLINE = ['-e', '--eval', '-p', '--print'];
const NO_RUN = ['-v', '--version', '-h', '--help', '-c', '--check', '--test', '-i', '--interactive', '--completions'];
/** Programs whose command line `interpretCommand` understands. */
const COMMANDS = new Set(['node', 'nodejs', 'npm', 'yarn', 'pnpm', 'npx', 'bun', 'bunx', 'tsx', 'esno', 'ts-node', 'ts-node-dev', 'tsnd', 'nodemon', 'concurrently', 'cross-env']);
const TS_RUNNERS = new Set(['tsx', 'esno', 'ts-node', 'ts-node-esm', 'ts-node-script', 'ts-node-cwd', 'ts-node-transpile-only', 'babel-node', 'vite-node', 'esrun', 'jiti', 'sucrase-node', 'swc-node']);

function interpretCommand(words: readonly ShellWord[], cwd: string, context: CommandContext, depth: number): Outcome[] {
  if (depth > 4) return [];
  let at = 0;
  while (at < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test((words[at] as ShellWord).text)) at++; // `NODE_ENV=production node x`
  const head = words[at];
  if (!head) return [];
  const rest = words.slice(at + 1);
  const name = path.basename(head.text).replace(/\.(?:cmd|exe)$/i, '');
  const command = words.map((word) => word.text).join(' ');
  const again = (next: readonly ShellWord[]) => interpretCommand(next, cwd, context, depth + 1);

  switch (name) {
    case 'cross-env':
    case 'cross-env-shell':
    case 'env':
    case 'nohup':
    case 'time':
    case 'exec':
    case 'nice':
      // Wrappers that run the rest of the line, after their own `A=1` assignments and flags.
      return rerun(dropFlags(rest, ['-u', '--unset', '-n']), cwd, context, depth);
    case 'dotenv':
      return rerun(dropFlags(rest, ['-e', '-v', '-c', '--debug']), cwd, context, depth);
    case 'env-cmd':
      return rerun(dropFlags(rest, ['-f', '--file', '-e', '--environments', '-r', '--rc-file']), cwd, context, depth);
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
      return runner(rest, NODE_VALUE, command, cwd);
    case 'ts-node-dev':
    case 'tsnd':
      return runner(rest, TS_NODE_DEV_VALUE, command, cwd);
    case 'bun':
      return bun(rest, command, cwd, context);
    case 'nodemon':
      return nodemon(rest, command, cwd, context, depth);
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
      if (name === 'tsx' && rest[0]?.text === 'watch') return runner(rest.slice(1), TSX_VALUE, command, cwd);
      if (TS_RUNNERS.has(name)) return runner(rest, name === 'tsx' || name === 'esno' ? TSX_VALUE : TS_NODE_VALUE, command, cwd);
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

/** Leading options (with the values of those in `valued`) removed; stops at `--` or the first other word. */
function dropFlags(words: readonly ShellWord[], valued: readonly string[]): ShellWord[] {
  let at = 0;
  while (at < words.length) {
    const text = (words[at] as ShellWord).text;
    if (text === '--') return words.slice(at + 1);
    if (!text.startsWith('-') || text === '-') break;
    at += valued.includes(text) ? 2 : 1;
  }
  return words.slice(at);
}

function valueOf(words: readonly ShellWord[], names: readonly string[]): string | undefined {
  for (let at = 0; at < words.length; at++) {
    const text = (words[at] as ShellWord).text;
    if (names.includes(text)) return words[at + 1]?.text;
    const equals = names.find((option) => text.startsWith(`${option}=`));
    if (equals) return text.slice(equals.length + 1);
  }
  return undefined;
}

/** `npx tsx@4 x` runs `tsx x`. */
function withoutVersion(words: readonly ShellWord[]): ShellWord[] {
  const [first, ...rest] = words;
  if (!first) return [];
  return [{ ...first, text: first.text.replace(/(.)@[^/]*$/, '$1') }, ...rest];
}

/** The words that are not options (nor option values). */
function positionals(words: readonly ShellWord[], valued: readonly string[]): ShellWord[] {
  const found: ShellWord[] = [];
  for (let at = 0; at < words.length; at++) {
    const text = (words[at] as ShellWord).text;
    if (text.startsWith('-') && text !== '-') {
      if (valued.includes(text)) at++;
    } else {
      found.push(words[at] as ShellWord);
    }
  }
  return found;
}

/** `node [options] file [args]`, and the TypeScript runners that take node's shape. */
function runner(words: readonly ShellWord[], valued: readonly string[], command: string, cwd: string): Outcome[] {
  const preloads: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at] as ShellWord;
    const text = word.text;
    if (text === '--run') return words[at + 1] ? [{ kind: 'npm-script', name: (words[at + 1] as ShellWord).text }] : [];
    const isOption = text.startsWith('-') && text !== '-' && text !== '--';
    if (!isOption) {
      const script = text === '--' ? words[at + 1] : word;
      if (!script) return [];
      if (script.dynamic) return [{ kind: 'problem', message: `cannot tell which file '${command}' runs: it depends on the shell` }];
      return [{ kind: 'launch', script: path.resolve(cwd, script.text), preloads, command }];
    }
    const option = text.split('=')[0] as string;
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
    return [{ kind: 'npm-script', name: target.text }];
  }
  return runner(rest, BUN_VALUE, command, cwd);
}

/** `nodemon [options] [file]`, with `--exec 'ts-node'` naming the runner; no file means package.json main. */
function nodemon(words: readonly ShellWord[], command: string, cwd: string, context: CommandContext, depth: number): Outcome[] {
  const exec = valueOf(words, ['-x', '--exec']);
  const withoutExec: ShellWord[] = [];
  for (let at = 0; at < words.length; at++) {
    const text = (words[at] as ShellWord).text;
    if (text === '-x' || text === '--exec') at++;
    else if (!text.startsWith('--exec=')) withoutExec.push(words[at] as ShellWord);
  }
  const [script] = positionals(withoutExec, NODEMON_VALUE);
  // `--exec 'ts-node src/x.ts'` runs as written; with a file, the file is appended.
  if (exec !== undefined) return interpretLine(script ? `${exec} ${quoteForShell(script.text)}` : exec, cwd, context, depth + 1);
  if (script?.dynamic) return [{ kind: 'problem', message: `cannot tell which file '${command}' runs: it depends on the shell` }];
  // Without a file nodemon runs package.json main, else the start script.
  const target = script?.text ?? context.main;
  if (target !== undefined) return [{ kind: 'launch', script: path.resolve(cwd, target), preloads: [], command }];
  if (context.scripts.has('start')) return [{ kind: 'npm-script', name: 'start' }];
  return [{ kind: 'problem', message: `'${command}' names no file, and package.json has neither main nor a start script` }];
}

function quoteForShell(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
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
  // `pm2 start npm -- start`: the binary and its arguments form a command of their own.
  if (!/[/.]/.test(target.text)) {
    const inner = interpretCommand([target, ...appArgs], cwd, context, depth + 1);
    return inner.map((outcome) => (outcome.kind === 'launch' && cluster ? { ...outcome, cluster } : outcome));
  }
  return [{ kind: 'launch', script: path.resolve(cwd, target.text), preloads: [], command, ...(cluster ? { cluster } : {}) }];
}

function isEcosystemName(file: string): boolean {
  const base = path.basename(file);
  return ECOSYSTEM_FILES.includes(base) || /(?:^|[.-])(?:ecosystem|pm2|process)(?:[.-].*)?\.(?:[cm]?js|json)$/.test(base) || /\.config\.[cm]?js$/.test(base);
}

function parseInstances(value: string | number): number | string {
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

// ---------------------------------------------------------------------------------------------
// From compiled output back to sources.

interface BuildLayout {
  readonly outDir: string;
  /** Where the sources of outDir live, best guess first. */
  readonly rootDirs: readonly string[];
}

/** The outDir → rootDir pairs of the root's tsconfig*.json / jsconfig.json (with `extends`). */
function buildLayouts(root: string): BuildLayout[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => /^[tj]sconfig(?:\..+)?\.json$/.test(name)).sort();
  } catch {
    return [];
  }
  const layouts: BuildLayout[] = [];
  for (const name of names) {
    const file = path.join(root, name);
    let config;
    try {
      config = parseTsconfig(file);
    } catch {
      continue; // an unreadable tsconfig only costs the mapping
    }
    const dir = path.dirname(file);
    const options = config.compilerOptions ?? {};
    if (!options.outDir) continue;
    const candidates: string[] = [];
    if (options.rootDir) candidates.push(path.resolve(dir, options.rootDir));
    // Without rootDir, TypeScript uses the common folder of the inputs: guess it from `include`.
    const prefixes = (config.include ?? []).map((pattern) => staticPrefix(path.resolve(dir, pattern)));
    if (prefixes.length > 0) candidates.push(commonFolder(prefixes));
    candidates.push(dir, path.join(dir, 'src'));
    layouts.push({ outDir: path.resolve(dir, options.outDir), rootDirs: [...new Set(candidates)] });
  }
  return layouts;
}

/** `/p/src/**\/*.ts` → `/p/src`; `/p/src` → `/p/src`. */
function staticPrefix(pattern: string): string {
  const parts = pattern.split(path.sep);
  const glob = parts.findIndex((part) => /[*?{[]/.test(part));
  if (glob !== -1) return parts.slice(0, glob).join(path.sep) || path.sep;
  return path.extname(pattern) ? path.dirname(pattern) : pattern;
}

function commonFolder(folders: readonly string[]): string {
  let common = folders[0] as string;
  for (const folder of folders.slice(1)) {
    while (!isInside(common, folder)) common = path.dirname(common);
  }
  return common;
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * The folder a PM2 app runs in. An absolute cwd outside this checkout is the deploy folder on
 * the server (`cwd: '/var/www/app'`, or `/var/www/app/bot`): the checkout is deployed there, so
 * the longest tail of that path that is a folder here holding the script is taken (else the
 * ecosystem file's own folder).
 */
function appFolder(cwd: string | undefined, script: string | undefined, base: string, root: string): string {
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

/** `node .` runs the folder's package.json main, as Node does for a folder with a manifest. */
function packageMain(folder: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    return isRecord(manifest) && typeof manifest.main === 'string' && manifest.main !== '' ? path.resolve(folder, manifest.main) : undefined;
  } catch {
    return undefined; // not a folder, no manifest, or no main
  }
}

function inBuildOutput(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative.split(path.sep).slice(0, -1).some((part) => BUILD_DIRS.has(part));
}

/** The source file behind a path a command runs, or why there is none. */
function sourceFor(requested: string, root: string, layouts: readonly BuildLayout[]): { file: string } | { why: string } {
  const target = packageMain(requested) ?? requested;
  for (const layout of layouts) {
    if (!isInside(layout.outDir, target)) continue;
    const relative = path.relative(layout.outDir, target);
    for (const rootDir of layout.rootDirs) {
      const file = resolveTarget(path.join(rootDir, relative));
      if (file && !isInside(layout.outDir, file)) return { file };
    }
  }
  const direct = resolveTarget(target);
  if (direct && !inBuildOutput(root, direct)) return { file: direct };
  // No tsconfig says where the build came from: `dist/x.js` was most likely `src/x.ts` or `x.ts`.
  const relative = path.relative(root, target).split(path.sep);
  const build = relative.findIndex((part) => BUILD_DIRS.has(part));
  if (build !== -1 && !relative[0]?.startsWith('..')) {
    for (const replacement of [['src'], []]) {
      const parts = [...relative.slice(0, build), ...replacement, ...relative.slice(build + 1)];
      const file = resolveTarget(path.join(root, ...parts));
      if (file && !inBuildOutput(root, file)) return { file };
    }
  }
  const shown = path.relative(root, target).split(path.sep).join('/');
  if (direct) return { why: `${shown} is build output and no source file for it was found` };
  return { why: `${shown} does not exist` };
}

// ---------------------------------------------------------------------------------------------
// PM2 ecosystem files, read as data.

interface AppSpec {
  readonly name: string | undefined;
  readonly script: string | undefined;
  readonly args: string | undefined;
  readonly cwd: string | undefined;
  readonly interpreter: string | undefined;
  readonly instances: number | string | undefined;
  readonly execMode: string | undefined;
}

type Expression = TSESTree.Node;

/** The apps an ecosystem file declares, read from its object literal without running it. */
function readEcosystem(file: string, text: string): { apps: AppSpec[]; problems: string[] } {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Reads literals, top-level constants and `path.join(__dirname, …)` from a module's AST. */
class StaticReader {
  private readonly constants = new Map<string, Expression>();

  constructor(
    private readonly program: TSESTree.Program,
    private readonly dir: string,
  ) {
    for (const statement of program.body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type !== 'VariableDeclaration') continue;
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.init) this.constants.set(declarator.id.name, declarator.init);
      }
    }
  }

  /** `module.exports = X`, `export default X`, `module.exports.apps = [...]`, `export const apps = [...]`. */
  exported(): Expression | undefined {
    for (const statement of this.program.body) {
      if (statement.type === 'ExportDefaultDeclaration') return this.deref(statement.declaration as Expression);
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
      const target = memberPath(statement.expression.left);
      if (target === 'module.exports') return this.deref(statement.expression.right);
      if (target === 'module.exports.apps' || target === 'exports.apps') return this.deref(statement.expression.right);
    }
    return this.constants.has('apps') && this.program.body.some((statement) => statement.type === 'ExportNamedDeclaration') ? this.deref(this.constants.get('apps') as Expression) : undefined;
  }

  /** Follows identifiers to the constants they name (a few steps, so cycles end). */
  deref(node: Expression | undefined): Expression | undefined {
    let current = node;
    for (let step = 0; step < 5 && current; step++) {
      if (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression') current = current.expression;
      else if (current.type === 'Identifier' && this.constants.has(current.name)) current = this.constants.get(current.name);
      else break;
    }
    return current;
  }

  /** A property of an object literal; later ones and spreads win the way they do at run time. */
  property(node: Expression, key: string): Expression | undefined {
    const object = this.deref(node);
    if (object?.type !== 'ObjectExpression') return undefined;
    let found: Expression | undefined;
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        const spread = this.property(property.argument, key);
        if (spread) found = spread;
      } else if (!property.computed && propertyName(property.key) === key) {
        found = property.value as Expression;
      }
    }
    return found;
  }

  /** The items of an array literal (spreads of constant arrays included); undefined when computed. */
  elements(node: Expression): Expression[] | undefined {
    const array = this.deref(node);
    if (array?.type !== 'ArrayExpression') return undefined;
    const items: Expression[] = [];
    for (const element of array.elements) {
      if (!element) continue;
      if (element.type === 'SpreadElement') {
        const spread = this.elements(element.argument);
        if (!spread) return undefined;
        items.push(...spread);
      } else {
        items.push(element);
      }
    }
    return items;
  }

  /** A literal value; `process.env.X || 'max'` gives its fallback; paths built from `__dirname` are resolved. */
  value(node: Expression | undefined): string | number | undefined {
    const current = this.deref(node);
    if (!current) return undefined;
    switch (current.type) {
      case 'Literal':
        return typeof current.value === 'string' || typeof current.value === 'number' ? current.value : undefined;
      case 'TemplateLiteral': {
        let text = current.quasis[0]?.value.cooked ?? '';
        for (let index = 0; index < current.expressions.length; index++) {
          const part = this.value(current.expressions[index]);
          if (part === undefined) return undefined;
          text += String(part) + (current.quasis[index + 1]?.value.cooked ?? '');
        }
        return text;
      }
      case 'UnaryExpression': {
        const argument = this.value(current.argument);
        return current.operator === '-' && typeof argument === 'number' ? -argument : undefined;
      }
      case 'LogicalExpression':
        return current.operator === '&&' ? undefined : this.value(current.right);
      case 'Identifier':
        return current.name === '__dirname' ? this.dir : undefined;
      case 'MemberExpression':
        return memberPath(current) === 'import.meta.dirname' ? this.dir : undefined;
      case 'CallExpression': {
        const callee = memberPath(current.callee);
        if (callee !== 'path.join' && callee !== 'path.resolve' && callee !== 'join' && callee !== 'resolve') return undefined;
        const parts = current.arguments.map((argument) => this.value(argument as Expression));
        if (parts.some((part) => part === undefined)) return undefined;
        return (callee.endsWith('resolve') ? path.resolve : path.join)(...parts.map(String));
      }
      default:
        return undefined;
    }
  }
}

function propertyName(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** `module.exports.apps` for a chain of plain member accesses, else undefined. */
function memberPath(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MetaProperty') return `${node.meta.name}.${node.property.name}`;
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return undefined;
  const object = memberPath(node.object);
  return object === undefined ? undefined : `${object}.${node.property.name}`;
}

// ---------------------------------------------------------------------------------------------
// Putting it together.

class EntryFinder {
  readonly entries: EntryPoint[] = [];
  readonly problems: EntryProblem[] = [];
  private layouts: BuildLayout[] = [];
  private context: CommandContext;
  private readonly packageFile: string;
  private readonly ecosystems: string[] = [];
  private readonly usedIds = new Set<string>();

  constructor(private readonly root: string) {
    this.packageFile = path.join(root, 'package.json');
    this.context = { root, scripts: new Map(), main: undefined };
  }

  run(): void {
    this.layouts = buildLayouts(this.root);
    const manifest = this.readPackage();
    if (manifest) this.fromPackage(manifest);
    for (const name of ECOSYSTEM_FILES) {
      const file = path.join(this.root, name);
      if (fileExists(file) && !this.ecosystems.includes(file)) this.ecosystems.push(file);
    }
    // Files named by `pm2 start …` join as they come up, so this list may grow while read.
    for (let index = 0; index < this.ecosystems.length; index++) this.fromEcosystem(this.ecosystems[index] as string);
    this.fromProcfile();
  }

  private readPackage(): Record<string, unknown> | undefined {
    let text: string;
    try {
      text = readFileSync(this.packageFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const data: unknown = JSON.parse(text);
      if (isRecord(data)) return data;
      this.problem(this.packageFile, 'is not a JSON object');
    } catch (error) {
      this.problem(this.packageFile, `is not valid JSON: ${(error as Error).message}`);
    }
    return undefined;
  }

  private fromPackage(manifest: Record<string, unknown>): void {
    const scripts = new Map<string, string>();
    if (isRecord(manifest.scripts)) {
      for (const [name, command] of Object.entries(manifest.scripts)) if (typeof command === 'string') scripts.set(name, command);
    }
    const main = typeof manifest.main === 'string' && manifest.main.trim() !== '' ? manifest.main : undefined;
    this.context = { root: this.root, scripts, main };

    if (main) this.addFile(path.resolve(this.root, main), 'package.json main', 'main', this.packageFile);
    if (typeof manifest.bin === 'string') {
      const name = typeof manifest.name === 'string' ? manifest.name.replace(/^@[^/]+\//, '') : path.basename(this.root);
      this.addFile(path.resolve(this.root, manifest.bin), `bin "${name}"`, `bin:${name}`, this.packageFile);
    } else if (isRecord(manifest.bin)) {
      for (const [name, file] of Object.entries(manifest.bin)) {
        if (typeof file === 'string') this.addFile(path.resolve(this.root, file), `bin "${name}"`, `bin:${name}`, this.packageFile);
      }
    }
    for (const [name, command] of scripts) {
      // A script that runs another (`npm run build && npm start`) is an alternative way to run
      // that script, whose own entries are already here.
      const launches = this.outcomes(interpretLine(command, this.root, this.context), this.packageFile, `script "${name}"`, false);
      this.addLaunches(launches, `script "${name}"`, `script:${name}`, this.packageFile);
    }
  }

  private fromEcosystem(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      this.problem(this.packageFile, `${this.shown(file)} is named by a pm2 command but cannot be read`);
      return;
    }
    const { apps, problems } = readEcosystem(file, text);
    for (const message of problems) this.problem(file, message);
    apps.forEach((app, index) => {
      const name = app.name ?? (app.script ? path.basename(app.script).replace(/\.[^.]+$/, '') : `app ${index + 1}`);
      const via = `pm2 app "${name}"`;
      let id = `pm2:${name}`;
      if (this.usedIds.has(id)) id = `pm2:${this.shown(file)}:${name}`;
      const cluster: Cluster | undefined =
        app.instances === undefined && app.execMode === undefined
          ? undefined
          : { instances: app.instances === undefined ? 1 : parseInstances(app.instances), ...(app.execMode === undefined ? {} : { execMode: app.execMode }) };
      if (!app.script) {
        this.problem(file, `${via} has no script the check can read`);
        return;
      }
      const cwd = appFolder(app.cwd, app.script, path.dirname(file), this.root);
      const interpreter = app.interpreter ? path.basename(app.interpreter) : undefined;
      const scriptPath = path.resolve(cwd, app.script);
      let outcomes: Outcome[];
      const command = path.basename(app.script).replace(/\.(?:cmd|exe)$/i, '');
      if (!COMMANDS.has(command) && (resolveTarget(scriptPath) || /[/\\]|\.[cm]?[jt]sx?$/.test(app.script))) {
        outcomes = [{ kind: 'launch', script: scriptPath, preloads: [], command: app.script }];
      } else {
        // `script: 'npm', args: 'start'`, or a runner named as the script (`script: 'tsx'`).
        const line = [interpreter && interpreter !== 'none' && interpreter !== 'node' ? interpreter : '', app.script, app.args ?? ''].join(' ').trim();
        outcomes = interpretLine(line, cwd, this.context);
      }
      const launches = this.outcomes(outcomes, file, via, true);
      this.addLaunches(launches, via, id, file, cluster);
    });
  }

  private fromProcfile(): void {
    const file = path.join(this.root, 'Procfile');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split(/\r?\n/)) {
      const match = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.*?)\s*$/.exec(raw);
      if (!match) continue;
      const [, name, command] = match as unknown as [string, string, string];
      const launches = this.outcomes(interpretLine(command, this.root, this.context), file, `Procfile ${name}`, true);
      this.addLaunches(launches, `Procfile ${name}`, `procfile:${name}`, file);
    }
  }

  /**
   * The launches among outcomes; problems are recorded, ecosystem files queued, and package.json
   * scripts run by name followed (one level per call, so `start` → `serve` → … ends) when asked.
   */
  private outcomes(outcomes: readonly Outcome[], file: string, via: string, followScripts: boolean, seen: ReadonlySet<string> = new Set()): Launch[] {
    const launches: Launch[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind === 'launch') launches.push(outcome);
      else if (outcome.kind === 'problem') this.problem(file, `${via}: ${outcome.message}`);
      else if (outcome.kind === 'ecosystem') {
        if (!this.ecosystems.includes(outcome.file)) this.ecosystems.push(outcome.file);
      } else if (followScripts && !seen.has(outcome.name)) {
        const command = this.context.scripts.get(outcome.name) ?? (outcome.name === 'start' && fileExists(path.join(this.root, 'server.js')) ? 'node server.js' : undefined);
        if (command === undefined) {
          this.problem(file, `${via}: runs package.json script "${outcome.name}", which does not exist`);
          continue;
        }
        launches.push(...this.outcomes(interpretLine(command, this.root, this.context), file, via, true, new Set([...seen, outcome.name])));
      }
    }
    return launches;
  }

  /** One process per launch: a single one takes `id`, several get `id#1`, `id#2`… */
  private addLaunches(launches: readonly Launch[], via: string, id: string, file: string, cluster?: Cluster): void {
    launches.forEach((launch, index) => {
      const process = launches.length === 1 ? id : `${id}#${index + 1}`;
      const settings = launch.cluster ?? cluster;
      for (const preload of launch.preloads) this.addFile(preload, `${via} (preloaded)`, process, file, settings, launch.command);
      this.addFile(launch.script, via, process, file, settings, launch.command);
    });
  }

  private addFile(target: string, via: string, process: string, manifest: string, cluster?: Cluster, command?: string): void {
    this.usedIds.add(process);
    const source = sourceFor(target, this.root, this.layouts);
    if ('why' in source) {
      this.problem(manifest, `${via}: cannot map ${command === undefined ? this.shown(target) : `'${command}'`} to a source file (${source.why})`);
      return;
    }
    this.entries.push({ file: source.file, via, process, ...(cluster ? { cluster } : {}) });
  }

  private problem(file: string, message: string): void {
    this.problems.push({ file, message });
  }

  private shown(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }
}

/**
 * What the command interpreter knows about each program, as data: the options that take the
 * next word as their value (`--require x`; with `=` they take none), and which programs run a
 * project file.
 */
import type { HotReload } from './types.js';

// Runner options that take the next word as their value (`--require x`); with `=` they do not.
export const NODE_VALUE = ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--env-file-if-exists', '-C', '--conditions', '--title', '--input-type', '--watch-path', '--inspect-port', '--redirect-warnings', '--disable-warning', '--diagnostic-dir', '--report-dir', '--cpu-prof-dir', '--heap-prof-dir', '--icu-data-dir', '--openssl-config', '--experimental-config-file'];
export const TSX_VALUE = [...NODE_VALUE, '--tsconfig', '--ignore', '--include', '--exclude'];
export const TS_NODE_VALUE = [...NODE_VALUE, '-P', '--project', '-O', '--compiler-options', '--compiler', '-I', '--ignore', '--cwd', '--dir', '--scope-dir', '--ignore-diagnostics', '-D'];
export const TS_NODE_DEV_VALUE = [...TS_NODE_VALUE, '--watch', '--ignore-watch', '--interval', '--debounce', '--cache-directory', '--deps-level'];
export const NODEMON_VALUE = ['-w', '--watch', '-e', '--ext', '-i', '--ignore', '-d', '--delay', '--signal', '--config', '-P', '--polling-interval', '--cwd', '--exitcrash'];
export const BUN_VALUE = ['--env-file', '--cwd', '-r', '--preload', '--tsconfig-override', '-d', '--define', '-l', '--loader', '--conditions', '--main-fields', '--extension-order', '--jsx-factory', '--jsx-fragment', '--jsx-import-source', '--port', '--config', '-c'];
export const PM2_VALUE = ['-n', '--name', '-i', '--instances', '--interpreter', '--interpreter-args', '--node-args', '--env', '--max-memory-restart', '-l', '--log', '-o', '--output', '-e', '--error', '--log-date-format', '--cron', '--cron-restart', '--cwd', '--only', '--namespace', '--watch-delay', '--ignore-watch', '--restart-delay', '--kill-timeout', '--listen-timeout', '--max-restarts', '-x', '--uid', '--gid', '--exp-backoff-restart-delay'];
export const CONCURRENTLY_VALUE = ['-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-l', '--prefix-length', '-t', '--timestamp-format', '-s', '--success', '--restart-tries', '--restart-after', '-m', '--max-processes', '--default-input-target', '--hide', '--kill-signal', '--name-separator', '--pad-prefix'];
export const INLINE = ['-e', '--eval', '-p', '--print'];
export const NO_RUN = ['-v', '--version', '-h', '--help', '-c', '--check', '--test', '-i', '--interactive', '--completions'];
/** Programs whose command line `interpretCommand` understands. */
export const COMMANDS = new Set(['node', 'nodejs', 'npm', 'yarn', 'pnpm', 'npx', 'bun', 'bunx', 'tsx', 'esno', 'ts-node', 'ts-node-dev', 'tsnd', 'nodemon', 'concurrently', 'cross-env']);
export const TS_RUNNERS = new Set(['tsx', 'esno', 'ts-node', 'ts-node-esm', 'ts-node-script', 'ts-node-cwd', 'ts-node-transpile-only', 'babel-node', 'vite-node', 'esrun', 'jiti', 'sucrase-node', 'swc-node']);

/**
 * Wrappers that run the rest of their line, after their own `A=1` assignments and options; the
 * list holds the options that take a value.
 */
export const WRAPPERS: Readonly<Record<string, readonly string[]>> = {
  'cross-env': ['-u', '--unset', '-n'],
  'cross-env-shell': ['-u', '--unset', '-n'],
  env: ['-u', '--unset', '-n'],
  nohup: ['-u', '--unset', '-n'],
  time: ['-u', '--unset', '-n'],
  exec: ['-u', '--unset', '-n'],
  nice: ['-u', '--unset', '-n'],
  dotenv: ['-e', '-v', '-c', '--debug'],
  'env-cmd': ['-f', '--file', '-e', '--environments', '-r', '--rc-file'],
  // Container init programs and the Node image's entrypoint script run their arguments.
  tini: ['-p', '-e'],
  'dumb-init': ['-r', '--rewrite'],
  'docker-entrypoint.sh': [],
};

/** Options with which a runner reloads the program when a file changes, and how it reloads. */
export const RELOAD_OPTIONS: Readonly<Record<string, Readonly<Record<string, HotReload['mode']>>>> = {
  node: { '--watch': 'restart', '--watch-path': 'restart' },
  nodejs: { '--watch': 'restart', '--watch-path': 'restart' },
  bun: { '--watch': 'restart', '--hot': 're-evaluate' },
  'vite-node': { '--watch': 're-evaluate', '-w': 're-evaluate' },
  pm2: { '--watch': 'restart', '-w': 'restart' },
};

/** Runners that always reload the program when a file changes (`tsx watch` is read as a subcommand). */
export const RELOADING_RUNNERS: Readonly<Record<string, HotReload['mode']>> = {
  nodemon: 'restart',
  'ts-node-dev': 'restart',
  tsnd: 'restart',
  'node-dev': 'restart',
  'pm2-dev': 'restart',
};

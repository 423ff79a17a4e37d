// A user's project, made from the packed plugin: `npm pack` of the built repository, unpacked
// into node_modules/eslint-plugin-telegram-bot of a fresh folder outside the repository.
//
// Why not `npm install <tarball>` here: a fresh project's install needs the registry's package
// metadata for every dependency, which `npm ci` (what CI runs) never puts in the npm cache, so
// `npm install --offline` fails on a fresh CI machine and a networked install would make the
// suite slow and flaky (2 cores, 90 minutes, and a registry that may be slow). So the test does
// by hand the one part of an install that can differ between the repository and a user's
// project: the plugin comes from the tarball alone (only the files `files` ships, its own
// package.json with its exports and bin, its bin made executable and linked in .bin), while its
// dependencies and the tools (eslint 10 or 9, typescript, jiti, jscodeshift, lint-staged, husky)
// are symlinks to the versions the repository's lockfile installed.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');
export const repositoryModules = path.join(repositoryRoot, 'node_modules');

/** `npm pack` of the repository (built beforehand by `npm test`); returns the .tgz path. */
export function packPlugin(destination: string): string {
  // --ignore-scripts: no lifecycle script may rebuild dist/ while other suites read it.
  const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const [packed] = JSON.parse(output.slice(output.indexOf('['))) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file: ${output}`);
  return path.join(destination, packed.filename);
}

export interface ConsumerOptions {
  /** Which installed ESLint the project gets as `eslint`: the repository's `eslint` (10) or `eslint9`. */
  readonly eslint: 'eslint' | 'eslint9';
  /** Extra package.json fields. */
  readonly manifest?: Record<string, unknown>;
  /** Installed packages (or scopes) the project does not have, e.g. a JavaScript-only project's. */
  readonly without?: readonly string[];
}

/** Tools whose bins a user's project would have in node_modules/.bin. */
const tools: Record<string, string> = {
  tsc: 'typescript/bin/tsc',
  jscodeshift: 'jscodeshift/bin/jscodeshift.js',
  'lint-staged': 'lint-staged/bin/lint-staged.js',
  husky: 'husky/bin.js',
};

/** A fresh project in `dir` with the plugin installed from `tarball`. */
export function makeConsumerProject(dir: string, tarball: string, options: ConsumerOptions): string {
  mkdirSync(dir, { recursive: true });
  const modules = path.join(dir, 'node_modules');
  const bin = path.join(modules, '.bin');
  mkdirSync(bin, { recursive: true });

  // The plugin: exactly what the tarball holds.
  const unpack = mkdtempSync(path.join(dir, '.unpack-'));
  execFileSync('tar', ['-xzf', tarball, '-C', unpack]);
  const plugin = path.join(modules, 'eslint-plugin-telegram-bot');
  renameSync(path.join(unpack, 'package'), plugin);
  rmSync(unpack, { recursive: true, force: true });
  const manifest = JSON.parse(readFileSync(path.join(plugin, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
  for (const [name, target] of Object.entries(manifest.bin ?? {})) {
    chmodSync(path.join(plugin, target), 0o755);
    symlinkSync(path.join('..', 'eslint-plugin-telegram-bot', target), path.join(bin, name));
  }

  // Everything else: the repository's installed packages.
  // A scope's packages are linked one by one, so `without` can leave out one of them.
  for (const entry of readdirSync(repositoryModules)) {
    if (entry.startsWith('.') || entry === 'eslint' || entry === 'eslint9' || entry === 'eslint-plugin-telegram-bot' || options.without?.includes(entry)) continue;
    if (!entry.startsWith('@')) {
      symlinkSync(path.join(repositoryModules, entry), path.join(modules, entry), 'junction');
      continue;
    }
    mkdirSync(path.join(modules, entry));
    for (const member of readdirSync(path.join(repositoryModules, entry))) {
      if (!options.without?.includes(`${entry}/${member}`)) symlinkSync(path.join(repositoryModules, entry, member), path.join(modules, entry, member), 'junction');
    }
  }
  symlinkSync(path.join(repositoryModules, options.eslint), path.join(modules, 'eslint'), 'junction');
  symlinkSync(path.join('..', 'eslint', 'bin', 'eslint.js'), path.join(bin, 'eslint'));
  for (const [name, target] of Object.entries(tools)) {
    if (!options.without?.includes(target.split('/')[0]!)) symlinkSync(path.join('..', target), path.join(bin, name));
  }

  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, version: '1.0.0', type: 'module', ...options.manifest }, null, 2)}\n`,
  );
  return dir;
}

/** A copy of example/backend's sources (not its config) into `dir`/src. */
export function copyBackend(dir: string): void {
  cpSync(path.join(repositoryRoot, 'example/backend/src'), path.join(dir, 'src'), { recursive: true });
}

/** A copy of test/fixtures/js-backend (a CommonJS JavaScript backend, its package.json included) into `dir`. */
export function copyJavaScriptBackend(dir: string): void {
  cpSync(path.join(repositoryRoot, 'test/fixtures/js-backend'), dir, { recursive: true });
}

export interface ConfigSnippet {
  /** The Markdown file it is in, relative to the repository. */
  readonly doc: string;
  /** The file name its first line gives: `// eslint.config.js`. */
  readonly file: string;
  readonly code: string;
}

/** Every Markdown file users read: the README and docs/. */
export function userDocs(): string[] {
  const docs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repositoryRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) docs.push(rel);
    }
  };
  walk('docs');
  return ['README.md', ...docs.sort()];
}

/**
 * The ESLint config files shown in the docs: fenced js/ts blocks whose first line is
 * `// eslint.config.<ext>`. A block that loads the plugin without such a line is returned in
 * `unnamed`, so that no config in the docs escapes the tests.
 */
export function configSnippets(): { snippets: ConfigSnippet[]; unnamed: string[] } {
  const snippets: ConfigSnippet[] = [];
  const unnamed: string[] = [];
  for (const doc of userDocs()) {
    const text = readFileSync(path.join(repositoryRoot, doc), 'utf8');
    for (const [, code = ''] of text.matchAll(/^```(?:js|ts|mjs|cjs)\n([\s\S]*?)^```$/gm)) {
      const file = /^\/\/ (eslint\.config\.(?:js|mjs|cjs|ts))\n/.exec(code)?.[1];
      if (file) snippets.push({ doc, file, code });
      else if (/eslint-plugin-telegram-bot'|configs\.recommended/.test(code)) unnamed.push(`${doc}: ${code.split('\n')[0]}`);
    }
  }
  return { snippets, unnamed };
}

/** The environment for commands run "in the user's project": its .bin first, npm offline. */
export function projectEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.PATH = `${path.join(dir, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  // npx must find the project's own bins, never fetch anything.
  env.npm_config_offline = 'true';
  env.npm_config_update_notifier = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  return env;
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = projectEnv(cwd), timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Without npm's own warnings about the machine's user config (noise unrelated to the test). */
export function withoutNpmNoise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^npm warn /i.test(line))
    .join('\n');
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `eslint-plugin-telegram-bot-${prefix}-`));
}

export { existsSync };

/** An eslint.config.js for the example backend (owners of both bots, as absolute paths). */
export const ESM_CONFIG = `import path from 'node:path';
import telegramBot from 'eslint-plugin-telegram-bot';

export default [
  ...telegramBot.configs.recommended,
  {
    rules: {
      'telegram-bot/no-duplicate-poller': ['error', {
        owners: [
          { module: path.join(import.meta.dirname, 'src/services/telegramBot.ts'), token: 'TELEGRAM_BOT_TOKEN' },
          { module: path.join(import.meta.dirname, 'src/services/iaeAgentBot.ts'), token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
        ],
      }],
    },
  },
];
`;

/** A new module that polls TELEGRAM_BOT_TOKEN again: what the hooks must refuse. */
export const DUPLICATE_POLLER = `import TelegramBot from 'node-telegram-bot-api';

const reminders = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN ?? '', { polling: true });

export function remind(chatId: number): void {
  void reminders.sendMessage(chatId, 'Reminder');
}
`;

/** git with a fixed identity and no user or system configuration. */
export function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = projectEnv(cwd)): SpawnSyncReturns<string> {
  const gitEnv: NodeJS.ProcessEnv = { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  delete gitEnv.HUSKY; // HUSKY=0 would turn the hooks off
  for (const name of Object.keys(gitEnv)) if (name.startsWith('GIT_') && !name.startsWith('GIT_CONFIG_')) delete gitEnv[name];
  return run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], cwd, gitEnv);
}

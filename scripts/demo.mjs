// `npm run demo` (after `npm run build`): lint the bundled example backend with its real flat
// config, then fix a temporary copy with the real commands (`migrate` for the duplicates,
// `defer-polling` for the owners that poll on import), show the diffs, and lint it again.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';

const repository = path.join(import.meta.dirname, '..');
const backend = path.join(repository, 'example', 'backend');
const bin = path.join(repository, 'dist', 'src', 'cli', 'bin.js');
const plugin = (await import(path.join(repository, 'dist', 'src', 'index.js'))).default;

function heading(text) {
  console.log(`\n== ${text} ==\n`);
}

/** Lint with the example's own config; for the copy, the same owners without the config file's imports. */
async function lint(cwd, overrideConfigFile) {
  const owners = [
    { module: path.join(cwd, 'src/services/telegramBot.ts'), token: 'TELEGRAM_BOT_TOKEN' },
    { module: path.join(cwd, 'src/services/iaeAgentBot.ts'), token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
  ];
  const eslint = overrideConfigFile
    ? new ESLint({
        cwd,
        overrideConfigFile: true,
        overrideConfig: [
          ...plugin.configs.recommended,
          { rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners }] } },
        ],
      })
    : new ESLint({ cwd });
  const results = await eslint.lintFiles(['src']);
  for (const result of results) result.filePath = path.relative(cwd, result.filePath);
  const formatter = await eslint.loadFormatter('stylish');
  const output = await formatter.format(results);
  console.log(output || 'No findings.');
}

heading('1. Lint example/backend (owners from example/backend/eslint.config.mjs)');
console.log('One backend, two bots: TELEGRAM_BOT_TOKEN (owned by src/services/telegramBot.ts)');
console.log('and IAE_BOT_TOKEN (owned by src/services/iaeAgentBot.ts).');
await lint(backend, false);
console.log('no-duplicate-poller: a second getUpdates poller of a token another module already polls;');
console.log('Telegram answers one of them with "409 Conflict: terminated by other getUpdates request".');
console.log('no-polling-on-import: a module that polls as soon as anything imports it (a script, a worker, a test).');

/** Echo the command exactly as it runs, then run the built bin with those arguments in `cwd`. */
function show(cwd, args) {
  console.log(`$ npx eslint-plugin-telegram-bot ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  process.stdout.write(result.stdout + result.stderr);
  if (result.status !== 0) process.exitCode = result.status ?? 1;
  console.log('');
}

const copy = mkdtempSync(path.join(os.tmpdir(), 'telegram-bot-demo-'));
try {
  cpSync(backend, copy, { recursive: true });
  heading(`2. Migrate a copy in ${copy}`);
  const owners = ['--owner', 'src/services/telegramBot.ts', '--owner', 'src/services/iaeAgentBot.ts'];
  show(copy, ['migrate', '--dry', ...owners]);
  show(copy, ['migrate', ...owners]);

  heading('3. Stop the owners from polling when they are imported');
  for (const module of ['src/services/telegramBot.ts', 'src/services/iaeAgentBot.ts']) {
    show(copy, ['defer-polling', module, '--entry', 'src/server.ts', '--dry']);
    show(copy, ['defer-polling', module, '--entry', 'src/server.ts']);
  }

  heading('4. Lint the fixed copy');
  await lint(copy, true);
  console.log('src/routes/telegram.ts now reads:\n');
  console.log(readFileSync(path.join(copy, 'src/routes/telegram.ts'), 'utf8'));
} finally {
  rmSync(copy, { recursive: true, force: true });
}

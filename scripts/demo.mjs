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
          { files: ['**/*.ts'], languageOptions: { parser: await import('@typescript-eslint/parser') } },
          plugin.configs.recommended,
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

const copy = mkdtempSync(path.join(os.tmpdir(), 'telegram-bot-demo-'));
try {
  cpSync(backend, copy, { recursive: true });
  heading(`2. Migrate a copy in ${copy}`);
  const command = ['migrate', '--owner', 'src/services/telegramBot.ts', '--owner', 'src/services/iaeAgentBot.ts'];
  console.log(`$ npx eslint-plugin-telegram-bot migrate --dry ${command.slice(1).join(' ')}\n`);
  const dry = spawnSync(process.execPath, [bin, ...command, '--dry'], { cwd: copy, encoding: 'utf8' });
  process.stdout.write(dry.stdout + dry.stderr);
  console.log(`\n$ npx eslint-plugin-telegram-bot migrate ${command.slice(1).join(' ')}\n`);
  const run = spawnSync(process.execPath, [bin, ...command], { cwd: copy, encoding: 'utf8' });
  process.stdout.write(run.stdout + run.stderr);
  if (run.status !== 0) process.exitCode = run.status ?? 1;

  heading('3. Stop the owners from polling when they are imported');
  for (const module of ['src/services/telegramBot.ts', 'src/services/iaeAgentBot.ts']) {
    const args = ['defer-polling', module, '--entry', 'src/server.ts'];
    console.log(`$ npx eslint-plugin-telegram-bot ${args.join(' ')}\n`);
    const deferred = spawnSync(process.execPath, [bin, ...args, '--dry'], { cwd: copy, encoding: 'utf8' });
    process.stdout.write(deferred.stdout + deferred.stderr);
    const written = spawnSync(process.execPath, [bin, ...args], { cwd: copy, encoding: 'utf8' });
    if (written.status !== 0) {
      process.stdout.write(written.stdout + written.stderr);
      process.exitCode = written.status ?? 1;
    }
    console.log('');
  }

  heading('4. Lint the fixed copy');
  await lint(copy, true);
  console.log('src/routes/telegram.ts now reads:\n');
  console.log(readFileSync(path.join(copy, 'src/routes/telegram.ts'), 'utf8'));
} finally {
  rmSync(copy, { recursive: true, force: true });
}

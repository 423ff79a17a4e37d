// `npm run demo`: lint the bundled example backend (example/backend) with its real flat
// config and print what no-duplicate-poller finds. Run after `npm run build`.
import path from 'node:path';

import { ESLint } from 'eslint';

const repository = path.join(import.meta.dirname, '..');
const backend = path.join(repository, 'example', 'backend');

const eslint = new ESLint({ cwd: backend });
const results = await eslint.lintFiles(['src']);
const formatter = await eslint.loadFormatter('stylish');
const problems = results.reduce((sum, result) => sum + result.messages.length, 0);

console.log('Linting example/backend: one backend, two bots (TELEGRAM_BOT_TOKEN and IAE_BOT_TOKEN).');
console.log('Owners from example/backend/eslint.config.mjs: services/telegramBot.ts and services/iaeAgentBot.ts.');
// Paths relative to the repository read better than absolute ones.
for (const result of results) result.filePath = path.relative(repository, result.filePath);
const output = await formatter.format(results);
console.log(output || '\nNo findings.\n');
if (problems > 0) {
  console.log('Each finding is a second getUpdates poller of a token that another module already polls:');
  console.log('Telegram answers one of them with "409 Conflict: terminated by other getUpdates request".');
}

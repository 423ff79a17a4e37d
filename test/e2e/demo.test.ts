// `npm run demo` is the README's first command: it must keep telling the whole story.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('shows the findings, fixes a copy with migrate and defer-polling, and lints the copy clean', () => {
    const result = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: root, encoding: 'utf8', timeout: 600_000 /* a hang guard */ });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [lint = '', migrate = '', defer = '', after = ''] = result.stdout.split(/^== \d\. /m).slice(1);
    expect(lint).toContain('src/config/telegram-service.ts\n  10:25  error  Polling bot for token TELEGRAM_BOT_TOKEN');
    expect(lint).toContain('src/routes/telegram.ts\n  14:9  error  Polling bot for token TELEGRAM_BOT_TOKEN');
    expect(lint).toContain('src/services/telegramBot.ts\n  7:58  error  Importing this module starts polling');
    expect(lint).toContain('4 problems');
    expect(migrate).toContain('+  bot = sharedBot;');
    expect(migrate).toContain('7 files scanned: 2 changed, 0 sites left as they are, 0 failed.');
    expect(defer).toContain('+export function startBot() {');
    expect(defer).toContain('+startIaeBot();');
    expect(after).toContain('No findings.');
    // Every command is echoed as it runs: a diff only under a command with --dry, and each
    // command's output is its own (no dry-run output under a command that writes).
    const echoed = [...`${migrate}${defer}`.matchAll(/^\$ npx eslint-plugin-telegram-bot (.*)\n([\s\S]*?)(?=^\$ |(?![\s\S]))/gm)];
    expect(echoed.map(([, command]) => command)).toEqual([
      'migrate --dry --owner src/services/telegramBot.ts --owner src/services/iaeAgentBot.ts',
      'migrate --owner src/services/telegramBot.ts --owner src/services/iaeAgentBot.ts',
      'defer-polling src/services/telegramBot.ts --entry src/server.ts --dry',
      'defer-polling src/services/telegramBot.ts --entry src/server.ts',
      'defer-polling src/services/iaeAgentBot.ts --entry src/server.ts --dry',
      'defer-polling src/services/iaeAgentBot.ts --entry src/server.ts',
    ]);
    for (const [, command = '', output = ''] of echoed) expect(/^\+\+\+ /m.test(output), command).toBe(command.includes('--dry'));
  });
});

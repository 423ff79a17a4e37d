// `npm run demo` is the README's first command: it must keep telling the whole story.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('shows the findings, fixes a copy with migrate and defer-polling, and lints the copy clean', () => {
    const result = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
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
  });
});

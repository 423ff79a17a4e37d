// The example backend's real flat config: the recommended config (the TypeScript parser for
// .ts files included) plus the owners of its two bots. Absolute paths (import.meta.dirname)
// keep the owners right whether ESLint runs here, from a monorepo root, or inside an editor.
import path from 'node:path';

import telegramBot from 'eslint-plugin-telegram-bot';

const here = import.meta.dirname;

export default [
  ...telegramBot.configs.recommended,
  {
    rules: {
      'telegram-bot/no-duplicate-poller': [
        'error',
        {
          owners: [
            { module: path.join(here, 'src/services/telegramBot.ts'), token: 'TELEGRAM_BOT_TOKEN' },
            { module: path.join(here, 'src/services/iaeAgentBot.ts'), token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
          ],
        },
      ],
    },
  },
];

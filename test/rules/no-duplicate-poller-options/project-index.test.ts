// Without owners, no-duplicate-poller asks the project index whether another module of the
// project (the nearest package.json) polls the same token. The project on disk is
// test/fixtures/project-index: services/telegramBot.ts polls TELEGRAM_BOT_TOKEN,
// services/supportBot.ts polls SUPPORT_BOT_TOKEN, services/sender.ts only sends, and a test
// file polls too (test files are skipped).
import { describe, expect, it } from 'vitest';

import { clearPollerIndexes, projectPollers, projectRootOf } from '../../../src/check/poller-index.js';
import { ruleTester, rule } from './helpers.js';
import path from 'node:path';

const project = 'test/fixtures/project-index';
const routes = `${project}/src/routes/telegram.ts`;
const ntba = "import TelegramBot from 'node-telegram-bot-api';\n";

ruleTester.run('no-duplicate-poller: the project index', rule, {
  valid: [
    {
      name: 'a poller of a token no other module polls',
      filename: routes,
      code: `${ntba}export const other = new TelegramBot(process.env.OTHER_BOT_TOKEN!, { polling: true });\n`,
    },
    {
      name: 'a send-only bot of a polled token',
      filename: routes,
      code: `${ntba}export const sender = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!);\n`,
    },
    {
      name: 'the owner module itself is not its own duplicate',
      filename: `${project}/src/services/telegramBot.ts`,
      code: `${ntba}export const bot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!, { polling: true });\n`,
    },
    {
      name: 'project: false turns the project index off',
      filename: routes,
      code: `${ntba}export const bot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!, { polling: true });\n`,
      options: [{ project: false }],
    },
    {
      name: 'with owners, the owners decide (the index is not asked)',
      filename: routes,
      code: `${ntba}export const bot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!, { polling: true });\n`,
      options: [{ owners: [{ module: routes }] }],
    },
  ],
  invalid: [
    {
      name: 'a second poller of a token another module of the project polls',
      filename: routes,
      code: `${ntba}export const bot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!, { polling: true });\n`,
      errors: [
        {
          messageId: 'duplicateInProject',
          data: { token: 'TELEGRAM_BOT_TOKEN', other: `${project}/src/services/telegramBot.ts`, line: '3' },
          line: 2,
        },
      ],
    },
    {
      name: 'sameToken makes another env name the same token',
      filename: routes,
      code: `${ntba}export const admin = new TelegramBot(process.env.ADMIN_BOT_TOKEN!, { polling: true });\n`,
      options: [{ sameToken: [['ADMIN_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN']] }],
      errors: [{ messageId: 'duplicateInProject', data: { token: 'ADMIN_BOT_TOKEN', other: `${project}/src/services/telegramBot.ts`, line: '3' } }],
    },
    {
      name: 'telegraf launch of the support token polled elsewhere',
      filename: routes,
      code: "import { Telegraf } from 'telegraf';\nconst bot = new Telegraf(process.env.SUPPORT_BOT_TOKEN!);\nbot.launch();\n",
      errors: [{ messageId: 'duplicateInProject', data: { token: 'SUPPORT_BOT_TOKEN', other: `${project}/src/services/supportBot.ts`, line: '4' } }],
    },
  ],
});

describe('the poller index', () => {
  it('finds the project root by package.json and indexes only non-test pollers of known tokens', () => {
    clearPollerIndexes();
    const root = path.resolve(project);
    expect(projectRootOf(path.join(root, 'src/routes/telegram.ts'))).toBe(root);
    const pollers = projectPollers(root);
    const relative = [...pollers.keys()].map((file) => path.relative(root, file).split(path.sep).join('/')).sort();
    expect(relative).toEqual(['src/services/supportBot.ts', 'src/services/telegramBot.ts']);
    expect(pollers.get(path.join(root, 'src/services/telegramBot.ts'))).toEqual([{ line: 3, keys: ['TELEGRAM_BOT_TOKEN'] }]);
  });
});

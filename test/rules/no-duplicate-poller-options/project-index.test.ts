// Without owners, no-duplicate-poller asks the project model whether another bot polls the same
// token in a process that runs the linted file. The project on disk is test/fixtures/project-index:
// src/server.ts (package.json main) imports services/telegramBot.ts (polls TELEGRAM_BOT_TOKEN),
// services/supportBot.ts (polls SUPPORT_BOT_TOKEN) and routes/telegram.ts (the linted file);
// services/sender.ts only sends and nothing imports it; scripts/report.ts polls
// TELEGRAM_BOT_TOKEN in a process of its own; a test file polls too (test files are skipped).
import { describe, expect, it } from 'vitest';

import { clearProjectModels, projectModelFor } from '../../../src/project/live.js';
import { projectRootOf } from '../../../src/project/root.js';
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
      name: 'a second process polling the token (a package.json script) is not this process',
      filename: `${project}/scripts/report.ts`,
      code: `${ntba}const reporter = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!, { polling: true });\nreporter.on('message', () => undefined);\n`,
    },
    {
      name: 'a module that exports and that no process runs claims nothing',
      filename: `${project}/src/services/sender.ts`,
      code: `${ntba}export const sender = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!, { polling: true });\n`,
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
      errors: [{ messageId: 'duplicateInProject', data: { token: 'SUPPORT_BOT_TOKEN', other: `${project}/src/services/supportBot.ts`, line: '5' } }],
    },
  ],
});

describe('the project model the rule asks', () => {
  it('finds the project root by package.json, its processes, and skips test files', () => {
    clearProjectModels();
    const root = path.resolve(project);
    expect(projectRootOf(path.join(root, 'src/routes/telegram.ts'))).toBe(root);
    const model = projectModelFor(path.join(root, 'src/routes/telegram.ts'));
    const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
    expect([...model.files.keys()].map(relative).sort()).toEqual([
      'scripts/report.ts',
      'src/routes/telegram.ts',
      'src/server.ts',
      'src/services/sender.ts',
      'src/services/supportBot.ts',
      'src/services/telegramBot.ts',
    ]);
    const starts = model.processes().map((process) => [process.label, process.events.map((event) => `${relative(event.file)}:${event.site.line} ${event.instance.tokenKeys.join(',')}`)]);
    expect(starts).toEqual([
      ['package.json main (src/server.ts)', ['src/services/telegramBot.ts:3 TELEGRAM_BOT_TOKEN', 'src/services/supportBot.ts:5 SUPPORT_BOT_TOKEN']],
      ['script "report" (scripts/report.ts)', ['scripts/report.ts:4 TELEGRAM_BOT_TOKEN']],
    ]);
  });
});

// The detection core's answers the project check relies on: webhook calls per instance, and
// tokens read through env helpers.
import { describe, expect, it } from 'vitest';

import { parseFile } from '../../src/core/parse.js';
import { analyzeFile } from '../../src/core/pollers.js';

function analyze(file: string, code: string) {
  return analyzeFile(parseFile(file, code));
}

describe('webhook calls', () => {
  it('node-telegram-bot-api setWebHook is a webhook call, not polling', () => {
    const [bot] = analyze(
      'a.ts',
      "import TelegramBot from 'node-telegram-bot-api';\nconst bot = new TelegramBot(process.env.T!, { webHook: { port: 8443 } });\nbot.setWebHook('https://example.invalid/hook');\n",
    ).creations;
    expect(bot?.reasons).toEqual([]);
    expect(bot?.webhooks.map((call) => call.loc.start.line)).toEqual([3]);
  });

  it('telegraf launch({ webhook }), createWebhook and telegram.setWebhook are webhook calls; launch() polls', () => {
    const [bot] = analyze(
      'a.js',
      [
        "const { Telegraf } = require('telegraf');",
        'const bot = new Telegraf(process.env.T);',
        "bot.launch({ webhook: { domain: 'example.invalid' } });",
        "bot.createWebhook({ domain: 'example.invalid' });",
        "bot.telegram.setWebhook('https://example.invalid');",
        'bot.launch();',
      ].join('\n'),
    ).creations;
    expect(bot?.webhooks.map((call) => call.loc.start.line)).toEqual([3, 4, 5]);
    expect(bot?.reasons.map((reason) => reason.node.loc.start.line)).toEqual([6]);
  });

  it('grammY bot.api.setWebhook is a webhook call', () => {
    const [bot] = analyze('a.mjs', "import { Bot } from 'grammy';\nconst bot = new Bot(process.env.T);\nawait bot.api.setWebhook('https://example.invalid');\n").creations;
    expect(bot?.webhooks).toHaveLength(1);
    expect(bot?.reasons).toEqual([]);
  });
});

describe('tokens read through env helpers', () => {
  const cases: [string, string][] = [
    ["requireEnv('BOT_TOKEN')", 'BOT_TOKEN'],
    ["getEnv('BOT_TOKEN')", 'BOT_TOKEN'],
    ["configService.get('TELEGRAM_TOKEN')", 'TELEGRAM_TOKEN'],
    ["this.configService.getOrThrow('TELEGRAM_TOKEN')", 'TELEGRAM_TOKEN'],
    ["config.get('telegram.token')", 'telegram.token'],
  ];
  for (const [expression, key] of cases) {
    it(`${expression} is the token ${key}`, () => {
      const [bot] = analyze('a.js', `const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(${expression});\n`).creations;
      expect(bot?.tokenKeys).toEqual([key]);
    });
  }

  it('other calls with a string argument stay unknown', () => {
    for (const expression of ["db.get('token')", "fetchToken('BOT_TOKEN')", "map.get('BOT_TOKEN')"]) {
      const [bot] = analyze('a.js', `const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(${expression});\n`).creations;
      expect(bot?.tokenKeys).toEqual([]);
    }
  });
});

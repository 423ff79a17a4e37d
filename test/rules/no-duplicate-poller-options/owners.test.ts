/**
 * `owners`: which module may create the polling bot of a token, how the module path is
 * written (relative, absolute, without extension, index file, glob), owners without `token`
 * and token-specific owners, noOwner, custom export names.
 */
import path from 'node:path';

import { FAKE_TOKEN, importSuggestion, NTBA_IMPORT, pollerModule, rule, ruleTester, type Options } from './helpers.js';

const MAIN = 'TELEGRAM_BOT_TOKEN';
const IAE = 'IAE_BOT_TOKEN';

/** The incident's deployment: two bots, each with its owner module. */
const incidentOwners: Options = [
  {
    owners: [
      { module: 'services/telegramBot.ts', token: MAIN },
      { module: 'services/iaeAgentBot.ts', token: IAE },
    ],
  },
];

const outsideMain = {
  messageId: 'outsideOwner' as const,
  data: { token: MAIN, owner: 'services/telegramBot.ts', exportName: 'bot' },
};

ruleTester.run('no-duplicate-poller: multiple owners for multiple bots (the 409 incident)', rule, {
  valid: [
    { name: 'main bot in its owner', filename: 'services/telegramBot.ts', code: pollerModule(MAIN), options: incidentOwners },
    { name: 'IAE bot in its owner', filename: 'services/iaeAgentBot.ts', code: pollerModule(IAE, 'iaeBot'), options: incidentOwners },
    {
      name: 'importing the owner instance is fine',
      filename: 'routes/telegram.ts',
      code: "import { bot } from '../services/telegramBot';\nbot.on('message', () => {});\n",
      options: incidentOwners,
    },
    {
      name: 'a send-only instance of the same token outside the owner is fine',
      filename: 'scripts/notify.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot(process.env.${MAIN}!);\nvoid bot.sendMessage(1, 'hi');\n`,
      options: incidentOwners,
    },
    {
      name: 'polling: false outside the owner is fine',
      filename: 'scripts/notify.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot(process.env.${MAIN}!, { polling: false });\n`,
      options: incidentOwners,
    },
    {
      name: 'unknown token outside any owner is never reported',
      filename: 'routes/telegram.ts',
      code: `${NTBA_IMPORT}\ndeclare function readToken(): string;\nconst bot = new TelegramBot(readToken(), { polling: true });\n`,
      options: incidentOwners,
    },
    {
      // An isolated project (its own package.json): no other module of it polls this token.
      name: 'no owners configured: a single poller anywhere is fine',
      filename: 'test/fixtures/isolated-project/routes/telegram.ts',
      code: pollerModule(MAIN),
    },
    {
      name: 'empty owners list behaves as no owners',
      filename: 'test/fixtures/isolated-project/routes/telegram.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [] }],
    },
  ],
  invalid: [
    {
      name: 'routes/telegram.ts creates its own poller of the main token',
      filename: 'routes/telegram.ts',
      code: `${NTBA_IMPORT}\nimport express from 'express';\nexport const router = express.Router();\nconst bot = new TelegramBot(process.env.${MAIN}!, { polling: true });\nrouter.post('/send', () => bot.sendMessage(1, 'x'));\n`,
      options: incidentOwners,
      errors: [{ ...outsideMain, line: 4, column: 13, suggestions: [
        {
          messageId: 'importOwnerInstance',
          data: { exportName: 'bot', specifier: '../services/telegramBot' },
          output: `import express from 'express';\nimport { bot } from '../services/telegramBot';\nexport const router = express.Router();\nrouter.post('/send', () => bot.sendMessage(1, 'x'));\n`,
        },
      ] }],
    },
    {
      name: 'config/telegram-service.ts: a class that polls in its constructor',
      filename: 'config/telegram-service.ts',
      code: `${NTBA_IMPORT}\nexport class TelegramService {\n  private readonly bot: TelegramBot;\n  constructor() {\n    this.bot = new TelegramBot(process.env.${MAIN} as string, { polling: true });\n  }\n}\n`,
      options: incidentOwners,
      errors: [{ ...outsideMain, line: 5, suggestions: [] }],
    },
    {
      name: 'the IAE token polled in the main owner is reported against its own owner',
      filename: 'services/telegramBot.ts',
      code: `${pollerModule(MAIN)}const iae = new TelegramBot(process.env.${IAE}!, { polling: true });\n`,
      options: incidentOwners,
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: IAE, owner: 'services/iaeAgentBot.ts', exportName: 'bot' },
          line: 3,
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'bot', specifier: './iaeAgentBot' },
              // The library import stays: the main bot still needs it.
              output: `${NTBA_IMPORT}\nimport { bot as iae } from './iaeAgentBot';\nconst bot = new TelegramBot(process.env.${MAIN}!, { polling: true });\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'every polling site outside the owner is reported, not just the first',
      filename: 'routes/telegram.ts',
      code: `${NTBA_IMPORT}\nexport function a() { return new TelegramBot(process.env.${MAIN}!, { polling: true }); }\nexport function b() { return new TelegramBot(process.env.${MAIN}!, { polling: true }); }\n`,
      options: incidentOwners,
      errors: [
        { ...outsideMain, line: 2 },
        { ...outsideMain, line: 3 },
      ],
    },
  ],
});

ruleTester.run('no-duplicate-poller: how `module` is written', rule, {
  valid: [
    { name: 'relative path with extension', filename: 'src/bot.ts', code: pollerModule(MAIN), options: [{ owners: [{ module: 'src/bot.ts' }] }] },
    { name: 'relative path with ./', filename: 'src/bot.ts', code: pollerModule(MAIN), options: [{ owners: [{ module: './src/bot.ts' }] }] },
    { name: 'without extension: x.ts', filename: 'src/bot.ts', code: pollerModule(MAIN), options: [{ owners: [{ module: 'src/bot' }] }] },
    { name: 'without extension: x.js', filename: 'src/bot.js', code: pollerModule(MAIN).replace('!,', ','), options: [{ owners: [{ module: 'src/bot' }] }] },
    { name: 'without extension: x/index.ts', filename: 'src/bot/index.ts', code: pollerModule(MAIN), options: [{ owners: [{ module: 'src/bot' }] }] },
    {
      name: 'a dotted name without a source extension',
      filename: 'src/bot.service.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/bot.service' }] }],
    },
    {
      name: 'absolute path',
      filename: 'src/services/telegramBot.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: path.join(process.cwd(), 'src/services/telegramBot.ts'), token: MAIN }] }],
    },
    {
      name: 'absolute path without extension',
      filename: 'src/services/telegramBot/index.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: path.join(process.cwd(), 'src/services/telegramBot'), token: MAIN }] }],
    },
    { name: 'glob', filename: 'apps/admin/src/bot.ts', code: pollerModule(MAIN), options: [{ owners: [{ module: 'apps/*/src/bot.ts' }] }] },
    { name: 'globstar', filename: 'packages/a/b/telegram/bot.ts', code: pollerModule(MAIN), options: [{ owners: [{ module: 'packages/**/bot.ts' }] }] },
    {
      name: 'absolute glob',
      filename: 'apps/admin/src/bot.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: path.join(process.cwd(), 'apps/*/src/bot.ts') }] }],
    },
  ],
  invalid: [
    {
      name: 'relative path: another file',
      filename: 'src/other.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/bot.ts', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/bot.ts', exportName: 'bot' } , suggestions: importSuggestion('./bot') }],
    },
    {
      name: 'the ./ prefix is not part of the printed owner',
      filename: 'src/other.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: './src/bot.ts', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/bot.ts', exportName: 'bot' } , suggestions: importSuggestion('./bot') }],
    },
    {
      name: 'without extension: a longer name with the same prefix is another module',
      filename: 'src/botty.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/bot', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/bot', exportName: 'bot' } , suggestions: importSuggestion('./bot') }],
    },
    {
      name: 'without extension: a non-index file inside the folder is another module',
      filename: 'src/bot/handlers.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/bot', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/bot', exportName: 'bot' } , suggestions: importSuggestion('../bot') }],
    },
    {
      name: 'with extension: the folder index is another module',
      filename: 'src/bot/index.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/bot.ts', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/bot.ts', exportName: 'bot' } , suggestions: importSuggestion('../bot') }],
    },
    {
      name: 'same file name in another folder',
      filename: 'lib/bot.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/bot.ts', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/bot.ts', exportName: 'bot' } , suggestions: importSuggestion('../src/bot') }],
    },
    {
      name: 'absolute path: printed relative to cwd, posix',
      filename: 'src/routes/telegram.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: path.join(process.cwd(), 'src/services/telegramBot.ts'), token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'src/services/telegramBot.ts', exportName: 'bot' } , suggestions: importSuggestion('../services/telegramBot') }],
    },
    {
      name: 'glob: a file the pattern does not match',
      filename: 'apps/admin/lib/bot.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'apps/*/src/bot.ts', token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'apps/*/src/bot.ts', exportName: 'bot' }, suggestions: [] }],
    },
    {
      name: 'absolute glob: printed relative to cwd',
      filename: 'apps/admin/lib/bot.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: path.join(process.cwd(), 'apps/*/src/bot.ts'), token: MAIN }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: MAIN, owner: 'apps/*/src/bot.ts', exportName: 'bot' }, suggestions: [] }],
    },
  ],
});

const defaultAndAdmin: Options = [{ owners: [{ module: 'src/bot.ts' }, { module: 'src/admin.ts', token: 'ADMIN_TOKEN' }] }];
const adminThenDefault: Options = [{ owners: [{ module: 'src/admin.ts', token: 'ADMIN_TOKEN' }, { module: 'src/bot.ts' }] }];

ruleTester.run('no-duplicate-poller: an owner without token plus a token-specific owner', rule, {
  valid: [
    { name: 'owner without token, a token it polls', filename: 'src/bot.ts', code: pollerModule('BOT_TOKEN'), options: defaultAndAdmin },
    { name: 'owner without token, any other unnamed token it polls', filename: 'src/bot.ts', code: pollerModule('SUPPORT_TOKEN'), options: defaultAndAdmin },
    { name: 'specific owner, its token', filename: 'src/admin.ts', code: pollerModule('ADMIN_TOKEN'), options: defaultAndAdmin },
    { name: 'specific owner listed first', filename: 'src/admin.ts', code: pollerModule('ADMIN_TOKEN'), options: adminThenDefault },
    {
      name: 'token as an array',
      filename: 'src/admin.ts',
      code: `${pollerModule('ADMIN_TOKEN')}const audit = new TelegramBot(process.env.AUDIT_TOKEN!, { polling: true });\n`,
      options: [{ owners: [{ module: 'src/bot.ts' }, { module: 'src/admin.ts', token: ['ADMIN_TOKEN', 'AUDIT_TOKEN'] }] }],
    },
    {
      name: 'hard-coded token owned by its bot id',
      filename: 'src/legacy.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot('${FAKE_TOKEN}', { polling: true });\n`,
      options: [{ owners: [{ module: 'src/legacy.ts', token: '123456789' }] }],
    },
  ],
  invalid: [
    {
      name: 'the named token in the owner without token belongs to the specific owner',
      filename: 'src/bot.ts',
      code: pollerModule('ADMIN_TOKEN'),
      options: defaultAndAdmin,
      errors: [{ messageId: 'outsideOwner', data: { token: 'ADMIN_TOKEN', owner: 'src/admin.ts', exportName: 'bot' } , suggestions: importSuggestion('./admin') }],
    },
    {
      name: 'the named token in the owner without token, specific owner listed first',
      filename: 'src/bot.ts',
      code: pollerModule('ADMIN_TOKEN'),
      options: adminThenDefault,
      errors: [{ messageId: 'outsideOwner', data: { token: 'ADMIN_TOKEN', owner: 'src/admin.ts', exportName: 'bot' } , suggestions: importSuggestion('./admin') }],
    },
    // src/bot.ts is not on disk here, so it polls nothing: an owner without `token` owns only
    // what its module polls (unnamed-owner.test.ts has the owner on disk).
    {
      name: 'an unnamed token in the specific owner: the owner without token does not poll it, so it has no owner',
      filename: 'src/admin.ts',
      code: pollerModule('BOT_TOKEN'),
      options: adminThenDefault,
      errors: [{ messageId: 'noOwner', data: { token: 'BOT_TOKEN' }, suggestions: [] }],
    },
    {
      name: 'an unnamed token elsewhere is not the owner without token\'s: no owner, no suggestion',
      filename: 'src/jobs/digest.ts',
      code: pollerModule('SUPPORT_TOKEN'),
      options: defaultAndAdmin,
      errors: [{ messageId: 'noOwner', data: { token: 'SUPPORT_TOKEN' }, suggestions: [] }],
    },
    {
      name: 'hard-coded token elsewhere: named by bot id, secret never shown',
      filename: 'src/other.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot('${FAKE_TOKEN}', { polling: true });\n`,
      options: [{ owners: [{ module: 'src/legacy.ts', token: '123456789' }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: 'hard-coded token of bot 123456789', owner: 'src/legacy.ts', exportName: 'bot' } , suggestions: importSuggestion('./legacy') }],
    },
  ],
});

ruleTester.run('no-duplicate-poller: noOwner', rule, {
  valid: [
    {
      name: 'a bot outside its owner that is only created polls nothing',
      filename: 'src/other.ts',
      code: "import { Bot } from 'grammy';\nconst other = new Bot(process.env.BOT_TOKEN!);\nother.command('help', (ctx) => ctx.reply('help'));\n",
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
    },
  ],
  invalid: [
    {
      name: 'a token no owner names, and no default owner',
      filename: 'src/support.ts',
      code: pollerModule('SUPPORT_TOKEN'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [{ messageId: 'noOwner', data: { token: 'SUPPORT_TOKEN' }, suggestions: [] }],
    },
    {
      name: 'even inside another token\'s owner module',
      filename: 'src/bot.ts',
      code: pollerModule('SUPPORT_TOKEN'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [{ messageId: 'noOwner', data: { token: 'SUPPORT_TOKEN' } }],
    },
    {
      name: 'a telegraf bot no owner names, launched twice: each launch() is a site',
      filename: 'src/support.ts',
      code: "import { Telegraf } from 'telegraf';\nconst support = new Telegraf(process.env.SUPPORT_TOKEN!);\nvoid support.launch();\nprocess.once('SIGUSR2', () => void support.launch());\n",
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [
        { messageId: 'noOwner', data: { token: 'SUPPORT_TOKEN' }, line: 3 },
        { messageId: 'noOwner', data: { token: 'SUPPORT_TOKEN' }, line: 4 },
      ],
    },
    {
      name: 'a grammY bot outside its owner, started in a function called at module level: reported at bot.start(), no suggestion',
      filename: 'src/other.ts',
      code: "import { Bot } from 'grammy';\nconst other = new Bot(process.env.BOT_TOKEN!);\nasync function main() {\n  await other.start();\n}\nvoid main();\n",
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: 'BOT_TOKEN', owner: 'src/bot.ts', exportName: 'bot' }, line: 4, suggestions: [] }],
    },
    {
      name: 'a hard-coded token no owner names: bot id only',
      filename: 'src/legacy.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot('${FAKE_TOKEN}', { polling: true });\n`,
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [{ messageId: 'noOwner', data: { token: 'hard-coded token of bot 123456789' } }],
    },
  ],
});

ruleTester.run('no-duplicate-poller: custom export name', rule, {
  valid: [
    { filename: 'src/telegram.ts', code: pollerModule(MAIN, 'telegram'), options: [{ owners: [{ module: 'src/telegram.ts', export: 'telegram' }] }] },
  ],
  invalid: [
    {
      name: 'the message names the custom export; the suggestion imports it under the local name',
      filename: 'src/routes/hooks.ts',
      code: pollerModule(MAIN),
      options: [{ owners: [{ module: 'src/telegram.ts', token: MAIN, export: 'telegram' }] }],
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: MAIN, owner: 'src/telegram.ts', exportName: 'telegram' },
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'telegram', specifier: '../telegram' },
              output: `import { telegram as bot } from '../telegram';\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'local name equal to the custom export',
      filename: 'src/routes/hooks.ts',
      code: pollerModule(MAIN, 'telegram'),
      options: [{ owners: [{ module: 'src/telegram.ts', token: MAIN, export: 'telegram' }] }],
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: MAIN, owner: 'src/telegram.ts', exportName: 'telegram' },
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'telegram', specifier: '../telegram' },
              output: `import { telegram } from '../telegram';\n`,
            },
          ],
        },
      ],
    },
  ],
});

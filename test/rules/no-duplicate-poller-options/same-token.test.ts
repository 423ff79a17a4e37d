/**
 * `sameToken`: env names that hold one token in the deployment are one bot; names the user did
 * not group stay different bots. Also the key sets of `A || B` and ternary token expressions.
 */
import { importSuggestion, NTBA_IMPORT, pollerModule, rule, ruleTester } from './helpers.js';

/** Two constructor pollers in one TS file. */
function twoPollers(first: string, second: string): string {
  return `${NTBA_IMPORT}\nconst a = new TelegramBot(${first}, { polling: true });\nconst b = new TelegramBot(${second}, { polling: true });\n`;
}

const adminIsBot = [['ADMIN_TOKEN', 'BOT_TOKEN']];

ruleTester.run('no-duplicate-poller: sameToken', rule, {
  valid: [
    {
      name: 'without sameToken, two env names are two bots',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.ADMIN_TOKEN!', 'process.env.BOT_TOKEN!'),
    },
    {
      name: 'names in different groups are never merged',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.BOT_TOKEN!', 'process.env.SUPPORT_TOKEN!'),
      options: [{ sameToken: [['ADMIN_TOKEN', 'BOT_TOKEN'], ['SUPPORT_TOKEN', 'HELPDESK_TOKEN']] }],
    },
    {
      name: 'a name outside every group stays its own bot',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.ADMIN_TOKEN!', 'process.env.OTHER_TOKEN!'),
      options: [{ sameToken: adminIsBot }],
    },
    {
      name: 'the owner of one name owns every name of its group',
      filename: 'src/bot.ts',
      code: pollerModule('ADMIN_TOKEN'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }], sameToken: adminIsBot }],
    },
    {
      name: 'the owner may name the group by any of its names',
      filename: 'src/bot.ts',
      code: pollerModule('BOT_TOKEN'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'ADMIN_TOKEN' }], sameToken: adminIsBot }],
    },
    {
      name: 'grouped names with their own owners each stay in their owner',
      filename: 'src/support.ts',
      code: pollerModule('HELPDESK_TOKEN'),
      options: [
        {
          owners: [
            { module: 'src/bot.ts', token: 'BOT_TOKEN' },
            { module: 'src/support.ts', token: 'SUPPORT_TOKEN' },
          ],
          sameToken: [['ADMIN_TOKEN', 'BOT_TOKEN'], ['SUPPORT_TOKEN', 'HELPDESK_TOKEN']],
        },
      ],
    },
    {
      name: 'unknown tokens are never merged with a group',
      filename: 'src/bots.ts',
      code: `declare function readToken(): string;\n${twoPollers('process.env.ADMIN_TOKEN!', 'readToken()')}`,
      options: [{ sameToken: adminIsBot }],
    },
  ],
  invalid: [
    {
      name: 'ADMIN_TOKEN and BOT_TOKEN are one token: the second poller is a duplicate',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.ADMIN_TOKEN!', 'process.env.BOT_TOKEN!'),
      options: [{ sameToken: adminIsBot }],
      errors: [{ messageId: 'duplicateInFile', data: { token: 'BOT_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: 'group order does not matter',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.ADMIN_TOKEN!', 'process.env.BOT_TOKEN!'),
      options: [{ sameToken: [['BOT_TOKEN', 'ADMIN_TOKEN']] }],
      errors: [{ messageId: 'duplicateInFile', data: { token: 'BOT_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: 'groups that share a name are one group',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.ADMIN_TOKEN!', 'process.env.TELEGRAM_TOKEN!'),
      options: [{ sameToken: [['ADMIN_TOKEN', 'BOT_TOKEN'], ['BOT_TOKEN', 'TELEGRAM_TOKEN']] }],
      errors: [{ messageId: 'duplicateInFile', data: { token: 'TELEGRAM_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: 'a grouped name outside the group owner: reported under its own name',
      filename: 'src/admin.ts',
      code: pollerModule('ADMIN_TOKEN'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }], sameToken: adminIsBot }],
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: 'ADMIN_TOKEN', owner: 'src/bot.ts', exportName: 'bot' },
          suggestions: importSuggestion('./bot'),
        },
      ],
    },
    {
      name: 'without sameToken the same site has no owner',
      filename: 'src/admin.ts',
      code: pollerModule('ADMIN_TOKEN'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [{ messageId: 'noOwner', data: { token: 'ADMIN_TOKEN' } }],
    },
    {
      name: 'grouped names in the group owner: still one poller per token there',
      filename: 'src/bot.ts',
      code: twoPollers('process.env.BOT_TOKEN!', 'process.env.ADMIN_TOKEN!'),
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }], sameToken: adminIsBot }],
      errors: [{ messageId: 'duplicateInFile', data: { token: 'ADMIN_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: 'another group\'s name is reported against that group\'s owner',
      filename: 'src/bot.ts',
      code: pollerModule('HELPDESK_TOKEN'),
      options: [
        {
          owners: [
            { module: 'src/bot.ts', token: 'BOT_TOKEN' },
            { module: 'src/support.ts', token: 'SUPPORT_TOKEN' },
          ],
          sameToken: [['ADMIN_TOKEN', 'BOT_TOKEN'], ['SUPPORT_TOKEN', 'HELPDESK_TOKEN']],
        },
      ],
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: 'HELPDESK_TOKEN', owner: 'src/support.ts', exportName: 'bot' },
          suggestions: importSuggestion('./support'),
        },
      ],
    },
  ],
});

ruleTester.run('no-duplicate-poller: token expressions with several keys', rule, {
  valid: [
    {
      name: '`A && B` is B only',
      filename: 'src/bots.ts',
      code: twoPollers('process.env.A_TOKEN!', '(process.env.USE_B && process.env.B_TOKEN)!'),
    },
    {
      name: 'keys of `A || B` both owned by this module',
      filename: 'src/bot.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot((process.env.BOT_TOKEN || process.env.TELEGRAM_TOKEN)!, { polling: true });\n`,
      options: [{ owners: [{ module: 'src/bot.ts', token: ['BOT_TOKEN', 'TELEGRAM_TOKEN'] }] }],
    },
  ],
  invalid: [
    {
      name: '`A || B` meets a later B',
      filename: 'src/bots.ts',
      code: twoPollers('(process.env.BOT_TOKEN || process.env.TELEGRAM_TOKEN)!', 'process.env.TELEGRAM_TOKEN!'),
      errors: [{ messageId: 'duplicateInFile', data: { token: 'TELEGRAM_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: '`A ?? B` meets a later A',
      filename: 'src/bots.ts',
      code: twoPollers('(process.env.BOT_TOKEN ?? process.env.TELEGRAM_TOKEN)!', 'process.env.BOT_TOKEN!'),
      errors: [{ messageId: 'duplicateInFile', data: { token: 'BOT_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: 'a ternary token meets either arm',
      filename: 'src/bots.ts',
      code: twoPollers("(process.env.NODE_ENV === 'production' ? process.env.PROD_TOKEN : process.env.DEV_TOKEN)!", 'process.env.DEV_TOKEN!'),
      errors: [{ messageId: 'duplicateInFile', data: { token: 'DEV_TOKEN', line: '2' }, line: 3 }],
    },
    {
      name: '`A || B` in A\'s owner: B belongs to another owner',
      filename: 'src/bot.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot((process.env.BOT_TOKEN || process.env.ADMIN_TOKEN)!, { polling: true });\n`,
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }, { module: 'src/admin.ts', token: 'ADMIN_TOKEN' }] }],
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: 'ADMIN_TOKEN', owner: 'src/admin.ts', exportName: 'bot' },
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'bot', specifier: './admin' },
              output: `import { bot } from './admin';\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'a ternary token with an arm no owner names',
      filename: 'src/bot.ts',
      code: `${NTBA_IMPORT}\nconst bot = new TelegramBot((process.env.PROD ? process.env.BOT_TOKEN : process.env.DEV_TOKEN)!, { polling: true });\n`,
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }] }],
      errors: [{ messageId: 'noOwner', data: { token: 'DEV_TOKEN' } }],
    },
    {
      name: 'a ternary token whose arms are grouped is one key set in the owner',
      filename: 'src/bot.ts',
      code: `${NTBA_IMPORT}\nconst a = new TelegramBot((process.env.PROD ? process.env.BOT_TOKEN : process.env.DEV_TOKEN)!, { polling: true });\nconst b = new TelegramBot(process.env.DEV_TOKEN!, { polling: true });\n`,
      options: [{ owners: [{ module: 'src/bot.ts', token: 'BOT_TOKEN' }], sameToken: [['BOT_TOKEN', 'DEV_TOKEN']] }],
      errors: [{ messageId: 'duplicateInFile', data: { token: 'DEV_TOKEN', line: '2' }, line: 3 }],
    },
  ],
});

/**
 * What the owner's bot is decides what the rule says and offers: another library or major API
 * cannot stand in for this bot, a lazily created bot is reached through the owner's getter (or
 * the owner needs one first). The owners are real files (test/fixtures/owner-kinds), a NodeNext
 * ES module project; the last suite applies the editor suggestions through ESLint's Node API
 * and type-checks the result.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../../../src/index.js';
import { repositoryRoot, tempProjects } from '../../helpers/temp-project.js';
import { rule, ruleTester, type Options } from './helpers.js';

const FIXTURE = 'test/fixtures/owner-kinds';
const OWNER = `${FIXTURE}/src/services/telegramBot.ts`;
const LAZY_OWNER = `${FIXTURE}/src/services/lazyBot.ts`;
const GETTER_OWNER = `${FIXTURE}/src/services/lazyGetterBot.ts`;

const owners: Options = [
  {
    owners: [
      { module: OWNER, token: 'BOT_TOKEN' },
      { module: LAZY_OWNER, token: 'LAZY_TOKEN' },
      { module: GETTER_OWNER, token: 'GETTER_TOKEN' },
    ],
  },
];

const NTBA = "import TelegramBot from 'node-telegram-bot-api';";

ruleTester.run('no-duplicate-poller: what the owner module holds', rule, {
  valid: [],
  invalid: [
    {
      name: 'a telegraf bot of the token of a node-telegram-bot-api owner: another library, no suggestion',
      filename: `${FIXTURE}/src/routes/digest.ts`,
      code: "import { Telegraf } from 'telegraf';\nconst digest = new Telegraf(process.env.BOT_TOKEN!);\nvoid digest.launch();\n",
      options: owners,
      errors: [
        {
          messageId: 'outsideOwnerOtherLibrary',
          data: { token: 'BOT_TOKEN', owner: OWNER, library: 'telegraf 3.x, 4.x', ownerLibrary: 'node-telegram-bot-api 0.x, 1.x' },
          // Where it starts polling, not where it is created.
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a grammY bot of that token: another library',
      filename: `${FIXTURE}/src/routes/shop.ts`,
      code: "import { Bot } from 'grammy';\nconst shop = new Bot(process.env.BOT_TOKEN!);\nvoid shop.start();\n",
      options: owners,
      errors: [
        {
          messageId: 'outsideOwnerOtherLibrary',
          data: { token: 'BOT_TOKEN', owner: OWNER, library: 'grammy 1.x', ownerLibrary: 'node-telegram-bot-api 0.x, 1.x' },
          // Where it starts polling, not where it is created.
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'node-telegram-bot-api 2.x against a 0.x/1.x owner: same package, another major API',
      filename: `${FIXTURE}/src/routes/next.ts`,
      code: "import { Bot } from 'node-telegram-bot-api';\nconst next = new Bot(process.env.BOT_TOKEN!);\nvoid next.startPolling();\n",
      options: owners,
      errors: [
        {
          messageId: 'outsideOwnerOtherLibrary',
          data: { token: 'BOT_TOKEN', owner: OWNER, library: 'node-telegram-bot-api 2.x', ownerLibrary: 'node-telegram-bot-api 0.x, 1.x' },
          // Where it starts polling, not where it is created.
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: 'an owner that creates its bot in initTelegramBot() and has no getter: the change to make, no suggestion',
      filename: `${FIXTURE}/src/routes/lazy.ts`,
      code: `${NTBA}\nconst lazy = new TelegramBot(process.env.LAZY_TOKEN!, { polling: true });\n`,
      options: owners,
      errors: [{ messageId: 'outsideLazyOwner', data: { token: 'LAZY_TOKEN', owner: LAZY_OWNER, creator: 'initTelegramBot()' }, suggestions: [] }],
    },
    {
      name: 'an owner with a getter: call it; NodeNext ESM takes .js even without other relative imports',
      filename: `${FIXTURE}/src/routes/leads.ts`,
      code: readFileSync(path.join(repositoryRoot, FIXTURE, 'src/routes/leads.ts'), 'utf8'),
      options: owners,
      errors: [
        {
          messageId: 'outsideOwnerGetter',
          data: { token: 'GETTER_TOKEN', owner: GETTER_OWNER, getter: 'getBot' },
          suggestions: [
            {
              messageId: 'callOwnerGetter',
              data: { getter: 'getBot', specifier: '../services/lazyGetterBot.js' },
              output:
                "import { getBot } from '../services/lazyGetterBot.js';\n\nconst leadsBot = getBot();\n\nleadsBot.on('callback_query', (query) => {\n  void leadsBot.answerCallbackQuery(query.id);\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'the same library, created at import: import the instance (.js in NodeNext ESM), the library import goes',
      filename: `${FIXTURE}/src/routes/admin.ts`,
      code: readFileSync(path.join(repositoryRoot, FIXTURE, 'src/routes/admin.ts'), 'utf8'),
      options: owners,
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: 'BOT_TOKEN', owner: OWNER, exportName: 'bot' },
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'bot', specifier: '../services/telegramBot.js' },
              output:
                "import { bot as adminBot } from '../services/telegramBot.js';\n\nadminBot.onText(/\\/health/, (message) => {\n  void adminBot.sendMessage(message.chat.id, 'healthy');\n});\n",
            },
          ],
        },
      ],
    },
  ],
});

describe('the editor suggestion through ESLint\'s Node API, NodeNext ES modules', () => {
  const projects = tempProjects();
  afterAll(() => projects.cleanup());
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const typecheck = (dir: string) => spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });

  it('applying each suggestion gives a project that type-checks and that the rule accepts', async () => {
    const dir = projects.make('owner-kinds');
    cpSync(path.join(repositoryRoot, FIXTURE), dir, { recursive: true });
    expect(typecheck(dir).stdout, 'the project type-checks before').toBe('');
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser as never },
          plugins: { 'telegram-bot': plugin as never },
          rules: {
            'telegram-bot/no-duplicate-poller': [
              'error',
              { owners: [{ module: 'src/services/telegramBot.ts', token: 'BOT_TOKEN' }, { module: 'src/services/lazyGetterBot.ts', token: 'GETTER_TOKEN' }] },
            ],
          },
        },
      ],
    });
    const files = ['src/routes/admin.ts', 'src/routes/leads.ts'];
    const results = await eslint.lintFiles(files);
    for (const result of results) {
      const [message, ...others] = result.messages;
      expect(others, result.filePath).toEqual([]);
      const fix = message?.suggestions?.[0]?.fix;
      expect(fix, `${result.filePath}: a suggestion`).toBeDefined();
      const source = readFileSync(result.filePath, 'utf8');
      writeFileSync(result.filePath, source.slice(0, fix!.range[0]) + fix!.text + source.slice(fix!.range[1]));
    }
    expect(readFileSync(path.join(dir, 'src/routes/admin.ts'), 'utf8')).toMatch(/^import \{ bot as adminBot \} from '\.\.\/services\/telegramBot\.js';\n/);
    expect(readFileSync(path.join(dir, 'src/routes/leads.ts'), 'utf8')).toContain('const leadsBot = getBot();');
    const after = typecheck(dir);
    expect(after.stdout + after.stderr, 'the project type-checks after').toBe('');
    expect(after.status).toBe(0);
    const again = await eslint.lintFiles(files);
    expect(again.flatMap((result) => result.messages)).toEqual([]);
  });
});

/**
 * An owner without `token` owns the tokens its module polls, as the project model reads them
 * (here through a config module), and nothing else: a bot of another token gets the "declare
 * an owner" message and no suggestion; a bot of the owner's token gets the import. The owner
 * is a real file (test/fixtures/unnamed-owner, a NodeNext ES module project); the last suite
 * runs the rule through ESLint's Node API, applies the suggestion and type-checks the result.
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
import { NTBA_IMPORT, pollerModule, rule, ruleTester, type Options } from './helpers.js';

const FIXTURE = 'test/fixtures/unnamed-owner';
const OWNER = `${FIXTURE}/src/services/telegramBot.ts`;
const read = (file: string) => readFileSync(path.join(repositoryRoot, FIXTURE, file), 'utf8');

const unnamed: Options = [{ owners: [{ module: OWNER }] }];
/** Plus an owner that names its token (a file that is not on disk: linted only as virtual files). */
const withAdmin: Options = [{ owners: [{ module: OWNER }, { module: `${FIXTURE}/src/services/adminBot.ts`, token: 'ADMIN_TOKEN' }] }];

ruleTester.run('no-duplicate-poller: an owner without token owns what its module polls', rule, {
  valid: [
    { name: 'the owner itself', filename: OWNER, code: read('src/services/telegramBot.ts'), options: unnamed },
    {
      name: 'a module that uses the owner\'s bot',
      filename: `${FIXTURE}/src/routes/report.ts`,
      code: "import { bot } from '../services/telegramBot.js';\n\nbot.onText(/\\/report/, (message) => {\n  void bot.sendMessage(message.chat.id, 'ok');\n});\n",
      options: unnamed,
    },
    {
      name: 'a second bot the owner module creates is its own (it polls that token now)',
      filename: OWNER,
      code: `${read('src/services/telegramBot.ts')}\nexport const leads = new TelegramBot(process.env.LEADS_BOT_TOKEN!, { polling: true });\n`,
      options: unnamed,
    },
    { name: 'the named owner, its token', filename: `${FIXTURE}/src/services/adminBot.ts`, code: pollerModule('ADMIN_TOKEN'), options: withAdmin },
  ],
  invalid: [
    {
      name: 'another bot (its own env var): declare an owner, no suggestion',
      filename: `${FIXTURE}/src/routes/leads.ts`,
      code: read('src/routes/leads.ts'),
      options: unnamed,
      errors: [{ messageId: 'noOwner', data: { token: 'LEADS_BOT_TOKEN' }, line: 3, suggestions: [] }],
    },
    {
      name: 'the owner\'s token (read through its config module): import the owner\'s bot',
      filename: `${FIXTURE}/src/routes/traffic.ts`,
      code: read('src/routes/traffic.ts'),
      options: unnamed,
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: 'TRAFFIC_BOT_TOKEN', owner: OWNER, exportName: 'bot' },
          line: 3,
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'bot', specifier: '../services/telegramBot.js' },
              output:
                "import { bot as trafficBot } from '../services/telegramBot.js';\n\ntrafficBot.onText(/\\/daily/, (message) => {\n  void trafficBot.sendMessage(message.chat.id, 'Daily traffic: see the dashboard.');\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'the owner\'s token in the named owner\'s module: the owner without token owns it',
      filename: `${FIXTURE}/src/services/adminBot.ts`,
      code: pollerModule('TRAFFIC_BOT_TOKEN'),
      options: withAdmin,
      errors: [
        {
          messageId: 'outsideOwner',
          data: { token: 'TRAFFIC_BOT_TOKEN', owner: OWNER, exportName: 'bot' },
          suggestions: [
            {
              messageId: 'importOwnerInstance',
              data: { exportName: 'bot', specifier: './telegramBot.js' },
              output: "import { bot } from './telegramBot.js';\n",
            },
          ],
        },
      ],
    },
    {
      name: 'an owner named for the token whose bot of it is send-only: reported, but its bot is never offered',
      filename: `${FIXTURE}/src/routes/leads.ts`,
      code: read('src/routes/leads.ts'),
      options: [{ owners: [{ module: OWNER, token: 'LEADS_BOT_TOKEN', export: 'leadsNotifier' }] }],
      errors: [{ messageId: 'outsideOwner', data: { token: 'LEADS_BOT_TOKEN', owner: OWNER, exportName: 'leadsNotifier' }, suggestions: [] }],
    },
    {
      name: 'a token neither owner names nor polls: declare an owner',
      filename: `${FIXTURE}/src/jobs/digest.ts`,
      code: `${NTBA_IMPORT}\nconst digest = new TelegramBot(process.env.SUPPORT_TOKEN!, { polling: true });\n`,
      options: withAdmin,
      errors: [{ messageId: 'noOwner', data: { token: 'SUPPORT_TOKEN' }, suggestions: [] }],
    },
  ],
});

describe('an owner without token through ESLint\'s Node API, NodeNext ES modules', () => {
  const projects = tempProjects();
  afterAll(() => projects.cleanup());
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const typecheck = (dir: string) => spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });

  it('offers the import for the owner\'s token only; the result type-checks; the other bot stays reported', async () => {
    const dir = projects.make('unnamed-owner');
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
          rules: { 'telegram-bot/no-duplicate-poller': ['error', { owners: [{ module: 'src/services/telegramBot.ts' }] }] },
        },
      ],
    });
    const lintAll = async () => Object.fromEntries((await eslint.lintFiles(['src'])).map((result) => [path.relative(dir, result.filePath).split(path.sep).join('/'), result.messages]));
    const before = await lintAll();
    expect(Object.keys(before).sort()).toEqual(['src/config.ts', 'src/index.ts', 'src/routes/leads.ts', 'src/routes/traffic.ts', 'src/services/telegramBot.ts']);
    for (const file of ['src/config.ts', 'src/index.ts', 'src/services/telegramBot.ts']) expect(before[file], file).toEqual([]);
    const [leads, ...moreLeads] = before['src/routes/leads.ts']!;
    expect(moreLeads).toEqual([]);
    expect(leads?.message).toContain('Polling bot for token LEADS_BOT_TOKEN, which no owner module owns. Declare its owner');
    expect(leads?.suggestions ?? []).toEqual([]);
    const [traffic, ...moreTraffic] = before['src/routes/traffic.ts']!;
    expect(moreTraffic).toEqual([]);
    expect(traffic?.message).toContain('created outside its owner module src/services/telegramBot.ts');
    const fix = traffic?.suggestions?.[0]?.fix;
    expect(fix).toBeDefined();

    const trafficFile = path.join(dir, 'src/routes/traffic.ts');
    const source = readFileSync(trafficFile, 'utf8');
    writeFileSync(trafficFile, source.slice(0, fix!.range[0]) + fix!.text + source.slice(fix!.range[1]));
    const after = typecheck(dir);
    expect(after.stdout + after.stderr, 'the project type-checks after').toBe('');
    expect(after.status).toBe(0);
    const again = await lintAll();
    expect(again['src/routes/traffic.ts']).toEqual([]);
    expect(again['src/routes/leads.ts']?.map((message) => message.messageId)).toEqual(['noOwner']);
  });
});

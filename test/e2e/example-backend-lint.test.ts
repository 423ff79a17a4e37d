// The bundled example backend, linted end to end through ESLint's Node API with its real
// flat config (example/backend/eslint.config.mjs), the way the CLI, editors and the demo do.
// Needs the built plugin: `npm test` builds first.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ESLint } from 'eslint';
import { ESLint as ESLint9 } from 'eslint9';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const backend = path.join(root, 'example/backend');
const configFile = path.join(backend, 'eslint.config.mjs');

interface Finding {
  file: string;
  line: number;
  rule: string | null;
  message: string;
}

/** The two duplicates of the incident: routes/telegram.ts and config/telegram-service.ts. */
const expected = [
  { file: 'src/config/telegram-service.ts', line: 10, rule: 'telegram-bot/no-duplicate-poller' },
  { file: 'src/routes/telegram.ts', line: 14, rule: 'telegram-bot/no-duplicate-poller' },
];

/** Both owners poll as soon as they are imported (the incident's other lesson). */
const expectedOnImport = [
  { file: 'src/services/iaeAgentBot.ts', line: 7, rule: 'telegram-bot/no-polling-on-import' },
  { file: 'src/services/telegramBot.ts', line: 7, rule: 'telegram-bot/no-polling-on-import' },
];

function findings(results: ESLint.LintResult[] | ESLint9.LintResult[]): Finding[] {
  return results
    .flatMap((result) =>
      result.messages.map((message) => ({
        file: path.relative(backend, result.filePath).split(path.sep).join('/'),
        line: message.line,
        rule: message.ruleId,
        message: message.message,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file));
}

function expectIncidentFindings(all: Finding[], ownerPath: string): void {
  const actual = all.filter((finding) => finding.rule === 'telegram-bot/no-duplicate-poller');
  expect(actual.map(({ file, line, rule }) => ({ file, line, rule }))).toEqual(expected);
  const onImport = all.filter((finding) => finding.rule === 'telegram-bot/no-polling-on-import');
  expect(onImport.map(({ file, line, rule }) => ({ file, line, rule }))).toEqual(expectedOnImport);
  expect(all).toHaveLength(expected.length + expectedOnImport.length);
  for (const finding of actual) {
    expect(finding.message).toContain('token TELEGRAM_BOT_TOKEN');
    expect(finding.message).toContain(`owner module ${ownerPath}`);
    expect(finding.message).toContain('Import `bot`');
  }
}

describe('example backend through the ESLint Node API', () => {
  it('ESLint 10 from the backend folder reports exactly the two duplicate pollers of TELEGRAM_BOT_TOKEN', async () => {
    const eslint = new ESLint({ cwd: backend });
    const actual = findings(await eslint.lintFiles(['src']));
    expectIncidentFindings(actual, 'src/services/telegramBot.ts');
  });

  it('no-duplicate-poller leaves the owner, the second bot (IAE_BOT_TOKEN) and the send-only script alone', async () => {
    const eslint = new ESLint({ cwd: backend });
    const results = await eslint.lintFiles([
      'src/services/telegramBot.ts',
      'src/services/iaeAgentBot.ts',
      'src/scripts/send-daily-report.ts',
      'src/server.ts',
    ]);
    expect(results).toHaveLength(4);
    expect(findings(results).filter((finding) => finding.rule === 'telegram-bot/no-duplicate-poller')).toEqual([]);
  });

  it('no-polling-on-import reports the two owners that poll when imported, and not the entry or the script', async () => {
    const eslint = new ESLint({ cwd: backend });
    const onImport = findings(await eslint.lintFiles(['src'])).filter((finding) => finding.rule === 'telegram-bot/no-polling-on-import');
    expect(onImport.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/services/iaeAgentBot.ts', line: 7 },
      { file: 'src/services/telegramBot.ts', line: 7 },
    ]);
    expect(onImport[1]?.message).toContain('Importing this module starts polling the bot of TELEGRAM_BOT_TOKEN');
  });

  it('ESLint 10 run from a monorepo root finds the same, with owner paths relative to that root', async () => {
    const eslint = new ESLint({ cwd: root });
    const actual = findings(await eslint.lintFiles(['example/backend/src']));
    expectIncidentFindings(actual, 'example/backend/src/services/telegramBot.ts');
  });

  it('an editor-style lintText call (cwd at the workspace root) gets the diagnostic and the suggestion', async () => {
    const eslint = new ESLint({ cwd: root });
    const filePath = path.join(backend, 'src/config/telegram-service.ts');
    const [result] = await eslint.lintText(readFileSync(filePath, 'utf8'), { filePath });
    // telegram-service.ts exports a function that creates the poller: not at import.
    expect(result?.messages.map((message) => [message.line, message.ruleId])).toEqual([
      [10, 'telegram-bot/no-duplicate-poller'],
    ]);
    // `telegramService.bot = new …` is a member assignment: no one-click suggestion for it.
    expect(result?.messages[0]?.suggestions ?? []).toEqual([]);
  });

  it('ESLint 9 with the same flat config reports the same findings', async () => {
    const eslint = new ESLint9({ cwd: backend, overrideConfigFile: configFile });
    const actual = findings(await eslint.lintFiles(['src']));
    expectIncidentFindings(actual, 'src/services/telegramBot.ts');
  });

  it('ESLint 9 run from a monorepo root with --config finds the same', async () => {
    const eslint = new ESLint9({ cwd: root, overrideConfigFile: configFile });
    const actual = findings(await eslint.lintFiles(['example/backend/src']));
    expectIncidentFindings(actual, 'example/backend/src/services/telegramBot.ts');
  });

  it('owners written relative to the cwd work when ESLint runs from the project folder', async () => {
    const eslint = new ESLint({
      cwd: backend,
      overrideConfig: {
        rules: {
          'telegram-bot/no-duplicate-poller': [
            'error',
            {
              owners: [
                { module: 'src/services/telegramBot.ts', token: 'TELEGRAM_BOT_TOKEN' },
                { module: 'src/services/iaeAgentBot', token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
              ],
            },
          ],
        },
      },
    });
    expectIncidentFindings(findings(await eslint.lintFiles(['src'])), 'src/services/telegramBot.ts');
  });

  it('without owners, the project index reports every poller of TELEGRAM_BOT_TOKEN and leaves the IAE bot alone', async () => {
    const eslint = new ESLint({
      cwd: backend,
      // A severity alone would keep the owners of the file config; reset the options too.
      overrideConfig: { rules: { 'telegram-bot/no-duplicate-poller': ['error', {}] } },
    });
    const duplicates = findings(await eslint.lintFiles(['src'])).filter((finding) => finding.rule === 'telegram-bot/no-duplicate-poller');
    expect(duplicates.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'src/config/telegram-service.ts', line: 10 },
      { file: 'src/routes/telegram.ts', line: 14 },
      { file: 'src/services/telegramBot.ts', line: 7 },
    ]);
    for (const duplicate of duplicates) expect(duplicate.message).toMatch(/^Token TELEGRAM_BOT_TOKEN is also polled in \S+:\d+\./);
  });
});

// The rule's project model stays fresh at the cost of what changed: a save in a file that
// matters, a new or removed file, a save in a file linted lately are seen by the next lint after
// a pause (as an editor lints), and an edit elsewhere within a round of sweeps; each refresh reads
// only the files that changed. The clock is passed in (`now`), so nothing here depends on timing
// except the ESLint case, which waits a little longer than the pause that marks an editor's lint.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { ESLint } from 'eslint';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { clearProjectModels, projectModelFor } from '../../src/project/live.js';
import type { ProjectModel } from '../../src/project/model.js';
import { clearProjectRoots } from '../../src/project/root.js';
import { repositoryRoot } from '../helpers/temp-project.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'telegram-live-model-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => {
  clearProjectModels();
  clearProjectRoots();
});

const PAST = new Date('2024-01-01T00:00:00Z');
const ntba = "import TelegramBot from 'node-telegram-bot-api';\n";
const poller = (token: string) => `${ntba}export const bot = new TelegramBot(process.env.${token}!, { polling: true });\n`;

let count = 0;
function project(files: Record<string, string>): { root: string; write(file: string, text: string): string; remove(file: string): void } {
  const root = path.join(base, `project-${++count}`);
  const write = (file: string, text: string) => {
    const absolute = path.join(root, file);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    return absolute;
  };
  write('package.json', JSON.stringify({ name: 'live', private: true, main: 'src/index.ts' }));
  // Written long ago: a file saved within the last seconds is checked by content at every refresh.
  for (const [file, text] of Object.entries(files)) utimesSync(write(file, text), PAST, PAST);
  return { root, write, remove: (file) => unlinkSync(path.join(root, file)) };
}

function starts(model: ProjectModel): string[] {
  return model
    .processes()
    .flatMap((process) => process.events)
    .filter((event) => event.kind === 'start')
    .map((event) => `${path.relative(model.root, event.file).split(path.sep).join('/')} ${event.instance.tokenKeys.join(',')}`)
    .sort();
}

describe('the rule model after a save', () => {
  const files = {
    'src/index.ts': "import './bot.js';\nimport './util/format.js';\n",
    'src/bot.ts': poller('BOT_TOKEN'),
    'src/routes.ts': 'export const route = "/hook";\n',
    'src/util/format.ts': 'export const format = (value: string) => value.trim();\n',
  };

  it('sees a save in a file that matters at the next lint, reading only that file', () => {
    const { root, write } = project(files);
    const routes = path.join(root, 'src/routes.ts');
    expect(starts(projectModelFor(routes, 1_000))).toEqual(['src/bot.ts BOT_TOKEN']);
    write('src/bot.ts', poller('OTHER_BOT_TOKEN'));
    const model = projectModelFor(routes, 2_000);
    expect(starts(model)).toEqual(['src/bot.ts OTHER_BOT_TOKEN']);
    expect(model.work.fromPrevious).toBe(model.files.size - 1);
  });

  it('sees a new file and a removed one (their folder changed), and a save in a file linted lately', () => {
    const { root, write, remove } = project(files);
    const routes = path.join(root, 'src/routes.ts');
    projectModelFor(routes, 1_000);
    write('src/extra/second.ts', poller('BOT_TOKEN'));
    write('src/index.ts', `${files['src/index.ts']}import './extra/second.js';\n`);
    let model = projectModelFor(routes, 2_000);
    expect(starts(model)).toEqual(['src/bot.ts BOT_TOKEN', 'src/extra/second.ts BOT_TOKEN']);
    expect(model.work.fromPrevious).toBe(model.files.size - 2);

    remove('src/extra/second.ts');
    write('src/index.ts', files['src/index.ts']);
    model = projectModelFor(routes, 3_000);
    expect(starts(model)).toEqual(['src/bot.ts BOT_TOKEN']);
    expect(model.files.has(path.join(root, 'src/extra/second.ts'))).toBe(false);

    // routes.ts was just linted (an editor's open file): its save is seen though it did not matter.
    write('src/index.ts', `${files['src/index.ts']}import './routes.js';\n`);
    projectModelFor(routes, 4_000);
    write('src/routes.ts', poller('ROUTES_TOKEN'));
    expect(starts(projectModelFor(path.join(root, 'src/bot.ts'), 5_000))).toEqual(['src/bot.ts BOT_TOKEN', 'src/routes.ts ROUTES_TOKEN']);
  });

  it('answers back-to-back lints of other files of the project with the same model, never another project\'s', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { root, write } = project(files);
      const other = project({ 'src/bot.ts': poller('OTHER_PROJECT_TOKEN') });
      vi.setSystemTime(1_000_000);
      const first = projectModelFor(path.join(root, 'src/routes.ts'));
      write('src/bot.ts', poller('OTHER_BOT_TOKEN'));
      vi.setSystemTime(1_000_005);
      // A CLI run goes on to the next file within a few milliseconds: no check can be due yet.
      expect(projectModelFor(path.join(root, 'src/util/format.ts'))).toBe(first);
      vi.setSystemTime(1_000_010);
      const otherModel = projectModelFor(path.join(other.root, 'src/bot.ts'));
      expect(otherModel).not.toBe(first);
      expect(otherModel.root).toBe(other.root);
      expect([...otherModel.relevant()].map((file) => path.relative(other.root, file))).toEqual([path.join('src', 'bot.ts')]);
      vi.setSystemTime(1_000_015);
      expect(projectModelFor(path.join(root, 'src/index.ts')).root).toBe(root);
      // A second later the checks are due: the save is seen.
      vi.setSystemTime(1_001_015);
      expect(starts(projectModelFor(path.join(root, 'src/index.ts')))).toEqual(['src/bot.ts OTHER_BOT_TOKEN']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers a second ask for a file in the same millisecond as the first, and looks again after', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { root, write } = project(files);
      const routes = path.join(root, 'src/routes.ts');
      vi.setSystemTime(1_000_000);
      const first = projectModelFor(routes);
      expect(starts(first)).toEqual(['src/bot.ts BOT_TOKEN']);
      write('src/bot.ts', poller('OTHER_BOT_TOKEN'));
      // Two rules ask as each lint starts: nothing can be due between their asks.
      expect(projectModelFor(routes)).toBe(first);
      vi.setSystemTime(1_001_000);
      expect(starts(projectModelFor(routes))).toEqual(['src/bot.ts OTHER_BOT_TOKEN']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sees an edit made outside the editor to a file that did not matter within a round of sweeps', () => {
    const { root, write } = project(files);
    const routes = path.join(root, 'src/routes.ts');
    projectModelFor(routes, 1_000);
    write('src/util/format.ts', `${poller('FORMAT_TOKEN')}export const format = (value: string) => value.trim();\n`);
    let seenAfter = 0;
    for (let call = 1; call <= 21 && seenAfter === 0; call++) {
      if (starts(projectModelFor(routes, 1_000 + call * 1_000)).includes('src/util/format.ts FORMAT_TOKEN')) seenAfter = call;
    }
    expect(seenAfter).toBeGreaterThan(0);
  });
});

describe('no-duplicate-poller in an editor', () => {
  it('a save in another file is seen by the next lint of the open file', async () => {
    const { root, write } = project({
      'src/index.ts': "import './bot.js';\nimport './handlers.js';\nimport './util.js';\n",
      'src/bot.ts': poller('BOT_TOKEN'),
      'src/handlers.ts': 'export const handlers = [];\n',
      'src/util.ts': 'export const util = 1;\n',
    });
    const plugin = (await import(path.join(repositoryRoot, 'dist/src/index.js'))).default;
    const tsParser = (await import('@typescript-eslint/parser')).default;
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], plugins: { 'telegram-bot': plugin }, rules: { 'telegram-bot/no-duplicate-poller': 'error' }, languageOptions: { parser: tsParser } },
      ],
    });
    // The editor holds handlers.ts with an unsaved second poller of the bot's token.
    const handlers = `${ntba}export const handlers = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n`;
    const lintHandlers = async () => (await eslint.lintText(handlers, { filePath: path.join(root, 'src/handlers.ts') }))[0]?.messages.map((message) => message.message) ?? [];
    const lintUtil = async () => eslint.lintText('export const util = 1;\n', { filePath: path.join(root, 'src/util.ts') });
    expect(await lintHandlers()).toEqual([expect.stringContaining('src/bot.ts')]);

    // bot.ts is saved with another token: the next lint of handlers.ts no longer reports it.
    write('src/bot.ts', poller('OTHER_BOT_TOKEN'));
    await sleep(150);
    expect(await lintHandlers()).toEqual([]);

    // util.ts, open and linted, is saved with a poller of the token: handlers.ts is reported again.
    await lintUtil();
    await sleep(150);
    write('src/util.ts', `${ntba}export const util = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n`);
    await sleep(150);
    expect(await lintHandlers()).toEqual([expect.stringContaining('src/util.ts')]);
  });
});

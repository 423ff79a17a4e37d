// A model that parses the files naming a bot library while it scans (what `check` asks for)
// says exactly what a model that parses them when asked says, parses each file once, and
// parses again a file that changed between the scan and the question.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ProjectModel } from '../../src/project/model.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'telegram-summarize-early-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let count = 0;

function project(files: Record<string, string>): { root: string; files: string[] } {
  const root = path.join(base, `p${++count}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return { root, files: Object.keys(files).map((name) => path.join(root, name)).sort() };
}

const SOURCES = {
  'package.json': JSON.stringify({ name: 'early', main: 'src/index.ts' }),
  'src/index.ts': "import './bot';\nimport './legacy';\nimport { helper } from './util';\nhelper();\n",
  'src/bot.ts': "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN!);\nbot.launch();\n",
  'src/legacy.js': "const TelegramBot = require('node-telegram-bot-api');\nnew TelegramBot(process.env.BOT_TOKEN, { polling: true });\n",
  'src/broken.ts': "import { Bot } from 'grammy';\nconst bot = new Bot(process.env.OTHER_TOKEN!;\n",
  'src/util.ts': 'export function helper() { return 1; }\n',
};

const sourceFiles = (files: readonly string[]) => files.filter((file) => !file.endsWith('.json'));

describe('summarizeWhileScanning', () => {
  it('gives the summaries, problems and findings of a model that parses when asked, parsing each file once', () => {
    const { root, files } = project(SOURCES);
    const early = new ProjectModel(root, sourceFiles(files), { summarizeWhileScanning: true });
    // The three files that name a library were parsed while the scan ran, before any question.
    expect(early.work.summarised).toBe(3);
    const late = new ProjectModel(root, sourceFiles(files));
    expect(late.work.summarised).toBe(0);

    const relevant = [...late.relevant()].map((file) => path.relative(root, file)).sort();
    expect(relevant).toEqual(['src/bot.ts', 'src/broken.ts', 'src/index.ts', 'src/legacy.js']);
    for (const file of late.relevant()) expect(early.summaryOf(file)).toEqual(late.summaryOf(file));
    // Only src/index.ts (it names no library, it imports one that does) is parsed when asked.
    expect(early.work.summarised).toBe(4);
    expect(late.work.summarised).toBe(4);
    expect(early.problems).toEqual(late.problems);
    expect(early.problems.map((problem) => path.relative(root, problem.file))).toEqual(['src/broken.ts']);
    const events = (model: ProjectModel) => model.processes().flatMap((process) => process.events.map((event) => `${path.relative(root, event.file)}:${event.site.line} ${event.kind}`));
    expect(events(early)).toEqual(events(late));
    expect(events(early).length).toBeGreaterThan(0);
  });

  it('parses again a file whose content changed after the scan, and summarises what is on disk', () => {
    const { root, files } = project(SOURCES);
    const model = new ProjectModel(root, sourceFiles(files), { summarizeWhileScanning: true });
    expect(model.work.summarised).toBe(3);
    const bot = path.join(root, 'src/bot.ts');
    writeFileSync(bot, "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.RENAMED_TOKEN!);\nbot.launch();\n");

    const summary = model.summaryOf(bot);
    expect(model.work.summarised).toBe(4);
    expect(JSON.stringify(summary)).toContain('RENAMED_TOKEN');
    expect(JSON.stringify(summary)).not.toContain('"BOT_TOKEN"');
  });
});

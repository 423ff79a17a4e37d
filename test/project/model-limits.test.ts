// What the project model refuses to read: generated files over its size limit (named, never
// parsed, so a lint of a small file never waits on them) and what the root .gitignore ignores
// (build output that would give false "also polled in lib/bot.js" reports).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { walkSourceFilesSync } from '../../src/project/files.js';
import { MAX_ANALYSED_BYTES, ProjectModel } from '../../src/project/model.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'telegram-model-limits-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

const poller = "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN!);\nvoid bot.launch();\n";

write('package.json', JSON.stringify({ name: 'limits', private: true, main: 'src/index.ts' }));
write('.gitignore', 'lib/\n');
write('src/index.ts', "import './bot.js';\nimport './generated.js';\n");
write('src/bot.ts', poller);
// Several megabytes of generated code that names the library: a bundle, a schema dump.
write('src/generated.ts', `${poller}${'export const row = { id: 1, name: "x" };\n'.repeat(Math.ceil((MAX_ANALYSED_BYTES * 3) / 40))}`);
write('lib/bot.js', "const { Telegraf } = require('telegraf');\nnew Telegraf(process.env.BOT_TOKEN).launch();\n");

describe('the project model limits', () => {
  it('the rule walk leaves out what the root .gitignore ignores', () => {
    const files = walkSourceFilesSync(root).map((file) => path.relative(root, file).split(path.sep).join('/'));
    expect(files).toEqual(['src/bot.ts', 'src/generated.ts', 'src/index.ts']);
  });

  it('a file over the size limit is named as a problem, never parsed, and the rest is analysed', () => {
    const model = new ProjectModel(root, walkSourceFilesSync(root));
    const generated = path.join(root, 'src/generated.ts');
    expect(model.files.get(generated)?.problem).toMatch(/^larger than 1 MB/);
    expect(model.summaryOf(generated)).toBeUndefined();
    expect(model.problems.map((problem) => path.relative(root, problem.file))).toEqual(['src/generated.ts']);
    const starts = model.processes().flatMap((process) => process.events).map((event) => path.relative(root, event.file));
    expect(starts).toEqual(['src/bot.ts']);
  });
});

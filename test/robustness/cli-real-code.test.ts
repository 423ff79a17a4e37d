// migrate --dry and check (the real bin) over a copy of a large deterministic sample of the
// installed node_modules: no crash, nothing proposed in a file that names no Telegram library,
// exit status as documented, and the copy unchanged.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mentionsBotLibrary } from '../../src/core/pollers.js';
import { cli, expectNoStackTrace, NO_TIME_LIMIT, hashTree, listSources, repositoryRoot, sample, tempDir } from './helpers.js';

const SAMPLE = 2000;
const EXCLUDED = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.history', '.git']);
let tree: ReturnType<typeof tempDir>;
let before: Map<string, string>;

beforeAll(() => {
  tree = tempDir('corpus');
  const modules = path.join(repositoryRoot, 'node_modules');
  const files = listSources(modules);
  const telegram = files.filter((file) => /node-telegram-bot-api|telegraf|grammy/.test(file));
  for (const file of new Set([...sample(files, SAMPLE, 3), ...telegram])) {
    // Folder names the commands skip (node_modules, dist, …) are renamed so the copy is walked.
    const rel = path.relative(modules, file).split(path.sep).map((part) => (EXCLUDED.has(part) ? `${part}_` : part));
    const target = path.join(tree.dir, 'lib', ...rel);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
  mkdirSync(path.join(tree.dir, 'owner'));
  writeFileSync(
    path.join(tree.dir, 'owner/bot.js'),
    "const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN, { polling: true });\nmodule.exports = { bot };\n",
  );
  before = hashTree(tree.dir);
});
afterAll(() => tree.cleanup());

describe(`the CLI over a copy of ${SAMPLE} node_modules files plus every Telegram library file`, () => {
  it('migrate --dry: no crash, changes only files that name a bot library, exit 1 exactly when a file failed', () => {
    const result = cli(tree.dir, ['migrate', '--dry', '--json', '--owner', 'owner/bot.js'], NO_TIME_LIMIT);
    expectNoStackTrace(result);
    const summary = JSON.parse(result.stdout) as { scanned: number; changed: string[]; failed: { file: string; message: string }[] };
    expect(summary.scanned).toBeGreaterThan(SAMPLE * 0.9);
    expect(result.code).toBe(summary.failed.length > 0 ? 1 : 0);
    for (const file of summary.changed) expect(mentionsBotLibrary(readFileSync(path.join(tree.dir, file), 'utf8')), file).toBe(true);
    for (const failure of summary.failed) expect(failure.message.length).toBeGreaterThan(0);
    const human = cli(tree.dir, ['migrate', '--dry', '--owner', 'owner/bot.js'], NO_TIME_LIMIT);
    expectNoStackTrace(human);
    expect(human.code).toBe(result.code);
    expect(hashTree(tree.dir)).toEqual(before);
  });

  it('check: no crash, findings only in files that name a bot library, exit 1 exactly when there are findings', () => {
    const result = cli(tree.dir, ['check', '--json'], NO_TIME_LIMIT);
    expectNoStackTrace(result);
    const { findings } = JSON.parse(result.stdout) as { findings: { sites: { file: string }[] }[] };
    expect(result.code).toBe(findings.length > 0 ? 1 : 0);
    for (const site of findings.flatMap((finding) => finding.sites)) {
      expect(mentionsBotLibrary(readFileSync(path.join(tree.dir, site.file), 'utf8')), site.file).toBe(true);
    }
    const human = cli(tree.dir, ['check'], NO_TIME_LIMIT);
    expectNoStackTrace(human);
    expect(human.code).toBe(result.code);
    expect(hashTree(tree.dir)).toEqual(before);
  });
});

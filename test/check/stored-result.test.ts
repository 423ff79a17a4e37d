// check's stored result: a run whose inputs are all the same prints the earlier result without
// building the model; any input that changed (a tracked or untracked file, an ignored .env, a
// manifest, the options) computes it again; a damaged stored result is never trusted; the stored
// file holds no secret. In-process; work is counted (results computed), never timed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { computedResults } from '../../src/check/result.js';
import { runCheck } from '../../src/cli/check.js';
import { CACHE_FOLDER, closeProjectCaches } from '../../src/project/cache.js';
import { clearProjectRoots } from '../../src/project/root.js';
import { git, gitInitAndCommit } from '../cli/git-helpers.js';
import { fakeToken } from '../robustness/helpers.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'telegram-stored-result-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => {
  closeProjectCaches();
  clearProjectRoots();
});

/** Well in the past: files with this mtime are not "racy" (changed too recently to be vouched for by their stat). */
const PAST = new Date('2024-01-01T00:00:00Z');
const hardCoded = fakeToken('7000000001', 18);
const inEnv = fakeToken('7000000002', 19);

let count = 0;
function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, PAST, PAST);
}

/** A git project with node_modules (where the caches go): a token from .env and a hard-coded one, each polled twice in one process. */
function project({ inGit = true } = {}): string {
  const root = path.join(base, `project-${++count}`);
  write(root, 'package.json', JSON.stringify({ name: 'stored', private: true, main: 'src/index.ts' }));
  write(root, '.gitignore', 'node_modules/\n.env\n');
  write(root, '.env', `BOT_TOKEN=${inEnv.token}\n`);
  write(root, 'src/index.ts', "import './bot.js';\nimport './second.js';\nimport './hard.js';\n");
  write(root, 'src/bot.ts', "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN!);\nvoid bot.launch();\n");
  write(root, 'src/second.ts', "import TelegramBot from 'node-telegram-bot-api';\nexport const second = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n");
  write(root, 'src/hard.ts', `import { Bot } from 'grammy';\nexport const hard = new Bot('${hardCoded.token}');\nvoid hard.start();\nvoid new Bot('${hardCoded.token}').start();\n`);
  mkdirSync(path.join(root, 'node_modules'));
  if (inGit) gitInitAndCommit(root);
  return root;
}

async function check(root: string, ...args: string[]): Promise<{ code: number; out: string; computed: number }> {
  const before = computedResults.count;
  let out = '';
  closeProjectCaches();
  const code = await runCheck(args, { stdout: (text) => void (out += text), stderr: (text) => void (out += text) }, root);
  return { code, out, computed: computedResults.count - before };
}

const storedFiles = (root: string) => readdirSync(path.join(root, CACHE_FOLDER)).filter((name) => name.startsWith('check-'));

describe('check prints a stored result while its inputs are the same', () => {
  it('computes once, then prints the same result (human and --json) without building the model; the stored file holds no secret', async () => {
    const root = project();
    const first = await check(root, '--json');
    expect(first).toMatchObject({ code: 1, computed: 1 });
    expect(JSON.parse(first.out).findings.length).toBeGreaterThan(0);
    const again = await check(root, '--json');
    expect(again).toEqual({ ...first, computed: 0 });
    const human = await check(root);
    expect(human.computed).toBe(0);
    expect(human.out).toContain('same-process-duplicate');

    expect(storedFiles(root)).toHaveLength(1);
    const stored = readFileSync(path.join(root, CACHE_FOLDER, storedFiles(root)[0] as string), 'utf8');
    expect(stored).toContain('7000000001');
    for (const { secret } of [hardCoded, inEnv]) expect(stored.includes(secret)).toBe(false);
  });

  it.each([
    ['an edited tracked file', (root: string) => write(root, 'src/second.ts', "import TelegramBot from 'node-telegram-bot-api';\nexport const second = new TelegramBot(process.env.OTHER_TOKEN!, { polling: true });\n")],
    ['an edited file, staged', (root: string) => {
      write(root, 'src/second.ts', "export const second = 'no bot';\n");
      git(root, 'add', 'src/second.ts');
    }],
    ['a new untracked file', (root: string) => write(root, 'src/third.ts', "import TelegramBot from 'node-telegram-bot-api';\nexport const third = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n")],
    ['a deleted file', (root: string) => rmSync(path.join(root, 'src/second.ts'))],
    ['the ignored .env', (root: string) => write(root, '.env', `BOT_TOKEN=${inEnv.token}\nOTHER=${inEnv.token}\n`)],
    ['package.json', (root: string) => write(root, 'package.json', JSON.stringify({ name: 'stored', private: true, main: 'src/index.ts', scripts: { bot: 'tsx src/bot.ts' } }))],
    ['a new PM2 ecosystem file', (root: string) => write(root, 'ecosystem.config.js', "module.exports = { apps: [{ script: 'src/index.ts', instances: 2, exec_mode: 'cluster' }] };\n")],
  ])('computes again after a change: %s', async (_name, change) => {
    const root = project();
    const first = await check(root, '--json');
    expect(first.computed).toBe(1);
    change(root);
    const after = await check(root, '--json');
    expect(after.computed).toBe(1);
    // And stores the new result: the run after is printed from it.
    expect(await check(root, '--json')).toEqual({ ...after, computed: 0 });
  });

  it('computes again when the options differ (--include-tests, --same-token, the paths)', async () => {
    const root = project();
    expect((await check(root, '--json')).computed).toBe(1);
    expect((await check(root, '--json', '--include-tests')).computed).toBe(1);
    expect((await check(root, '--json', '--same-token', 'BOT_TOKEN,OTHER')).computed).toBe(1);
    expect((await check(root, '--json', 'src/bot.ts')).computed).toBe(1);
    expect((await check(root, '--json', 'src/bot.ts')).computed).toBe(0);
  });

  it('never trusts a damaged stored result: one byte changed, cut short, or emptied', async () => {
    const root = project();
    const first = await check(root, '--json');
    const file = path.join(root, CACHE_FOLDER, storedFiles(root)[0] as string);
    const text = readFileSync(file, 'utf8');
    for (const damaged of [text.replace('same-process-duplicate', 'same-process-duplicatX'), text.slice(0, text.length - 20), '']) {
      writeFileSync(file, damaged);
      expect(await check(root, '--json')).toEqual(first);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('does not store a result while a changed file is too recent for its stat to vouch for it', async () => {
    const root = project();
    await check(root, '--json');
    writeFileSync(path.join(root, 'src/third.ts'), 'export const third = 3;\n'); // mtime: now
    expect((await check(root, '--json')).computed).toBe(1);
    expect((await check(root, '--json')).computed).toBe(1);
  });

  it('keeps nothing with --no-cache, nor outside git', async () => {
    const root = project();
    expect((await check(root, '--json', '--no-cache')).computed).toBe(1);
    expect((await check(root, '--json', '--no-cache')).computed).toBe(1);
    expect(readdirSync(path.join(root, 'node_modules'))).toEqual([]);
    const plain = project({ inGit: false });
    expect((await check(plain, '--json')).computed).toBe(1);
    expect((await check(plain, '--json')).computed).toBe(1);
    expect(storedFiles(plain)).toEqual([]);
  });
});

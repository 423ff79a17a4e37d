// A cold `check` in git starts reading the files of git's index before it has listed the project
// (src/project/scan-ahead.ts). Whatever changed after the index was written (edited, deleted,
// untracked files) must be read as it is now: the findings are those of a check that reads
// every file itself. The built CLI runs in a child process, where the helper thread is allowed
// (vitest's own threads are not main threads); work is counted, never timed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { runCheck } from '../../src/cli/check.js';
import { closeProjectCaches } from '../../src/project/cache.js';
import { clearProjectRoots } from '../../src/project/root.js';
import { gitInitAndCommit } from '../cli/git-helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = mkdtempSync(path.join(os.tmpdir(), 'telegram-read-ahead-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const PAST = new Date('2024-01-01T00:00:00Z');
const MODULES = 700;

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, PAST, PAST);
}

/** Enough modules for the helper thread, a bot, and an entry that imports everything. */
function project(): string {
  const root = path.join(base, 'project');
  write(root, 'package.json', JSON.stringify({ name: 'ahead', private: true, main: 'src/index.ts' }));
  write(root, '.gitignore', 'node_modules/\n');
  const imports: string[] = [];
  for (let n = 0; n < MODULES; n++) {
    write(root, `src/modules/m${n}.ts`, `import { helper } from '../lib/helper.js';\nexport const value${n} = helper(${n});\n`);
    imports.push(`import './modules/m${n}.js';`);
  }
  write(root, 'src/lib/helper.ts', 'export const helper = (n: number) => n * 2;\n');
  write(root, 'src/bot.ts', "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN!);\nvoid bot.launch();\n");
  write(root, 'src/quiet.ts', 'export const quiet = 1;\n');
  write(root, 'src/gone.ts', "import { Bot } from 'grammy';\nvoid new Bot(process.env.BOT_TOKEN!).start();\n");
  write(root, 'src/index.ts', [...imports, "import './bot.js';", "import './quiet.js';", "import './gone.js';", "import './fresh.js';", ''].join('\n'));
  mkdirSync(path.join(root, 'node_modules'));
  gitInitAndCommit(root);
  // After the commit: an edit that adds a poller of the same token, a deleted poller, an untracked one.
  write(root, 'src/quiet.ts', "import TelegramBot from 'node-telegram-bot-api';\nexport const quiet = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n");
  unlinkSync(path.join(root, 'src/gone.ts'));
  write(root, 'src/fresh.ts', "import { Bot } from 'grammy';\nvoid new Bot(process.env.OTHER_TOKEN!).start();\nvoid new Bot(process.env.OTHER_TOKEN!).start();\n");
  return root;
}

/** The built CLI's check, in a child process: its output, and how many scans it took from the job started ahead. */
function builtCheck(root: string, cacheDir: string): { out: string; takenAhead: number; scanned: number } {
  const script = `
    const { runCheck } = require(${JSON.stringify(path.join(repoRoot, 'dist/src/cli/check.js'))});
    const { scanWork } = require(${JSON.stringify(path.join(repoRoot, 'dist/src/project/parallel-scan.js'))});
    let out = '';
    runCheck(['--json'], { stdout: (text) => { out += text; }, stderr: (text) => { out += text; } }, process.argv[1]).then(() => {
      process.stdout.write(JSON.stringify({ out, takenAhead: scanWork.takenAhead, scanned: scanWork.byMain + scanWork.byHelper }));
    });
  `;
  const env = { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: cacheDir };
  return JSON.parse(execFileSync(process.execPath, ['-e', script, root], { env, encoding: 'utf8' })) as { out: string; takenAhead: number; scanned: number };
}

describe('check reading ahead from git\'s index', () => {
  it('finds what a check reading every file finds, with the files changed since the index read as they are now', async () => {
    const root = project();
    const cacheDir = mkdtempSync(path.join(base, 'cache-'));
    const cold = builtCheck(root, cacheDir);
    // Every file git vouches for came from the job: the modules, the helper, the entry, bot.ts.
    expect(cold.takenAhead).toBe(MODULES + 3);
    // The cache it wrote (a body of several write batches) is whole: without the stored result,
    // a second run takes every file from it and reads none.
    for (const name of readdirSync(cacheDir)) if (name.startsWith('check-')) unlinkSync(path.join(cacheDir, name));
    const warm = builtCheck(root, cacheDir);
    expect(statSync(readdirSync(cacheDir).map((name) => path.join(cacheDir, name)).find((file) => path.basename(file).startsWith('model-')) as string).size).toBeGreaterThan(65_536);
    expect(warm).toEqual({ out: cold.out, takenAhead: 0, scanned: 0 });

    closeProjectCaches();
    clearProjectRoots();
    let out = '';
    await runCheck(['--json', '--no-cache'], { stdout: (text) => void (out += text), stderr: (text) => void (out += text) }, root);
    expect(cold.out).toBe(out);
    const findings = (JSON.parse(out) as { findings: { token: string; sites: { file: string }[] }[] }).findings;
    const sites = findings.flatMap((finding) => finding.sites.map((site) => `${finding.token} ${site.file}`)).sort();
    expect(sites).toEqual(expect.arrayContaining(['BOT_TOKEN src/bot.ts', 'BOT_TOKEN src/quiet.ts', 'OTHER_TOKEN src/fresh.ts']));
    expect(sites.some((site) => site.includes('gone.ts'))).toBe(false);
  });
});

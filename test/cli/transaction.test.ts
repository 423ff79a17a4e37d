// migrate and defer-polling write as one transaction: a fault at any write leaves the tree
// entirely old, names the file, and leaves no temporary; a read-only file is refused.
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runDeferPolling } from '../../src/cli/defer-polling.js';
import type { Io } from '../../src/cli/io.js';
import { runMigrate } from '../../src/cli/migrate.js';
import { commitTransaction, recoverInterruptedRun, type TransactionHooks, type WriteStep } from '../../src/cli/transaction.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'eptb-transaction-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let count = 0;
const freshDir = (name: string) => {
  const dir = path.join(base, `${name}-${++count}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** Every file under `dir` but the journal's cache folder, relative path → text. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child);
      } else files.set(child, readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** Temporaries, backups and journals: what a run must never leave behind. */
function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:tmp|orig)$/.test(entry.name) || entry.name === 'transaction.json') found.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return found;
}

function capture(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}

/** Fails the k-th forward step (1-based) with the given error code; counts them all. */
function faultAt(k: number, code: string): TransactionHooks & { steps: { step: WriteStep; file: string }[] } {
  const steps: { step: WriteStep; file: string }[] = [];
  return {
    steps,
    beforeStep(step, file) {
      steps.push({ step, file });
      if (steps.length === k) throw Object.assign(new Error(`${code}: injected at ${step}`), { code });
    },
  };
}

// An owner that does not export its bot yet (the run must add the export first) and three
// modules with their own pollers of its token.
function migrateFixture(): string {
  const dir = freshDir('migrate-fixture');
  mkdirSync(path.join(dir, 'src/features'), { recursive: true });
  writeFileSync(path.join(dir, 'src/bot.ts'), "import TelegramBot from 'node-telegram-bot-api';\n\nconst bot = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });\nbot.on('message', () => undefined);\n");
  for (const name of ['a', 'b', 'c']) {
    writeFileSync(
      path.join(dir, `src/features/${name}.ts`),
      `import TelegramBot from 'node-telegram-bot-api';\n\nconst local = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });\nlocal.on('message', () => '${name}');\n`,
    );
  }
  return dir;
}

const ERRORS = ['EACCES', 'ENOSPC', 'EIO', 'EDQUOT'];

describe('migrate as one transaction', () => {
  const pristine = migrateFixture();
  const before = tree(pristine);
  const complete = freshDir('complete');
  cpSync(pristine, complete, { recursive: true });
  let steps = 0;

  it('a full run writes the owner first, then the importers, and leaves nothing behind', async () => {
    const hooks = faultAt(0, 'none');
    const io = capture();
    expect(await runMigrate(['--owner', 'src/bot.ts'], io, complete, hooks)).toBe(0);
    const after = tree(complete);
    for (const file of before.keys()) expect(after.get(file), file).not.toBe(before.get(file));
    expect(after.get('src/bot.ts')).toContain('export const bot');
    const renames = hooks.steps.filter((step) => step.step === 'rename').map((step) => path.relative(complete, step.file));
    expect(renames[0]).toBe('src/bot.ts');
    expect(renames).toHaveLength(4);
    expect(leftovers(complete)).toEqual([]);
    expect(readdirSync(complete)).toEqual(['src']); // the journal's folders are gone again
    steps = hooks.steps.length;
    expect(steps).toBeGreaterThan(4 * 3);
  });

  it('a fault at every write, one run per write, leaves the whole tree as it was and names the file', async () => {
    expect(steps).toBeGreaterThan(0);
    for (let k = 1; k <= steps; k++) {
      const dir = freshDir(`fault-${k}`);
      cpSync(pristine, dir, { recursive: true });
      const code = ERRORS[k % ERRORS.length] as string;
      const hooks = faultAt(k, code);
      const io = capture();
      const exit = await runMigrate(['--owner', 'src/bot.ts', '--json'], io, dir, hooks);
      const failedStep = hooks.steps[k - 1] as { step: WriteStep; file: string };
      expect(exit, `fault ${k} (${failedStep.step})`).toBe(2);
      expect(tree(dir), `fault ${k} (${failedStep.step} ${failedStep.file})`).toEqual(before);
      expect(leftovers(dir), `fault ${k}`).toEqual([]);
      const report = JSON.parse(io.out) as { changed: string[]; notWritten: { file: string; status: string; reason?: string }[]; failed: { message: string }[] };
      expect(report.changed).toEqual([]);
      if (failedStep.step === 'journal') {
        expect(report.failed[0]?.message).toMatch(/could not write the journal/);
      } else {
        const named = report.notWritten.find((entry) => entry.status === 'failed');
        expect(named?.file, `fault ${k}`).toBe(path.relative(dir, failedStep.file));
        expect(named?.reason).toMatch(/could not be written/);
      }
      expect(report.notWritten.map((entry) => entry.file).sort()).toEqual(['src/bot.ts', 'src/features/a.ts', 'src/features/b.ts', 'src/features/c.ts']);
    }
  });

  it('tells people what happened to each file when a write fails', async () => {
    const dir = freshDir('human');
    cpSync(pristine, dir, { recursive: true });
    const renameOfC = (steps: { step: WriteStep; file: string }[]) => steps.findIndex((s) => s.step === 'rename' && s.file.endsWith('c.ts')) + 1;
    const probe = faultAt(0, 'none');
    const probeDir = freshDir('probe');
    cpSync(pristine, probeDir, { recursive: true });
    await runMigrate(['--owner', 'src/bot.ts'], capture(), probeDir, probe);
    const io = capture();
    expect(await runMigrate(['--owner', 'src/bot.ts'], io, dir, faultAt(renameOfC(probe.steps), 'ENOSPC'))).toBe(2);
    expect(io.out).toContain('failed      src/features/c.ts  could not be written (no space left on the disk)');
    expect(io.out).toContain('restored    src/bot.ts');
    expect(io.out).toContain('restored    src/features/a.ts');
    expect(io.out).toMatch(/Nothing was written; every file is as it was\./);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a read-only file that needs a change, naming it, and writes nothing', async () => {
    const dir = freshDir('read-only');
    cpSync(pristine, dir, { recursive: true });
    chmodSync(path.join(dir, 'src/features/b.ts'), 0o444);
    const io = capture();
    expect(await runMigrate(['--owner', 'src/bot.ts'], io, dir)).toBe(2);
    expect(io.out).toMatch(/refused +src\/features\/b\.ts {2}is read-only/);
    expect(tree(dir)).toEqual(before);
    expect(statSync(path.join(dir, 'src/features/b.ts')).mode & 0o777).toBe(0o444);
    expect(leftovers(dir)).toEqual([]);
  });

  it('exports the bot from an owner outside the given paths before rewriting its importers', async () => {
    const dir = freshDir('owner-outside-paths');
    cpSync(pristine, dir, { recursive: true });
    const io = capture();
    expect(await runMigrate(['src/features', '--owner', 'src/bot.ts'], io, dir)).toBe(0);
    expect(readFileSync(path.join(dir, 'src/bot.ts'), 'utf8')).toContain('export const bot = new TelegramBot');
    expect(io.out).toContain('changed  src/bot.ts');
    expect(readFileSync(path.join(dir, 'src/features/a.ts'), 'utf8')).toContain("from '../bot");
  });

  it('does not touch an owner outside the paths when nothing there needs its export', async () => {
    const dir = freshDir('owner-untouched');
    cpSync(pristine, dir, { recursive: true });
    writeFileSync(path.join(dir, 'src/features/a.ts'), 'export const unrelated = 1;\n');
    mkdirSync(path.join(dir, 'src/empty'));
    writeFileSync(path.join(dir, 'src/empty/x.ts'), 'export const x = 1;\n');
    expect(await runMigrate(['src/empty', '--owner', 'src/bot.ts'], capture(), dir)).toBe(0);
    expect(readFileSync(path.join(dir, 'src/bot.ts'), 'utf8')).toBe(before.get('src/bot.ts'));
  });

  it('refuses an --owner outside the project as a usage error, without reading it', async () => {
    const dir = freshDir('owner-outside-project');
    cpSync(pristine, dir, { recursive: true });
    const outside = path.join(base, 'outside-owner.ts');
    writeFileSync(outside, before.get('src/bot.ts') as string);
    for (const owner of ['/etc/passwd', outside, '../outside-owner.ts']) {
      const io = capture();
      expect(await runMigrate(['--owner', owner], io, dir), owner).toBe(2);
      expect(io.err).toMatch(/owner module is outside the project/);
    }
    expect(tree(dir)).toEqual(before);
  });

  it('prints a JSON report on a refusal before planning, too', async () => {
    const io = capture();
    expect(await runMigrate(['--owner', 'src/missing.ts', '--json'], io, pristine)).toBe(2);
    expect(JSON.parse(io.out)).toMatchObject({ error: expect.stringMatching(/owner module not found/) });
  });
});

describe('defer-polling as one transaction', () => {
  const pristine = freshDir('defer-fixture');
  mkdirSync(path.join(pristine, 'src'));
  writeFileSync(path.join(pristine, 'src/bot.js'), "const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });\nmodule.exports = { bot };\n");
  writeFileSync(path.join(pristine, 'src/index.js'), "require('./bot');\nconsole.log('started');\n");
  const before = tree(pristine);

  it('a fault at any write leaves the module and the entry as they were: never a module that no longer polls', async () => {
    const probe = faultAt(0, 'none');
    const full = freshDir('defer-full');
    cpSync(pristine, full, { recursive: true });
    expect(await runDeferPolling(['src/bot.js', '--entry', 'src/index.js'], capture(), full, probe)).toBe(0);
    const after = tree(full);
    expect(after.get('src/bot.js')).toContain('polling: false');
    expect(after.get('src/index.js')).toMatch(/start\w*\(\)/);
    expect(probe.steps.length).toBeGreaterThan(4);
    for (let k = 1; k <= probe.steps.length; k++) {
      const dir = freshDir(`defer-fault-${k}`);
      cpSync(pristine, dir, { recursive: true });
      const io = capture();
      expect(await runDeferPolling(['src/bot.js', '--entry', 'src/index.js'], io, dir, faultAt(k, ERRORS[k % ERRORS.length] as string)), `fault ${k}`).toBe(2);
      expect(tree(dir), `fault ${k}`).toEqual(before);
      expect(leftovers(dir), `fault ${k}`).toEqual([]);
      expect(io.out).toMatch(/Nothing was written/);
    }
  });

  it('refuses a read-only entry, and leaves the module polling', async () => {
    const dir = freshDir('defer-read-only');
    cpSync(pristine, dir, { recursive: true });
    chmodSync(path.join(dir, 'src/index.js'), 0o444);
    const io = capture();
    expect(await runDeferPolling(['src/bot.js', '--entry', 'src/index.js', '--json'], io, dir)).toBe(2);
    expect(tree(dir)).toEqual(before);
    const report = JSON.parse(io.out) as { changed: string[]; notWritten: { file: string; status: string; reason?: string }[] };
    expect(report.changed).toEqual([]);
    expect(report.notWritten).toEqual([
      { file: 'src/bot.js', status: 'not written' },
      { file: 'src/index.js', status: 'refused', reason: expect.stringMatching(/read-only/) },
    ]);
  });
});

describe('commitTransaction', () => {
  it('writes the string byte for byte: BOM, CRLF, CR-only, non-ASCII, no trailing newline', async () => {
    const dir = freshDir('bytes');
    const file = path.join(dir, 'bot.ts');
    writeFileSync(file, 'old');
    const content = "\uFEFFimport bot from './bot';\r\nconst name = 'Ботик 🤖';\r\n\tlast\rline";
    expect((await commitTransaction(dir, [{ file, before: 'old', after: content }])).committed).toBe(true);
    expect(readFileSync(file).equals(Buffer.from(content, 'utf8'))).toBe(true);
  });

  it('keeps each file\'s mode', async () => {
    const dir = freshDir('modes');
    const writes = [0o755, 0o600, 0o640].map((mode) => {
      const file = path.join(dir, `mode-${mode.toString(8)}.ts`);
      writeFileSync(file, 'old\n');
      chmodSync(file, mode);
      return { file, before: 'old\n', after: 'new\n' };
    });
    expect((await commitTransaction(dir, writes)).committed).toBe(true);
    for (const write of writes) {
      expect(readFileSync(write.file, 'utf8')).toBe('new\n');
      expect(statSync(write.file).mode & 0o7777).toBe(Number.parseInt(path.basename(write.file).slice(5, 8), 8));
    }
    expect(readdirSync(dir).sort()).toEqual(writes.map((write) => path.basename(write.file)).sort());
  });

  it('writes through a symlink and leaves the link a link', async () => {
    const dir = freshDir('symlink');
    const real = path.join(dir, 'real.ts');
    const link = path.join(dir, 'link.ts');
    writeFileSync(real, 'old');
    symlinkSync('real.ts', link);
    expect((await commitTransaction(dir, [{ file: link, before: 'old', after: 'new' }])).committed).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.ts');
    expect(readFileSync(real, 'utf8')).toBe('new');
  });

  it('refuses a file changed since it was read', async () => {
    const dir = freshDir('changed');
    const file = path.join(dir, 'a.ts');
    writeFileSync(file, 'edited meanwhile');
    const result = await commitTransaction(dir, [{ file, before: 'old', after: 'new' }]);
    expect(result).toMatchObject({ committed: false, refused: true, files: [{ status: 'refused', reason: expect.stringMatching(/changed while/) }] });
    expect(readFileSync(file, 'utf8')).toBe('edited meanwhile');
  });

  it('does not start while another live run holds the journal, and leaves that journal alone', async () => {
    const dir = freshDir('busy');
    const file = path.join(dir, 'a.ts');
    writeFileSync(file, 'old');
    const journal = path.join(dir, 'node_modules/.cache/eslint-plugin-telegram-bot/transaction.json');
    mkdirSync(path.dirname(journal), { recursive: true });
    // process.ppid: a live process other than this one.
    writeFileSync(journal, JSON.stringify({ version: 1, pid: process.ppid, entries: [] }));
    await expect(recoverInterruptedRun(dir)).rejects.toThrow(/another run \(process \d+\) is writing this project/);
    const result = await commitTransaction(dir, [{ file, before: 'old', after: 'new' }]);
    expect(result.committed).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(JSON.parse(readFileSync(journal, 'utf8')).pid).toBe(process.ppid);
  });
});

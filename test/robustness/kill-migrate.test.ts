// One transaction: `migrate` killed with SIGKILL in the middle of writing a large tree leaves every
// file either exactly as it was or exactly as a complete run writes it, and every file parses; the
// next run puts the whole tree back (or finds it complete) and leaves no temporary.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { parseFile } from '../../src/core/parse.js';
import { ABORT_AFTER_RENAME_ENV } from '../../src/cli/transaction.js';
import { bin, cli, tempDir } from './helpers.js';

const MODULES = 600;
const workspace = tempDir('kill-migrate');
afterAll(() => workspace.cleanup());

function moduleText(index: number): string {
  // Enough ordinary code around the duplicate that writing the tree takes a while.
  const filler = Array.from({ length: 40 }, (_, line) => `export function helper${index}x${line}(value: number): number {\n  return value * ${line + 1};\n}\n`).join('\n');
  return [
    "import TelegramBot from 'node-telegram-bot-api';",
    '',
    `// module ${index}: its own poller of the owner's token`,
    `const localBot${index} = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });`,
    `localBot${index}.on('message', () => undefined);`,
    '',
    filler,
  ].join('\n');
}

function buildTree(dir: string): void {
  mkdirSync(path.join(dir, 'src/features'), { recursive: true });
  writeFileSync(path.join(dir, 'src/bot.ts'), "import TelegramBot from 'node-telegram-bot-api';\n\nexport const bot = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });\n");
  for (let index = 0; index < MODULES; index++) {
    writeFileSync(path.join(dir, 'src/features', `feature${String(index).padStart(4, '0')}.ts`), moduleText(index));
  }
}

/** The tree's source files; a hidden `.name.ts.<pid>.<random>.tmp` a kill left between write and rename is not one. */
function sources(dir: string): Map<string, string> {
  const files = readdirSync(path.join(dir, 'src/features')).filter((file) => !file.startsWith('.')).sort();
  return new Map(files.map((file) => [file, readFileSync(path.join(dir, 'src/features', file), 'utf8')]));
}

function leftovers(dir: string): string[] {
  return readdirSync(path.join(dir, 'src/features')).filter((file) => file.startsWith('.'));
}

/** Temporaries, backups and journals anywhere under `dir`. */
function allLeftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(?:tmp|orig)$/.test(file) || file.endsWith('transaction.json'));
}

/** Start migrate, SIGKILL it as soon as the first file it writes has changed; resolves when it is gone. */
function migrateAndKill(dir: string, first: string, original: string): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'migrate', '--owner', 'src/bot.ts'], { cwd: dir, stdio: 'ignore' });
    const deadline = Date.now() + 120_000;
    const timer = setInterval(() => {
      let current: string;
      try {
        current = readFileSync(first, 'utf8');
      } catch {
        return; // between the temp file and the rename
      }
      if (current !== original || Date.now() > deadline) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 1);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(timer);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describe('migrate killed mid-run', () => {
  it(`leaves each of ${MODULES} files as it was or fully migrated, and parseable`, async () => {
    const pristine = path.join(workspace.dir, 'pristine');
    buildTree(pristine);
    const before = sources(pristine);

    const complete = path.join(workspace.dir, 'complete');
    cpSync(pristine, complete, { recursive: true });
    const full = cli(complete, ['migrate', '--owner', 'src/bot.ts']);
    expect(full.code).toBe(0);
    const after = sources(complete);
    for (const [file, text] of after) expect(text, file).not.toBe(before.get(file));

    let midRun = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = path.join(workspace.dir, `killed-${attempt}`);
      cpSync(pristine, dir, { recursive: true });
      const firstName = [...before.keys()][0] as string;
      const { killed } = await migrateAndKill(dir, path.join(dir, 'src/features', firstName), before.get(firstName) as string);
      const state = sources(dir);
      let migrated = 0;
      for (const [file, text] of state) {
        const ok = text === before.get(file) || text === after.get(file);
        expect(ok, `${file} is neither the original nor the migrated text`).toBe(true);
        if (text === after.get(file)) migrated++;
        expect(() => parseFile(path.join(dir, 'src/features', file), text)).not.toThrow();
      }
      expect(state.size).toBe(MODULES);
      // SIGKILL leaves hidden temporaries and backups, never a half-written source, and no walker
      // takes them for a source.
      for (const file of leftovers(dir)) expect(file).toMatch(/^\.feature\d{4}\.ts\.\d+\.[0-9a-f]+\.(?:tmp|orig)$/);
      if (killed && migrated > 0 && migrated < MODULES) midRun++;
      // The next run (a dry one over the owner alone, so it writes and parses next to nothing of
      // its own) first undoes the killed one, whatever paths it is given.
      const next = cli(dir, ['migrate', '--dry', '--json', '--owner', 'src/bot.ts', 'src/bot.ts']);
      expect(next.code, next.stderr).toBe(0);
      const recovered = (JSON.parse(next.stdout) as { recovered?: { restored: string[]; completed: string[] } }).recovered;
      if (killed && migrated > 0 && migrated < MODULES) expect(recovered?.restored.length).toBe(migrated);
      expect(sources(dir)).toEqual(before);
      expect(allLeftovers(dir)).toEqual([]);
    }
    // At least one kill landed while files were being written, or the test proved nothing.
    expect(midRun).toBeGreaterThan(0);
  });
});

describe('migrate killed right after a rename (test hook)', () => {
  function smallTree(dir: string): void {
    mkdirSync(path.join(dir, 'src/features'), { recursive: true });
    // The owner does not export its bot yet: the run renames it first.
    writeFileSync(path.join(dir, 'src/bot.ts'), "import TelegramBot from 'node-telegram-bot-api';\n\nconst bot = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });\nbot.on('message', () => undefined);\n");
    for (let index = 0; index < 4; index++) writeFileSync(path.join(dir, 'src/features', `feature${String(index).padStart(4, '0')}.ts`), moduleText(index));
  }

  function everyFile(dir: string): Map<string, string> {
    const files = readdirSync(path.join(dir, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !path.basename(file).startsWith('.')).sort();
    return new Map(files.map((file) => [file, readFileSync(path.join(dir, 'src', file), 'utf8')]));
  }

  function killedRun(dir: string, afterRenames: number) {
    return spawnSync(process.execPath, [bin, 'migrate', '--owner', 'src/bot.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 600_000, // a hang guard only: the test hook kills the run long before
      env: { ...process.env, NO_COLOR: '1', [ABORT_AFTER_RENAME_ENV]: String(afterRenames) },
    });
  }

  const pristine = path.join(workspace.dir, 'small-pristine');
  const complete = path.join(workspace.dir, 'small-complete');

  it('the next run puts back the owner renamed first, then migrates everything, and leaves no temporary', () => {
    smallTree(pristine);
    cpSync(pristine, complete, { recursive: true });
    expect(cli(complete, ['migrate', '--owner', 'src/bot.ts']).code).toBe(0);
    const before = everyFile(pristine);
    const after = everyFile(complete);

    const dir = path.join(workspace.dir, 'small-killed-1');
    cpSync(pristine, dir, { recursive: true });
    const killed = killedRun(dir, 1);
    expect(killed.signal).toBe('SIGKILL');
    // Killed half-way: the owner exports its bot, no importer uses it yet; the journal is there.
    const half = everyFile(dir);
    expect(half.get('bot.ts')).toBe(after.get('bot.ts'));
    for (const [file, text] of half) if (file !== 'bot.ts') expect(text, file).toBe(before.get(file));
    expect(allLeftovers(dir).some((file) => file.endsWith('transaction.json'))).toBe(true);

    const next = cli(dir, ['migrate', '--owner', 'src/bot.ts']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('restored src/bot.ts  put back as it was before an interrupted run');
    expect(everyFile(dir)).toEqual(after);
    expect(allLeftovers(dir)).toEqual([]);
  });

  it('a run killed after its last rename is found complete: only its leftovers go', () => {
    const before = everyFile(pristine);
    const after = everyFile(complete);
    const dir = path.join(workspace.dir, 'small-killed-all');
    cpSync(pristine, dir, { recursive: true });
    expect(killedRun(dir, before.size).signal).toBe('SIGKILL');
    expect(everyFile(dir)).toEqual(after);
    expect(allLeftovers(dir).length).toBeGreaterThan(0);
    const next = cli(dir, ['migrate', '--dry', '--owner', 'src/bot.ts']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain(`An interrupted run had written all its ${before.size} files; its leftovers were removed.`);
    expect(everyFile(dir)).toEqual(after);
    expect(allLeftovers(dir)).toEqual([]);
  });
});

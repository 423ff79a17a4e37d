// Atomic writes: `migrate` killed with SIGKILL in the middle of writing a large tree leaves every
// file either exactly as it was or exactly as a complete run writes it, and every file parses.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { parseFile } from '../../src/core/parse.js';
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
      // SIGKILL can strike between a temp file's write and its rename: at most that hidden temp
      // file is left, never a half-written source, and no walker takes it for a source.
      for (const file of leftovers(dir)) expect(file).toMatch(/^\.feature\d{4}\.ts\.\d+\.[0-9a-f]+\.tmp$/);
      if (killed && migrated > 0 && migrated < MODULES) midRun++;
    }
    // At least one kill landed while files were being written, or the test proved nothing.
    expect(midRun).toBeGreaterThan(0);
  });
});

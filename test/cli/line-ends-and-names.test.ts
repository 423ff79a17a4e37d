// migrate keeps a file's own line ends, CR-only ones too, and a file name with a newline stays
// one line of the summary.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'eptb-line-ends-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function migrate(dir: string, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['migrate', ...args], { stdout: (text) => void (out += text), stderr: (text) => void (out += text) }, dir);
  return { code, out };
}

describe('line ends', () => {
  it('a CR-only file gets no LF, and its new import goes after its imports', async () => {
    const dir = path.join(base, 'cr');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'src/bot.ts'), "import TelegramBot from 'node-telegram-bot-api';\r\rconst bot = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });\r");
    writeFileSync(path.join(dir, 'src/a.ts'), "import TelegramBot from 'node-telegram-bot-api';\rimport fs from 'node:fs';\r\rconst local = new TelegramBot(process.env.MAIN_BOT_TOKEN!, { polling: true });\rlocal.on('message', () => fs);\r");
    writeFileSync(path.join(dir, 'src/b.js'), "const TelegramBot = require('node-telegram-bot-api');\rconst local = new TelegramBot(process.env.MAIN_BOT_TOKEN, { polling: true });\rlocal.on('message', () => 1);\r");
    const { code, out } = await migrate(dir, ['--owner', 'src/bot.ts']);
    expect(code, out).toBe(0);
    for (const file of ['bot.ts', 'a.ts', 'b.js']) expect(readFileSync(path.join(dir, 'src', file), 'utf8'), file).not.toContain('\n');
    expect(readFileSync(path.join(dir, 'src/bot.ts'), 'utf8')).toContain('\rexport const bot = new TelegramBot');
    expect(readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe("import fs from 'node:fs';\rimport { bot as local } from './bot';\r\rlocal.on('message', () => fs);\r");
    expect(readFileSync(path.join(dir, 'src/b.js'), 'utf8')).toBe("const { bot: local } = require('./bot');\rlocal.on('message', () => 1);\r");
  });
});

describe('file names', () => {
  it('a newline (or tab) in a file name is escaped: every summary line stays one line', async () => {
    const dir = path.join(base, 'names');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'src/bot.js'), "const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot(process.env.T, { polling: true });\nmodule.exports = { bot };\n");
    const duplicate = "const TelegramBot = require('node-telegram-bot-api');\nconst again = new TelegramBot(process.env.T, { polling: true });\nagain.on('message', () => 1);\n";
    writeFileSync(path.join(dir, 'src/two\nlines.js'), duplicate);
    writeFileSync(path.join(dir, 'src/tab\there.js'), duplicate);
    const { code, out } = await migrate(dir, ['--owner', 'src/bot.js', '--dry']);
    expect(code, out).toBe(0);
    const lines = out.split('\n');
    expect(lines).toContain('would change  src/two\\nlines.js');
    expect(lines).toContain('would change  src/tab\\there.js');
    expect(lines.some((line) => line === 'lines.js')).toBe(false);
  });
});

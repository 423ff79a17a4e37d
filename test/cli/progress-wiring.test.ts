// migrate and check draw a progress line on stderr when stdout is a terminal and the run is
// long, and never with --json; stdout keeps only the report.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'progress-wiring-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src/bot.js'), "const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.launch();\nmodule.exports = { bot };\n");
  // Enough files that the run outlasts the progress line's start delay.
  for (let index = 0; index < 4000; index++) writeFileSync(path.join(dir, 'src', `m${index}.js`), `module.exports = ${index};\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { isTTY, progressDelayMs: 0, stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) }, out, err };
}

describe('progress on long runs', () => {
  for (const command of ['migrate', 'check'] as const) {
    const args = command === 'migrate' ? ['migrate', '--dry', '--owner', 'src/bot.js'] : ['check'];

    it(`${command}: a terminal gets a progress line on stderr, ending erased; stdout holds the report`, async () => {
      const { io, out, err } = capture(true);
      await main(args, io, dir);
      const drawn = err.join('');
      expect(drawn).toMatch(/\[\d+\/4001\]/);
      expect(out.join('')).not.toMatch(/\[\d+\/4001\]/);
      expect(out.join('')).toMatch(/scanned|checked/);
    });

    it(`${command}: a pipe, or --json, gets no progress line`, async () => {
      const piped = capture(false);
      await main(args, piped.io, dir);
      expect(piped.err.join('')).toBe('');
      const json = capture(true);
      await main([...args, '--json'], json.io, dir);
      expect(json.err.join('')).toBe('');
      expect(() => JSON.parse(json.out.join(''))).not.toThrow();
    });
  }
});

// A finding lists its sites in code-unit order of their paths: the same order on every machine,
// whatever its locale (an upper-case name before a lower-case one, as git lists them).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { computeCheck } from '../../src/check/result.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'telegram-site-order-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the sites of a finding', () => {
  it('come in code-unit order of their paths', async () => {
    mkdirSync(path.join(root, 'src'));
    const poller = "const TelegramBot = require('node-telegram-bot-api');\nnew TelegramBot(process.env.BOT_TOKEN, { polling: true });\n";
    for (const name of ['a', 'B', 'b-two', 'b.three']) writeFileSync(path.join(root, 'src', `${name}.js`), poller);
    writeFileSync(path.join(root, 'src/index.js'), "require('./a');\nrequire('./B');\nrequire('./b-two');\nrequire('./b.three');\n");
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'order', main: 'src/index.js' }));

    const { findings } = await computeCheck(root, { paths: ['.'], includeTests: false, sameToken: [], cache: false, git: null });
    const duplicate = findings.find((finding) => finding.kind === 'same-process-duplicate');
    expect(duplicate?.sites.map((site) => site.file)).toEqual(['src/B.js', 'src/a.js', 'src/b-two.js', 'src/b.three.js']);
  });
});

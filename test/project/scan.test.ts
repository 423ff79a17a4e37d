// The text scan finds, in one pass, which rare words a text holds; it must answer as a test per
// word would, also where words touch or overlap, and keep no view into the text it scanned.
import { describe, expect, it } from 'vitest';

import { librarySources } from '../../src/catalogue/libraries.js';
import { mentionsBotLibrary } from '../../src/core/pollers.js';
import { scanText } from '../../src/project/scan.js';

describe('scanText', () => {
  it('names a library exactly when the library pre-filter does', () => {
    const texts = [...librarySources.map((source) => `require('${source}')`), 'telegrafork', 'puregrammy', 'express', 'node-telegram-bot', ''];
    for (const text of texts) expect(scanText(text).mentionsLibrary, text).toBe(mentionsBotLibrary(text));
  });

  it('finds spawn calls, entry guards and cluster forks beside or inside other words', () => {
    const text = [
      "import { Telegraf } from 'telegraf';",
      "telegrafork('./a.js'); fork('./worker.js');",
      "const w = new Worker('./bot.js');",
      'if (require.main === module) run();',
      'cluster.fork();',
    ].join('\n');
    const scan = scanText(text);
    expect(scan.mentionsLibrary).toBe(true);
    expect(scan.spawnCalls).toEqual([
      { callee: 'fork', scripts: ['./worker.js'] },
      { callee: 'Worker', scripts: ['./bot.js'] },
    ]);
    expect(scan.hasEntryGuard).toBe(true);
    expect(scan.forksWithoutGuard).toBe(true);
    expect(scan.specifiers).toEqual(['telegraf']);
  });

  it('finds nothing in a text without the words', () => {
    const scan = scanText("import { a } from './a.js';\nexport const b = a + 1;\n");
    expect(scan).toEqual({ mentionsLibrary: false, specifiers: ['./a.js'], spawnCalls: [], hasEntryGuard: false, forksWithoutGuard: false });
  });
});

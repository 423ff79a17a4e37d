import { describe, expect, it } from 'vitest';

import { librarySources } from '../../src/catalogue/libraries.js';
import { mentionsBotLibrary } from '../../src/core/pollers.js';

// The pre-filter is one compiled regex with a one-text cache (for speed): it must still
// answer exactly like "does the text contain a catalogued specifier".
describe('mentionsBotLibrary', () => {
  it('finds every catalogued specifier', () => {
    for (const source of librarySources) {
      expect(mentionsBotLibrary(`const x = require('${source}');`), source).toBe(true);
    }
  });

  it('answers for each text, not the previous one', () => {
    expect(mentionsBotLibrary("import express from 'express';")).toBe(false);
    expect(mentionsBotLibrary("import { Bot } from 'grammy';")).toBe(true);
    expect(mentionsBotLibrary("import express from 'express';")).toBe(false);
    expect(mentionsBotLibrary('telegrafx')).toBe(true); // a substring test, as before
    expect(mentionsBotLibrary('node-telegram-bot')).toBe(false);
  });
});

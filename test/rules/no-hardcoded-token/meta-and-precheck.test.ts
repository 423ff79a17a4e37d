/**
 * The rule's meta, and its text pre-check: a file without token-shaped text gets no listener at
 * all (`create` returns `{}` having read nothing but the source text).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { noHardcodedToken } from '../../../rules/no-hardcoded-token.js';
import { FAKE_SECRET, FAKE_TOKEN } from './helpers.js';

/** A context that only knows the source text: reading anything else fails the test. */
function textOnlyContext(text: string): Parameters<typeof noHardcodedToken.create>[0] {
  const strict = <T extends object>(what: string, target: T): T =>
    new Proxy(target, {
      get(object, key) {
        if (key in object) return object[key as keyof T];
        throw new Error(`the rule read ${what}.${String(key)} before its pre-check`);
      },
    });
  return strict('context', { options: [], sourceCode: strict('sourceCode', { text }) }) as never;
}

describe('no-hardcoded-token: text pre-check', () => {
  it.each([
    ['an empty file', ''],
    ['a file without a colon', "import TelegramBot from 'node-telegram-bot-api';\nexport const bot = new TelegramBot(process.env.BOT_TOKEN!);\n"],
    ['short fakes and times', "const token = '123:abc';\nconst at = '12:30:45';\nconst url = 'http://localhost:3000';\n"],
    ['a colon and 30+ token characters but no bot id', `const key = 'x:${FAKE_SECRET}';\n`],
    ['a four-digit id', `const token = '1234:${FAKE_SECRET}';\n`],
    ['a secret one character too short', `const token = '123456789:${'A'.repeat(29)}';\n`],
    ['an interpolated token', 'const url = `https://api.telegram.org/bot${process.env.BOT_TOKEN}/getMe`;\n'],
  ])('returns no listener for %s', (_name, text) => {
    expect(noHardcodedToken.create(textOnlyContext(text))).toEqual({});
  });

  it.each([
    ['a token in a string', `const token = '${FAKE_TOKEN}';\n`],
    ['a token in a URL', `fetch('https://api.telegram.org/bot${FAKE_TOKEN}/getMe');\n`],
    ['a token in a comment (the listeners then find no literal)', `// ${FAKE_TOKEN}\n`],
  ])('listens to literals, templates and JSX text for %s', (_name, text) => {
    const listeners = noHardcodedToken.create(textOnlyContext(text));
    expect(Object.keys(listeners).sort()).toEqual(['JSXText', 'Literal', 'TemplateLiteral']);
  });

  it('leaves the shared regex usable after many files (no lastIndex left behind)', () => {
    for (let i = 0; i < 3; i++) {
      expect(Object.keys(noHardcodedToken.create(textOnlyContext(`const a = '${FAKE_TOKEN}';`)))).toHaveLength(3);
      expect(noHardcodedToken.create(textOnlyContext('const a = 1;'))).toEqual({});
    }
  });
});

describe('no-hardcoded-token: meta', () => {
  const { meta } = noHardcodedToken;

  it('is a recommended problem rule with suggestions and no autofix', () => {
    expect(meta.type).toBe('problem');
    expect(meta.docs?.recommended).toBe(true);
    expect(meta.hasSuggestions).toBe(true);
    expect(meta.fixable).toBeUndefined();
    expect(meta.schema).toEqual([]);
  });

  it('points its docs URL at a docs page that exists', () => {
    expect(meta.docs?.url).toMatch(/\/docs\/rules\/no-hardcoded-token\.md$/);
    expect(existsSync(path.join(process.cwd(), 'docs/rules/no-hardcoded-token.md'))).toBe(true);
  });

  it('never puts more than the bot id into a message', () => {
    for (const text of Object.values(meta.messages)) {
      expect(text).not.toMatch(/\{\{\s*(token|secret|value|raw)\s*\}\}/);
    }
    expect(meta.messages.hardcodedToken).toContain('{{botId}}');
  });
});

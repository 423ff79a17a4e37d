// The published plugin object, loaded the way users load it: by package name, through
// `require` and through `import` (the package resolves itself via its `exports`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { ESLint, Rule } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const requireFromHere = createRequire(import.meta.url);

type Plugin = ESLint.Plugin & { rules: Record<string, Rule.RuleModule>; configs: Record<string, { plugins?: object; rules?: object; name?: string }> };

describe('the plugin object', () => {
  const required = requireFromHere('eslint-plugin-telegram-bot') as Plugin;

  it('require() gives the plugin itself, not a { default } wrapper', () => {
    expect(Object.keys(required).sort()).toEqual(['configs', 'meta', 'rules']);
    expect(required.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: 'telegram-bot' });
  });

  it('in Node, import gives the same object as require (its default export)', () => {
    // Run in plain Node: vitest's own module graph would load a second copy.
    const script = [
      "import plugin from 'eslint-plugin-telegram-bot';",
      "import { createRequire } from 'node:module';",
      "const required = createRequire(import.meta.url)('eslint-plugin-telegram-bot');",
      'console.log(JSON.stringify({ same: plugin === required, namespace: plugin.meta.namespace }));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ same: true, namespace: 'telegram-bot' });
  });

  it('configs.recommended registers the plugin under telegram-bot and turns on every recommended rule', () => {
    const recommended = required.configs.recommended;
    expect(recommended?.name).toBe('telegram-bot/recommended');
    expect(recommended?.plugins).toEqual({ 'telegram-bot': required });
    const recommendedRules = Object.entries(required.rules)
      .filter(([, rule]) => (rule.meta?.docs as { recommended?: boolean } | undefined)?.recommended)
      .map(([name]) => `telegram-bot/${name}`);
    expect(recommendedRules.length).toBeGreaterThan(0);
    expect(Object.keys(recommended?.rules ?? {}).sort()).toEqual(recommendedRules.sort());
  });

  for (const [name, rule] of Object.entries(required.rules)) {
    it(`rule ${name} has a schema, messages and a docs page that documents every option`, () => {
      expect(rule.meta?.schema).toBeDefined();
      expect(Object.keys(rule.meta?.messages ?? {}).length).toBeGreaterThan(0);
      const url = rule.meta?.docs?.url ?? '';
      expect(url.endsWith(`/docs/rules/${name}.md`)).toBe(true);
      const docsFile = path.join(root, 'docs/rules', `${name}.md`);
      expect(existsSync(docsFile)).toBe(true);
      const docs = readFileSync(docsFile, 'utf8');
      const [schema] = (rule.meta?.schema ?? []) as { properties?: Record<string, unknown> }[];
      for (const option of Object.keys(schema?.properties ?? {})) expect(docs).toContain(`\`${option}\``);
    });
  }
});

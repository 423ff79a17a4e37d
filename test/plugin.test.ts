// The published plugin object, loaded the way users load it: by package name, through
// `require` and through `import` (the package resolves itself via its `exports`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { ESLint, Linter, Rule } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const requireFromHere = createRequire(import.meta.url);

type ConfigObject = Linter.Config & { name?: string };
type Plugin = ESLint.Plugin & { rules: Record<string, Rule.RuleModule>; configs: Record<string, ConfigObject[]> };
const manifestRepository = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url;

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

  it('configs.recommended: the TypeScript parser for TypeScript files only, the plugin and every recommended rule on JS and TS files', () => {
    const recommended = required.configs.recommended ?? [];
    expect(recommended.map((config) => config.name)).toEqual(['telegram-bot/recommended/typescript-parser', 'telegram-bot/recommended']);
    const [parserConfig, rulesConfig] = recommended as [ConfigObject, ConfigObject];
    expect(parserConfig.files).toEqual(['**/*.ts', '**/*.mts', '**/*.cts']);
    expect(Object.keys(parserConfig)).toEqual(['name', 'files', 'languageOptions']);
    expect(Object.keys(parserConfig.languageOptions ?? {})).toEqual(['parser']);
    expect(rulesConfig.files).toEqual(['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.mts', '**/*.cts']);
    expect(rulesConfig.languageOptions).toBeUndefined();
    expect(rulesConfig.plugins).toEqual({ 'telegram-bot': required });
    const recommendedRules = Object.entries(required.rules)
      .filter(([, rule]) => (rule.meta?.docs as { recommended?: boolean } | undefined)?.recommended)
      .map(([name]) => `telegram-bot/${name}`);
    expect(recommendedRules.length).toBeGreaterThan(0);
    expect(Object.keys(rulesConfig.rules ?? {}).sort()).toEqual(recommendedRules.sort());
  });

  it('the TypeScript parser of configs.recommended parses TypeScript, and names its version for ESLint\'s cache', () => {
    const parser = required.configs.recommended?.[0]?.languageOptions?.parser as Linter.Parser & { meta: { name: string; version: string } };
    const tsParserVersion = (requireFromHere('@typescript-eslint/parser/package.json') as { version: string }).version;
    expect(parser.meta).toEqual({ name: 'eslint-plugin-telegram-bot/typescript-parser', version: `${manifest.version}+${tsParserVersion}` });
    const { ast } = (parser as { parseForESLint(code: string, options: object): { ast: { body: { type: string }[] } } }).parseForESLint('const token = process.env.BOT_TOKEN!;\ntype T = string;\n', { filePath: 'a.ts', range: true, loc: true });
    expect(ast.body.map((node) => node.type)).toEqual(['VariableDeclaration', 'TSTypeAliasDeclaration']);
  });

  for (const [name, rule] of Object.entries(required.rules)) {
    it(`rule ${name} has a schema, messages and a docs page that documents every option`, () => {
      expect(rule.meta?.schema).toBeDefined();
      expect(Object.keys(rule.meta?.messages ?? {}).length).toBeGreaterThan(0);
      // The docs of this very version (its git tag), at the repository package.json declares.
      const repository = manifestRepository.replace(/^git\+/, '').replace(/\.git$/, '');
      expect(rule.meta?.docs?.url).toBe(`${repository}/blob/v${manifest.version}/docs/rules/${name}.md`);
      const docsFile = path.join(root, 'docs/rules', `${name}.md`);
      expect(existsSync(docsFile)).toBe(true);
      const docs = readFileSync(docsFile, 'utf8');
      const [schema] = (rule.meta?.schema ?? []) as { properties?: Record<string, unknown> }[];
      for (const option of Object.keys(schema?.properties ?? {})) expect(docs).toContain(`\`${option}\``);
    });

    it(`rule ${name}: meta.defaultOptions gives a real default for every option of its schema`, () => {
      const schema = (rule.meta?.schema ?? []) as { properties?: Record<string, unknown> }[];
      const defaults = (rule.meta as { defaultOptions?: unknown[] }).defaultOptions;
      expect(defaults).toHaveLength(schema.length);
      schema.forEach((entry, index) => expect(Object.keys(defaults?.[index] as object).sort()).toEqual(Object.keys(entry.properties ?? {}).sort()));
    });
  }
});

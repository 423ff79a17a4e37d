// Package hygiene: docs for every rule and codemod, the generated README rules table in sync,
// the changelog, the manifest fields users' tools read (checked by publint and
// @arethetypeswrong/cli on the packed package). The pre-commit hooks: pre-commit.test.ts.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { repositoryModules, repositoryRoot, run, tempDir } from './helpers.js';

const requireHere = createRequire(import.meta.url);
const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
  version: string;
  main: string;
  types: string;
  exports: Record<string, unknown>;
  files: string[];
  bin: Record<string, string>;
  engines: Record<string, string>;
  peerDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const plugin = requireHere(path.join(repositoryRoot, 'dist/src/index.js')) as { rules: Record<string, unknown> };
const ruleNames = Object.keys(plugin.rules);
const codemodNames = readdirSync(path.join(repositoryRoot, 'codemods'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);

function tool(bin: string, args: readonly string[]) {
  const [name, file] = bin.split(':');
  const script = path.join(repositoryModules, name!, file!);
  return run(process.execPath, [script, ...args], repositoryRoot, { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, 180_000);
}

describe('docs', () => {
  it('finds the rules and codemods it checks', () => {
    expect(ruleNames.sort()).toEqual(['no-duplicate-poller', 'no-hardcoded-token', 'no-polling-on-import']);
    expect(codemodNames.sort()).toEqual(['defer-polling', 'use-shared-bot']);
  });

  for (const name of ruleNames) {
    it(`rule ${name} has docs/rules/${name}.md, linked from the README`, () => {
      expect(existsSync(path.join(repositoryRoot, 'docs/rules', `${name}.md`))).toBe(true);
      expect(readme).toContain(`(docs/rules/${name}.md)`);
    });
  }
  for (const name of codemodNames) {
    it(`codemod ${name} has docs/codemods/${name}.md, linked from the README`, () => {
      expect(existsSync(path.join(repositoryRoot, 'docs/codemods', `${name}.md`))).toBe(true);
      expect(readme).toContain(`(docs/codemods/${name}.md)`);
    });
  }

  it('the rule docs\' headers and options lists and the README rules table are what eslint-doc-generator makes of the rules', () => {
    const result = tool('eslint-doc-generator:dist/bin/eslint-doc-generator.js', ['--check']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  /** eslint-doc-generator --check on a copy of the docs where `drift` changed one file. */
  function checkDrifted(file: string, drift: (text: string) => string) {
    const dir = tempDir('docs');
    try {
      for (const entry of ['package.json', '.eslint-doc-generatorrc.js', 'README.md', 'docs']) cpSync(path.join(repositoryRoot, entry), path.join(dir, entry), { recursive: true });
      for (const entry of ['dist', 'node_modules']) symlinkSync(path.join(repositoryRoot, entry), path.join(dir, entry));
      const original = readFileSync(path.join(dir, file), 'utf8');
      writeFileSync(path.join(dir, file), drift(original));
      expect(readFileSync(path.join(dir, file), 'utf8')).not.toBe(original);
      return run(process.execPath, [path.join(repositoryModules, 'eslint-doc-generator/dist/bin/eslint-doc-generator.js'), '--check'], dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a README whose rules table drifted fails the check', () => {
    const result = checkDrifted('README.md', (text) => text.replace(/^\| \[no-hardcoded-token\].*\n/m, ''));
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('README.md');
  });

  it('a rule doc whose options list drifted fails the check', () => {
    const result = checkDrifted('docs/rules/no-polling-on-import.md', (text) => text.replace('| `entries` |', '| `entry` |'));
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('no-polling-on-import.md');
  });

  const catalogueDocs = path.join(repositoryRoot, 'scripts/catalogue-docs.mjs');

  it('docs/catalogue.md is what scripts/catalogue-docs.mjs makes of the catalogue, and the README links it', () => {
    const result = run(process.execPath, [catalogueDocs, '--check'], repositoryRoot);
    expect(result.stdout + result.stderr, 'run `npm run docs:catalogue` and commit docs/catalogue.md').toBe('');
    expect(result.status).toBe(0);
    expect(readme).toContain('(docs/catalogue.md)');
  });

  it('a catalogue page that drifted fails the check, which says how to remake it', () => {
    const dir = tempDir('catalogue-docs');
    try {
      const page = path.join(dir, 'catalogue.md');
      writeFileSync(page, readFileSync(path.join(repositoryRoot, 'docs/catalogue.md'), 'utf8').replace('`bot.isPolling()`', '`bot.polling`'));
      const result = run(process.execPath, [catalogueDocs, '--check', '--page', page], repositoryRoot);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('run `npm run docs:catalogue`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CHANGELOG.md', () => {
  const changelog = readFileSync(path.join(repositoryRoot, 'CHANGELOG.md'), 'utf8');

  it('follows Keep a Changelog and has a section for the current version', () => {
    expect(changelog).toContain('[Keep a Changelog]');
    expect(changelog).toContain('## [Unreleased]');
    expect(changelog).toContain(`## [${manifest.version}]`);
    expect(changelog).toMatch(new RegExp(`^\\[${manifest.version.replaceAll('.', '\\.')}\\]: https://`, 'm'));
  });

  it('lists every rule, every codemod and the check command', () => {
    for (const name of ruleNames) expect(changelog).toContain(`telegram-bot/${name}`);
    for (const name of codemodNames) expect(changelog).toContain(`\`${name}\``);
    expect(changelog).toContain('eslint-plugin-telegram-bot check');
  });
});

/** Where Node finds `name` from `dir`: the nearest node_modules/name up the tree (exports maps aside). */
function installedManifest(name: string, dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(at) === at) throw new Error(`${name} is not installed (from ${dir})`);
  }
}

describe('package.json', () => {
  it('declares Node, ESLint 9 or 10, exports with types first, and ships what users need', () => {
    expect(manifest.engines.node).toBe('>=20.19');
    expect(manifest.peerDependencies.eslint).toBe('^9.0.0 || ^10.0.0');
    expect(Object.keys(manifest.exports['.'] as object)).toEqual(['types', 'default']);
    expect(manifest.types).toBe((manifest.exports['.'] as { types: string }).types);
    for (const file of [manifest.main, manifest.types, ...Object.values(manifest.bin)]) expect(existsSync(path.join(repositoryRoot, file)), file).toBe(true);
    for (const file of ['dist', 'docs', 'CHANGELOG.md', '.pre-commit-hooks.yaml', 'codemod.yaml', 'workflow.yaml']) {
      expect(manifest.files).toContain(file);
    }
  });

  it('names its repository, homepage and issue tracker: the address the rules\' docs links use', () => {
    const { repository, homepage, bugs } = manifest as unknown as { repository: { type: string; url: string }; homepage: string; bugs: { url: string } };
    const web = 'https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot';
    expect(repository).toEqual({ type: 'git', url: `git+${web}.git` });
    expect(homepage).toBe(`${web}#readme`);
    expect(bugs).toEqual({ url: `${web}/issues` });
  });

  it('TypeScript and its parser are optional peers: a JavaScript-only project installs neither through this package', () => {
    const { dependencies, peerDependencies, peerDependenciesMeta } = manifest as unknown as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(peerDependencies['@typescript-eslint/parser']).toBe('^8.0.0');
    expect(peerDependenciesMeta['@typescript-eslint/parser']).toEqual({ optional: true });
    expect(peerDependenciesMeta.typescript).toEqual({ optional: true });
    // npm installs every non-optional peer of every package in the tree: walk the installed
    // dependency tree of this package's runtime dependencies and collect what it would pull in.
    const seen = new Set<string>();
    const required: string[] = [];
    const visit = (name: string, from: string) => {
      const manifestFile = installedManifest(name, from);
      if (seen.has(manifestFile)) return;
      seen.add(manifestFile);
      const dependency = JSON.parse(readFileSync(manifestFile, 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> };
      const names = [...Object.keys(dependency.dependencies ?? {}), ...Object.keys(dependency.peerDependencies ?? {}).filter((peer) => !dependency.peerDependenciesMeta?.[peer]?.optional && peer !== 'eslint')];
      for (const next of names) {
        required.push(next);
        visit(next, path.dirname(manifestFile));
      }
    };
    for (const name of Object.keys(dependencies)) {
      required.push(name);
      visit(name, repositoryRoot);
    }
    expect(required.length).toBeGreaterThan(Object.keys(dependencies).length);
    // The scope manager and its types and visitor keys (TypeScript parsing with oxc) need no TypeScript.
    const withoutTypeScript = new Set(['@typescript-eslint/scope-manager', '@typescript-eslint/types', '@typescript-eslint/visitor-keys']);
    expect(required.filter((name) => name === 'typescript' || (name.startsWith('@typescript-eslint/') && !withoutTypeScript.has(name)))).toEqual([]);
    expect(required).toContain('@typescript-eslint/scope-manager');
  });

  it('publint --strict finds nothing', () => {
    const result = tool('publint:src/cli.js', ['--strict']);
    expect(result.stdout + result.stderr).toContain('All good!');
    expect(result.status).toBe(0);
  });

  it('@arethetypeswrong/cli (attw --pack .) finds no problem for node10, node16 (CJS and ESM) and bundler', () => {
    const result = tool('@arethetypeswrong/cli:dist/index.js', ['--pack', '.', '--format', 'json']);
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
    expect(result.status).toBe(0);
  });
});

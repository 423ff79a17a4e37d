// The package as users get it: `npm pack` of the built repository, installed into a fresh
// project outside the repository (see helpers.ts for how and why), then used the way the README
// says: eslint.config.js (ESM), eslint.config.cjs (CommonJS) and eslint.config.ts (defineConfig
// with `extends`, type-checked with tsc) under ESLint 10 and ESLint 9, `npx
// eslint-plugin-telegram-bot --help`, and the transform through `npx jscodeshift -t`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { copyBackend, ESM_CONFIG, makeConsumerProject, packPlugin, repositoryRoot, run, tempDir, withoutNpmNoise } from './helpers.js';

const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };

const configs: Record<string, string> = {
  'eslint.config.js': ESM_CONFIG,
  'eslint.config.cjs': `const path = require('node:path');
const tsParser = require('@typescript-eslint/parser');
const telegramBot = require('eslint-plugin-telegram-bot');

module.exports = [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  telegramBot.configs.recommended,
  {
    rules: {
      'telegram-bot/no-duplicate-poller': ['error', {
        owners: [
          { module: path.join(__dirname, 'src/services/telegramBot.ts'), token: 'TELEGRAM_BOT_TOKEN' },
          { module: path.join(__dirname, 'src/services/iaeAgentBot.ts'), token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
        ],
      }],
    },
  },
];
`,
  // Owners relative to the working directory (ESLint runs from the project root here).
  'eslint.config.ts': `import tsParser from '@typescript-eslint/parser';
import { defineConfig } from 'eslint/config';
import telegramBot from 'eslint-plugin-telegram-bot';

export default defineConfig([
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { 'telegram-bot': telegramBot },
    extends: ['telegram-bot/recommended'],
    rules: {
      'telegram-bot/no-duplicate-poller': ['error', {
        owners: [
          { module: 'src/services/telegramBot.ts', token: 'TELEGRAM_BOT_TOKEN' },
          { module: 'src/services/iaeAgentBot.ts', token: 'IAE_BOT_TOKEN', export: 'iaeBot' },
        ],
      }],
    },
  },
]);
`,
  // Not a config: a mistake tsc must catch, so the type check is shown to be able to fail.
  'misuse.ts': `import { defineConfig } from 'eslint/config';
import telegramBot from 'eslint-plugin-telegram-bot';

export default defineConfig([telegramBot.configs.recomended]);
`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ['eslint.config.ts', 'misuse.ts'],
    },
    null,
    2,
  )}\n`,
};

/** What the example backend must report, whichever config file and ESLint version. */
const expected = [
  'src/config/telegram-service.ts:10 telegram-bot/no-duplicate-poller',
  'src/routes/telegram.ts:14 telegram-bot/no-duplicate-poller',
  'src/services/iaeAgentBot.ts:7 telegram-bot/no-polling-on-import',
  'src/services/telegramBot.ts:7 telegram-bot/no-polling-on-import',
];

interface LintResult {
  filePath: string;
  messages: { line: number; ruleId: string | null; message: string; fatal?: boolean }[];
}

function lint(project: string, config: string, target = 'src'): { code: number | null; findings: string[]; stderr: string } {
  const result = run('npx', ['eslint', '-c', config, '--format', 'json', target], project);
  const stderr = withoutNpmNoise(result.stderr).trim();
  if (!result.stdout.trim().startsWith('[')) throw new Error(`eslint -c ${config} printed no JSON (exit ${result.status}): ${stderr}`);
  const results = JSON.parse(result.stdout) as LintResult[];
  const findings = results
    .flatMap((file) => file.messages.map((message) => `${path.relative(project, file.filePath).split(path.sep).join('/')}:${message.line} ${message.ruleId ?? message.message}`))
    .sort();
  return { code: result.status, findings, stderr };
}

let base: string;
let tarball: string;

beforeAll(() => {
  base = tempDir('consumer');
  tarball = packPlugin(base);
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the built plugin, its types, docs and manifests, and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''));
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/bin.js',
      'dist/codemods/use-shared-bot/index.js',
      'docs/rules/no-duplicate-poller.md',
      'docs/codemods/use-shared-bot.md',
      '.pre-commit-hooks.yaml',
      'codemod.yaml',
      'workflow.yaml',
    ]) {
      expect(files, file).toContain(file);
    }
    expect(files.filter((file) => /^(src|rules|codemods|test|example|bench|scripts)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });
});

describe.each([
  { eslint: 'eslint' as const, major: 10 },
  { eslint: 'eslint9' as const, major: 9 },
])('a fresh project with the tarball and ESLint $major', ({ eslint, major }) => {
  let project: string;

  beforeAll(() => {
    project = makeConsumerProject(path.join(base, `eslint${major}`), tarball, { eslint });
    copyBackend(project);
    for (const [file, text] of Object.entries(configs)) writeFileSync(path.join(project, file), text);
  });

  it(`runs ESLint ${major}`, () => {
    const result = run('npx', ['eslint', '--version'], project);
    expect(result.stdout.trim()).toMatch(new RegExp(`^v${major}\\.`));
  });

  for (const config of ['eslint.config.js', 'eslint.config.cjs', 'eslint.config.ts']) {
    it(`${config} reports the example backend's duplicates and pollers on import`, () => {
      const { code, findings, stderr } = lint(project, config);
      expect(stderr).toBe('');
      expect(findings).toEqual(expected);
      expect(code).toBe(1);
    });
  }

  it('eslint.config.ts (defineConfig, extends telegram-bot/recommended) type-checks with tsc; a misuse does not', () => {
    const result = run('npx', ['tsc', '-p', 'tsconfig.json'], project);
    const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    // Exactly one error, and it is the misuse, not the real config.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^misuse\.ts\(4,\d+\): error TS(2339|2551): Property 'recomended' does not exist/);
    expect(result.status).not.toBe(0);
  });
});

describe('the command line and the transform from the project', () => {
  let project: string;

  beforeAll(() => {
    project = makeConsumerProject(path.join(base, 'cli'), tarball, { eslint: 'eslint' });
    copyBackend(project);
    // The backend's own tsconfig (NodeNext): the transform writes imports in the project's style.
    copyFileSync(path.join(repositoryRoot, 'example/backend/tsconfig.json'), path.join(project, 'tsconfig.json'));
    writeFileSync(path.join(project, 'eslint.config.js'), configs['eslint.config.js']!);
  });

  it('npx eslint-plugin-telegram-bot --help and --version work', () => {
    const help = run('npx', ['eslint-plugin-telegram-bot', '--help'], project);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: eslint-plugin-telegram-bot <command>');
    expect(help.stdout).toContain('migrate');
    const version = run('npx', ['eslint-plugin-telegram-bot', '--version'], project);
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('npx jscodeshift -t node_modules/eslint-plugin-telegram-bot/dist/codemods/use-shared-bot/index.js fixes the duplicates', () => {
    const before = lint(project, 'eslint.config.js');
    expect(before.findings.filter((finding) => finding.endsWith('no-duplicate-poller'))).toHaveLength(2);
    const result = run(
      'npx',
      [
        'jscodeshift',
        '--no-babel',
        '--fail-on-error',
        '--extensions=ts',
        '-t',
        'node_modules/eslint-plugin-telegram-bot/dist/codemods/use-shared-bot/index.js',
        '--owner=src/services/telegramBot.ts',
        '--owner=src/services/iaeAgentBot.ts',
        'src',
      ],
      project,
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\b2 ok\b/);
    expect(readFileSync(path.join(project, 'src/routes/telegram.ts'), 'utf8')).toContain("from '../services/telegramBot.js'");
    const after = lint(project, 'eslint.config.js');
    expect(after.findings.filter((finding) => finding.endsWith('no-duplicate-poller'))).toEqual([]);
  });
});

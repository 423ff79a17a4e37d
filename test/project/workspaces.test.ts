// Monorepos (test/fixtures/monorepo-*): bots in a shared workspace package, imported by name
// (`@acme/bots`, `@acme/bots/poller`) by several apps, each app its own processes. `check` runs
// in-process (runCheck, as the CLI calls it) from the monorepo root and from an app folder, and
// no-duplicate-poller through ESLint's Node API from both. Each tree has its traps: another
// token, a send-only app, a package that is not a workspace, build output with no known source.
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { runCheck } from '../../src/cli/check.js';
import { clearProjectModels, projectModelFor } from '../../src/project/live.js';
import { clearProjectRoots } from '../../src/project/root.js';
import { expandPatterns, splitSpecifier, Workspace, workspacePatterns } from '../../src/project/workspaces.js';
import plugin from '../../src/index.js';
import { repositoryRoot, tempProjects } from '../helpers/temp-project.js';

const fixtures = path.join(repositoryRoot, 'test/fixtures');
const projects = tempProjects();
afterAll(() => projects.cleanup());
beforeEach(() => {
  clearProjectRoots();
  clearProjectModels();
});

interface Finding {
  kind: string;
  token: string;
  sites: { file: string; line: number }[];
  message: string;
}

function copy(fixture: string): string {
  const dir = projects.make(fixture);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  return dir;
}

async function check(cwd: string, ...args: string[]): Promise<{ code: number; findings: Finding[] }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheck(['--json', '--no-cache', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, cwd);
  expect(stderr).toBe('');
  const { findings } = JSON.parse(stdout) as { findings: Finding[] };
  expect(code).toBe(findings.length > 0 ? 1 : 0);
  return { code, findings };
}

const summary = (findings: Finding[]) => findings.map(({ kind, token, sites }) => ({ kind, token, sites }));

async function lint(cwd: string, target: string): Promise<{ file: string; line: number; message: string }[]> {
  const tsParser = (await import('@typescript-eslint/parser')).default;
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    cache: false,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,ts}'], plugins: { 'telegram-bot': plugin }, rules: { 'telegram-bot/no-duplicate-poller': 'error' } },
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    ],
  });
  const results = await eslint.lintFiles([target]);
  return results
    .flatMap((result) => result.messages.map((message) => ({ file: path.relative(cwd, result.filePath).split(path.sep).join('/'), line: message.line, message: message.message })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

describe('npm workspaces (array form): a shared package imported by name, main in dist/ mapped to src/ by its tsconfig', () => {
  const expected = [
    {
      kind: 'same-process-duplicate',
      token: 'SUPPORT_BOT_TOKEN',
      sites: [
        { file: 'apps/api/src/admin.ts', line: 7 },
        { file: 'apps/api/src/main.ts', line: 5 },
      ],
    },
    {
      kind: 'multi-process',
      token: 'SUPPORT_BOT_TOKEN',
      sites: [
        { file: 'apps/api/src/admin.ts', line: 7 },
        { file: 'apps/api/src/main.ts', line: 5 },
        { file: 'apps/worker/src/main.ts', line: 4 },
      ],
    },
  ];

  it('check at the root: two apps start the shared bot; the send-only app, the per-app tokens of the factory and the non-workspace package stay silent', async () => {
    const dir = copy('monorepo-npm');
    const { findings } = await check(dir);
    expect(summary(findings)).toEqual(expected);
    expect(findings[1]?.message).toContain('@acme/api script "start" (apps/api/src/main.ts)');
    expect(findings[1]?.message).toContain('@acme/worker script "start" (apps/worker/src/main.ts)');
    expect(findings.map((finding) => finding.message).join('\n')).not.toContain('notifier');
  });

  it('check from an app folder reads the whole workspace and keeps what involves the app; the send-only app has none', async () => {
    const dir = copy('monorepo-npm');
    expect(summary((await check(path.join(dir, 'apps/worker'))).findings)).toEqual([expected[1]]);
    expect(summary((await check(dir, 'apps/api')).findings)).toEqual(expected);
    expect((await check(path.join(dir, 'apps/notifier'))).findings).toEqual([]);
  });

  it('the same monorepo declared by node_modules links only (no `workspaces` field) gives the same findings', async () => {
    const dir = copy('monorepo-npm');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "acme", "private": true }\n');
    mkdirSync(path.join(dir, 'node_modules/@acme'), { recursive: true });
    for (const [name, folder] of [['bots', 'packages/bots'], ['api', 'apps/api'], ['worker', 'apps/worker'], ['notifier', 'apps/notifier']] as const) {
      symlinkSync(path.join(dir, folder), path.join(dir, 'node_modules/@acme', name), 'junction');
    }
    expect(summary((await check(dir)).findings)).toEqual(expected);
  });

  it('trap: the shared bot started by two apps with different tokens is two bots', async () => {
    const dir = copy('monorepo-npm');
    const worker = path.join(dir, 'apps/worker/src/main.ts');
    writeFileSync(worker, readFileSync(worker, 'utf8').replace('void supportBot.launch();', 'void makeBot(process.env.SECOND_SUPPORT_TOKEN as string).start();'));
    expect(summary((await check(dir)).findings)).toEqual([expected[0]]);
  });

  it('trap: without the package in `workspaces`, its name is an installed dependency, not the folder', async () => {
    const dir = copy('monorepo-npm');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "acme", "private": true, "workspaces": ["apps/*"] }\n');
    expect(summary((await check(dir)).findings)).toEqual([]);
  });

  it('no-duplicate-poller through ESLint, from the monorepo root and from the app folder: the same reports, naming the start in the other module', async () => {
    const dir = copy('monorepo-npm');
    const fromRoot = await lint(dir, 'apps');
    expect(fromRoot.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'apps/api/src/admin.ts', line: 7 },
      { file: 'apps/api/src/main.ts', line: 5 },
    ]);
    expect(fromRoot[0]?.message).toContain('apps/api/src/main.ts:5');
    clearProjectRoots();
    const fromApp = await lint(path.join(dir, 'apps/api'), 'src');
    expect(fromApp.map(({ file, line }) => ({ file: `apps/api/${file}`, line }))).toEqual(fromRoot.map(({ file, line }) => ({ file, line })));
  });
});

describe('the rule model in an editor', () => {
  it('a linted app file belongs to the monorepo, and a change to another package\'s package.json is seen at the next lint', () => {
    const dir = copy('monorepo-npm');
    const lintedFile = path.join(dir, 'apps/notifier/src/main.ts');
    const pollers = (now: number) =>
      projectModelFor(lintedFile, now)
        .processes()
        .filter((process) => process.events.some((event) => event.kind === 'start' && event.instance.tokenKeys.includes('SUPPORT_BOT_TOKEN')))
        .map((process) => process.label.split(' ')[0])
        .sort();
    expect(projectModelFor(lintedFile, 1_000).root).toBe(dir);
    expect(pollers(1_000)).toEqual(['@acme/api', '@acme/worker']);
    // The worker app is renamed in its own package.json (its size changes, so its stat does).
    const manifest = path.join(dir, 'apps/worker/package.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('@acme/worker', '@acme/queue-worker'));
    expect(pollers(2_000)).toEqual(['@acme/api', '@acme/queue-worker']);
  });
});

describe('pnpm-workspace.yaml: a shared module that polls at import, reached through `exports` subpaths', () => {
  it('two apps require it: polling-on-import and multi-process, naming both apps; the app excluded by `!apps/mailer` stays out', async () => {
    const dir = copy('monorepo-pnpm');
    const { findings } = await check(dir);
    expect(summary(findings)).toEqual([
      { kind: 'multi-process', token: 'ALERTS_BOT_TOKEN', sites: [{ file: 'packages/bots/src/poller.ts', line: 5 }] },
      { kind: 'polling-on-import', token: 'ALERTS_BOT_TOKEN', sites: [{ file: 'packages/bots/src/poller.ts', line: 5 }] },
    ]);
    expect(findings[1]?.message).toContain('2 processes import it: @acme/jobs');
    expect(findings[1]?.message).toContain('@acme/web');
    expect(findings[1]?.message).not.toContain('mailer');
  });

  it('trap: one app imports the poller, the other only the package root: one process, no finding', async () => {
    const dir = copy('monorepo-pnpm');
    writeFileSync(path.join(dir, 'apps/jobs/src/main.js'), "'use strict';\nconst { formatAlert } = require('@acme/bots');\n\nconsole.log(formatAlert('jobs started'));\n");
    expect((await check(dir)).findings).toEqual([]);
  });
});

describe('yarn workspaces (object form): a wrapper class in a shared package, built with a token parameter', () => {
  it('two services pass the same env name: one token, two processes; the other names are other bots; build output with no known source is not followed', async () => {
    const dir = copy('monorepo-yarn');
    const { findings } = await check(dir);
    expect(summary(findings)).toEqual([{ kind: 'multi-process', token: 'SHARED_BOT_TOKEN', sites: [{ file: 'shared/telegram/src/index.ts', line: 11 }] }]);
    expect(findings[0]?.message).toContain('@acme/billing script "start"');
    expect(findings[0]?.message).toContain('@acme/support script "start"');
  });
});

describe('workspace discovery and package entries', () => {
  it('reads the three declaration forms', () => {
    expect(workspacePatterns(path.join(fixtures, 'monorepo-npm'))).toEqual(['apps/*', 'packages/*']);
    expect(workspacePatterns(path.join(fixtures, 'monorepo-yarn'))).toEqual(['services/*', 'shared/*']);
    expect(workspacePatterns(path.join(fixtures, 'monorepo-pnpm'))).toEqual(['apps/*', 'packages/*', '!apps/mailer']);
    expect(workspacePatterns(path.join(fixtures, 'js-backend'))).toBeUndefined();
    const pnpm = path.join(fixtures, 'monorepo-pnpm');
    expect(expandPatterns(pnpm, workspacePatterns(pnpm) ?? []).map((dir) => path.relative(pnpm, dir).split(path.sep).join('/'))).toEqual(['apps/jobs', 'apps/web', 'packages/bots']);
  });

  it('splits package names from subpaths', () => {
    expect(splitSpecifier('@acme/bots/poller/x')).toEqual({ name: '@acme/bots', subpath: './poller/x' });
    expect(splitSpecifier('lodash')).toEqual({ name: 'lodash', subpath: '.' });
    expect(splitSpecifier('@acme')).toBeUndefined();
  });

  it('resolves `exports` conditions and subpaths to sources, and stops where no source is known', () => {
    const dir = copy('monorepo-pnpm');
    const bots = new Workspace(dir);
    expect(bots.resolve('@acme/bots')).toBe(path.join(dir, 'packages/bots/src/index.ts'));
    expect(bots.resolve('@acme/bots/poller')).toBe(path.join(dir, 'packages/bots/src/poller.ts'));
    expect(bots.resolve('@acme/bots/src/poller')).toBeUndefined(); // not exported
    expect(bots.resolve('@acme/bots', path.join(dir, 'apps/mailer/src/main.js'))).toBeUndefined();
    expect(bots.resolve('@acme/bots', path.join(dir, 'apps/web/src/main.js'))).toBe(path.join(dir, 'packages/bots/src/index.ts'));
    rmSync(path.join(dir, 'packages/bots/tsconfig.json'));
    expect(new Workspace(dir).resolve('@acme/bots')).toBeUndefined();
    const yarn = new Workspace(path.join(fixtures, 'monorepo-yarn'));
    expect(yarn.resolve('@acme/prebuilt')).toBeUndefined();
    expect(yarn.resolve('@acme/telegram')).toBe(path.join(fixtures, 'monorepo-yarn/shared/telegram/src/index.ts'));
  });
});

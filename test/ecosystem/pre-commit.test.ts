// The pre-commit framework route, with the real `pre-commit` executable (.ci/run installs
// Debian's when it is missing): a hook repository made from this repository's
// .pre-commit-hooks.yaml and tagged v<version> the way releases are, and a project with the
// packed plugin whose .pre-commit-config.yaml is the one in docs/editors-and-git-hooks.md (only
// the repo address is the local one, and before pre-commit 3.2 the stage is called `push`, as
// that page says). A commit that adds a duplicate poller is refused, a clean one goes through,
// and a push is refused while the project polls a token twice.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { copyBackend, DUPLICATE_POLLER, ESM_CONFIG, git, makeConsumerProject, packPlugin, projectEnv, repositoryRoot, run, tempDir } from './helpers.js';

const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };
const docs = readFileSync(path.join(repositoryRoot, 'docs/editors-and-git-hooks.md'), 'utf8');
const REPOSITORY = 'https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot';

const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
if (version.status !== 0) throw new Error('These tests need the pre-commit executable: apt-get install pre-commit (or pip install pre-commit). .ci/run installs it.');
const [major = 0, minor = 0] = (/pre-commit (\d+)\.(\d+)/.exec(version.stdout)?.slice(1) ?? []).map(Number);
const stageRenamed = major > 3 || (major === 3 && minor >= 2);

let base: string;
let project: string;
let remote: string;
let env: NodeJS.ProcessEnv;

function ok(result: ReturnType<typeof run>): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

beforeAll(() => {
  base = tempDir('pre-commit');
  const hookRepo = path.join(base, 'hook-repo');
  mkdirSync(hookRepo);
  copyFileSync(path.join(repositoryRoot, '.pre-commit-hooks.yaml'), path.join(hookRepo, '.pre-commit-hooks.yaml'));
  ok(git(hookRepo, ['init', '-q']));
  ok(git(hookRepo, ['add', '.']));
  ok(git(hookRepo, ['commit', '-q', '-m', 'release']));
  ok(git(hookRepo, ['tag', `v${manifest.version}`]));

  project = makeConsumerProject(path.join(base, 'project'), packPlugin(base), { eslint: 'eslint' });
  env = projectEnv(project, { PRE_COMMIT_HOME: path.join(base, 'pre-commit-cache') });
  copyBackend(project);
  writeFileSync(path.join(project, 'eslint.config.js'), ESM_CONFIG);
  writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
  const [, config = ''] = /^```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)^```$/m.exec(docs) ?? [];
  expect(config).toContain(`rev: v${manifest.version}`);
  let local = config.replace(`repo: ${REPOSITORY}`, `repo: ${hookRepo}`);
  if (!stageRenamed) local = local.replace('stages: [pre-push]', 'stages: [push]');
  expect(local).not.toBe(config);
  writeFileSync(path.join(project, '.pre-commit-config.yaml'), local);

  remote = path.join(base, 'remote.git');
  ok(git(base, ['init', '-q', '--bare', remote], env));
  ok(git(project, ['init', '-q'], env));
  ok(git(project, ['remote', 'add', 'origin', remote], env));
  ok(git(project, ['add', '.'], env));
  ok(git(project, ['commit', '-q', '-m', 'the backend as it is'], env));
  ok(run('pre-commit', ['install'], project, env));
  ok(run('pre-commit', ['install', '--hook-type', 'pre-push'], project, env));
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe(`the pre-commit framework (${version.stdout.trim()})`, () => {
  it('the hook manifest is valid for this pre-commit', () => {
    ok(run('pre-commit', ['validate-manifest', path.join(repositoryRoot, '.pre-commit-hooks.yaml')], project, env));
    ok(run('pre-commit', ['validate-config', '.pre-commit-config.yaml'], project, env));
  });

  it('a clean change commits; the check hook waits for the push', () => {
    writeFileSync(path.join(project, 'src/server.ts'), `${readFileSync(path.join(project, 'src/server.ts'), 'utf8')}// reviewed\n`);
    ok(git(project, ['add', 'src/server.ts'], env));
    const result = git(project, ['commit', '-m', 'a comment'], env);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/eslint \(telegram-bot\)\.+Passed/);
    expect(result.stdout + result.stderr).not.toContain('one poller per token');
    expect(result.stdout + result.stderr).not.toMatch(/\[WARNING\]/);
    expect(git(project, ['log', '--format=%s', '-1'], env).stdout.trim()).toBe('a comment');
  });

  it('a commit that adds a duplicate poller is refused by telegram-bot-eslint', () => {
    const head = git(project, ['rev-parse', 'HEAD'], env).stdout.trim();
    writeFileSync(path.join(project, 'src/routes/reminders.ts'), DUPLICATE_POLLER);
    ok(git(project, ['add', 'src/routes/reminders.ts'], env));
    const result = git(project, ['commit', '-m', 'reminders'], env);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/eslint \(telegram-bot\)\.+Failed/);
    expect(result.stdout + result.stderr).toContain('telegram-bot/no-duplicate-poller');
    expect(git(project, ['rev-parse', 'HEAD'], env).stdout.trim()).toBe(head);
    ok(git(project, ['rm', '-q', '--cached', 'src/routes/reminders.ts'], env));
    rmSync(path.join(project, 'src/routes/reminders.ts'));
  });

  it('a push is refused by telegram-bot-check while the backend polls a token from three modules', () => {
    const result = git(project, ['push', 'origin', 'main'], env);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/telegram-bot check \(one poller per token\)\.+Failed/);
    expect(result.stdout + result.stderr).toContain('same-process-duplicate');
    expect(git(remote, ['branch', '--list'], env).stdout.trim()).toBe('');
  });
});

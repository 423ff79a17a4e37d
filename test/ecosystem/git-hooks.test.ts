// The git recipes of docs/git-hooks.md, run for real in temporary repositories:
// - lint-staged with husky: husky installs its hooks, .husky/pre-commit runs `npx lint-staged`,
//   lint-staged runs ESLint with the plugin on the staged files; a commit that adds a duplicate
//   poller is refused and the file stays staged, a clean commit goes through.
// - `check` in a pre-push hook: a push of a project where two processes poll one token is
//   refused (the bare remote gets nothing), and goes through once the second poller is gone.
import { chmodSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { copyBackend, DUPLICATE_POLLER, ESM_CONFIG, git, makeConsumerProject, packPlugin, repositoryRoot, run, tempDir } from './helpers.js';

let base: string;
let tarball: string;

beforeAll(() => {
  base = tempDir('git-hooks');
  tarball = packPlugin(base);
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

function ok(result: ReturnType<typeof run>): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('lint-staged with husky (pre-commit)', () => {
  let project: string;

  beforeAll(() => {
    project = makeConsumerProject(path.join(base, 'husky'), tarball, {
      eslint: 'eslint',
      manifest: { scripts: { prepare: 'husky' }, 'lint-staged': { '*.{js,mjs,cjs,ts,mts,cts}': 'eslint --max-warnings=0 --no-warn-ignored' } },
    });
    copyBackend(project);
    writeFileSync(path.join(project, 'eslint.config.js'), ESM_CONFIG);
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    ok(git(project, ['init', '-q']));
    ok(git(project, ['add', '.']));
    ok(git(project, ['commit', '-q', '-m', 'the backend as it is']));
    // What `npm install` runs through the `prepare` script, then the hook the docs give.
    ok(run('npx', ['husky'], project));
    writeFileSync(path.join(project, '.husky/pre-commit'), 'npx lint-staged\n');
  });

  it('husky points git at its hooks', () => {
    expect(git(project, ['config', 'core.hooksPath']).stdout.trim()).toBe('.husky/_');
    expect(existsSync(path.join(project, '.husky/_/pre-commit'))).toBe(true);
  });

  it('a clean change commits', () => {
    writeFileSync(path.join(project, 'src/server.ts'), `${readFileSync(path.join(project, 'src/server.ts'), 'utf8')}// reviewed\n`);
    ok(git(project, ['add', '.husky/pre-commit', 'src/server.ts']));
    const result = git(project, ['commit', '-m', 'a comment']);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(git(project, ['log', '--format=%s', '-1']).stdout.trim()).toBe('a comment');
  });

  it('a commit that adds a duplicate poller is refused, and the file stays staged', () => {
    const head = git(project, ['rev-parse', 'HEAD']).stdout.trim();
    writeFileSync(path.join(project, 'src/routes/reminders.ts'), DUPLICATE_POLLER);
    ok(git(project, ['add', 'src/routes/reminders.ts']));
    const result = git(project, ['commit', '-m', 'reminders']);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('telegram-bot/no-duplicate-poller');
    expect(git(project, ['rev-parse', 'HEAD']).stdout.trim()).toBe(head);
    expect(git(project, ['diff', '--cached', '--name-only']).stdout.split('\n')).toContain('src/routes/reminders.ts');
    expect(readFileSync(path.join(project, 'src/routes/reminders.ts'), 'utf8')).toBe(DUPLICATE_POLLER);
  });
});

describe('check in a pre-push hook', () => {
  let project: string;
  let remote: string;

  beforeAll(() => {
    remote = path.join(base, 'remote.git');
    ok(git(base, ['init', '-q', '--bare', remote]));
    project = makeConsumerProject(path.join(base, 'pre-push'), tarball, { eslint: 'eslint' });
    // Two processes (npm scripts "start" and "worker") poll BOT_TOKEN.
    cpSync(path.join(repositoryRoot, 'test/check/fixtures/multi-process'), project, { recursive: true });
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    const hook = path.join(project, '.git-hooks/pre-push');
    ok(git(project, ['init', '-q']));
    cpSync(path.join(repositoryRoot, 'docs/recipes/pre-push'), hook);
    chmodSync(hook, 0o755);
    ok(git(project, ['config', 'core.hooksPath', '.git-hooks']));
    ok(git(project, ['remote', 'add', 'origin', remote]));
    ok(git(project, ['add', '.']));
    ok(git(project, ['commit', '-q', '-m', 'server and worker']));
  });

  it('refuses the push while two processes poll one token', () => {
    const result = git(project, ['push', 'origin', 'main']);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('Token BOT_TOKEN is polled by 2 processes');
    expect(git(remote, ['branch', '--list']).stdout.trim()).toBe('');
  });

  it('lets the push through once one process polls', () => {
    ok(git(project, ['rm', '-q', 'src/worker.js']));
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    delete manifest.scripts.worker;
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    ok(git(project, ['commit', '-q', '-am', 'one poller']));
    const result = git(project, ['push', 'origin', 'main']);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(git(remote, ['rev-parse', 'main']).stdout.trim()).toBe(git(project, ['rev-parse', 'HEAD']).stdout.trim());
  });
});

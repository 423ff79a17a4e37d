// `eslint-plugin-telegram-bot migrate` on a NestJS app, end to end: the built bin in a child
// process, human output. The app is the telegraf-providers fixture of
// test/codemods/use-shared-bot-frameworks (its before/ tree, with the NestJS declarations).
// Needs `npm run build` first (npm test does it).
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { repositoryRoot, tempProjects } from '../helpers/temp-project.js';

const bin = path.join(repositoryRoot, 'dist/src/cli/bin.js');
const fixture = path.join(repositoryRoot, 'test/codemods/use-shared-bot-frameworks/fixtures/telegraf-providers');
const projects = tempProjects();
afterAll(() => projects.cleanup());

function migrate(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'migrate', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('migrate in a NestJS app with nestjs-telegraf', () => {
  it('names the framework bot, injects it into the two providers that duplicate it, and warns about the stop() call', () => {
    const dir = projects.make('nest-migrate');
    cpSync(path.join(fixture, 'before'), dir, { recursive: true });
    cpSync(path.join(repositoryRoot, 'test/fixtures/framework-types'), path.join(dir, 'types'), { recursive: true });
    const { code, stdout, stderr } = migrate(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('src/app.module.ts:11 TelegrafModule.forRootAsync() creates the bot of token TELEGRAM_BOT_TOKEN (never rewritten');
    expect(stdout).toContain('changed  src/alerts/alerts.service.ts');
    expect(stdout).toContain('changed  src/notify/notify.service.ts');
    expect(stdout).toContain('warning  src/notify/notify.service.ts:16  calls `stop()` on the bot');
    expect(stdout).toMatch(/6 files scanned: 2 changed, 0 sites left as they are, 0 failed\./);
    for (const file of ['src/alerts/alerts.service.ts', 'src/notify/notify.service.ts', 'src/app.module.ts']) {
      expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(fixture, 'after', file), 'utf8'));
    }
  });

  it('--strict leaves the provider whose injection comes with a warning, and says why', () => {
    const dir = projects.make('nest-migrate-strict');
    cpSync(path.join(fixture, 'before'), dir, { recursive: true });
    cpSync(path.join(repositoryRoot, 'test/fixtures/framework-types'), path.join(dir, 'types'), { recursive: true });
    const { code, stdout } = migrate(dir, '--strict');
    expect(code).toBe(0);
    expect(stdout).toContain('changed  src/alerts/alerts.service.ts');
    expect(stdout).not.toContain('changed  src/notify/notify.service.ts');
    expect(stdout).toContain('left     src/notify/notify.service.ts:8  --strict: the injection would change what this provider does (see lines 16)');
    expect(readFileSync(path.join(dir, 'src/notify/notify.service.ts'), 'utf8')).toBe(readFileSync(path.join(fixture, 'before/src/notify/notify.service.ts'), 'utf8'));
  });
});

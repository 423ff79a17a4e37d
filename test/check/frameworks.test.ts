// Bots that a framework creates and starts: NestJS modules from the catalogue
// (`TelegrafModule.forRoot`/`forRootAsync`, `NestjsGrammyModule`) and `@Module({ providers })`,
// which Nest instantiates once per listing module. `check --json` on fixture apps, each with its
// silent twin. Needs the built bin (npm test builds first).
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { repositoryRoot, tempProjects } from '../helpers/temp-project.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const bin = path.join(repositoryRoot, 'dist/src/cli/bin.js');
const projects = tempProjects();
afterAll(() => projects.cleanup());

function findingsOf(fixture: string) {
  const dir = projects.make(fixture);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  const result = spawnSync(process.execPath, [bin, 'check', '--json'], { cwd: dir, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { findings: { kind: string; token: string; sites: unknown[]; message: string }[] }).findings;
}

describe('frameworks', () => {
  it('nestjs-telegraf forRootAsync launches a bot with the app, and a service launches a second one of its token', () => {
    const findings = findingsOf('nest-telegraf');
    expect(findings.map(({ kind, token, sites }) => ({ kind, token, sites }))).toEqual([
      {
        kind: 'same-process-duplicate',
        token: 'BOT_TOKEN',
        sites: [
          { file: 'src/app.module.ts', line: 8 },
          { file: 'src/notify/notify.service.ts', line: 9 },
        ],
      },
    ]);
  });

  it('twin: launchOptions: false does not launch', () => {
    expect(findingsOf('clean-nest-telegraf-no-launch')).toEqual([]);
  });

  it('a provider that launches a bot, listed in the providers of two modules, is created twice', () => {
    const findings = findingsOf('nest-provider-twice');
    expect(findings.map(({ kind, token, sites }) => ({ kind, token, sites }))).toEqual([
      { kind: 'same-process-duplicate', token: 'BOT_TOKEN', sites: [{ file: 'src/bot.service.ts', line: 10 }] },
    ]);
    expect(findings[0]?.message).toContain('created 2 times');
    expect(findings[0]?.message).toContain('providers');
  });

  it('twin: one module provides it and the other imports that module', () => {
    expect(findingsOf('clean-nest-provider-once')).toEqual([]);
  });

  it('@grammyjs/nestjs polls with pollingOptions: false; a bot of the same token in the app polls too', () => {
    expect(findingsOf('nest-grammy').map(({ kind, sites }) => ({ kind, sites }))).toEqual([
      { kind: 'same-process-duplicate', sites: [{ file: 'src/app.module.ts', line: 6 }, { file: 'src/app.module.ts', line: 10 }] },
    ]);
  });

  it('twin: @kastov/grammy-nestjs with disableUpdates: true does not poll', () => {
    expect(findingsOf('clean-nest-grammy-updates-off')).toEqual([]);
  });
});

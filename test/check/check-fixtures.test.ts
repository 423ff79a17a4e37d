// `eslint-plugin-telegram-bot check --json` on fixture projects (copied out of the repository so
// git and the repository's own files play no part): one project per finding kind, and clean
// projects that must give none. The command runs in-process, as bin.ts calls it; the built
// binary itself is run by the end-to-end suites (test/cli.test.ts, test/e2e/).
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCheck } from '../../src/cli/check.js';
import { tempProjects } from '../helpers/temp-project.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const projects = tempProjects();
afterAll(() => projects.cleanup());

interface Finding {
  kind: string;
  token: string;
  sites: { file: string; line: number }[];
  message: string;
}

async function checkIn(dir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCheck(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTTY: false }, dir);
  return { code, stdout, stderr, dir };
}

async function check(fixture: string, ...args: string[]) {
  const dir = projects.make(fixture);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  return checkIn(dir, ...args);
}

async function findingsOf(fixture: string): Promise<Finding[]> {
  const { code, stdout, stderr } = await check(fixture, '--json');
  expect(stderr).toBe('');
  const { findings } = JSON.parse(stdout) as { findings: Finding[] };
  expect(code).toBe(findings.length > 0 ? 1 : 0);
  return findings;
}

const summary = (findings: Finding[]) => findings.map(({ kind, token, sites }) => ({ kind, token, sites }));

// Sites are where polling starts: the start call, or the `new` whose options poll.
describe('check finds each way one token is polled twice', () => {
  it('same-process-duplicate: two modules reachable from one entry (main in dist/ mapped back to src/); the one that polls at import also runs under `tsx watch`', async () => {
    const findings = await findingsOf('same-process');
    expect(summary(findings)).toEqual([
      {
        kind: 'same-process-duplicate',
        token: 'TELEGRAM_BOT_TOKEN',
        sites: [
          { file: 'src/bot.ts', line: 3 },
          { file: 'src/routes/admin.ts', line: 6 },
        ],
      },
      { kind: 'polling-on-import', token: 'TELEGRAM_BOT_TOKEN', sites: [{ file: 'src/bot.ts', line: 3 }] },
    ]);
    expect(findings[1]?.message).toContain('script "dev" (src/server.ts) runs under tsx watch');
  });

  it('multi-process: two package.json scripts, each polling the token', async () => {
    const findings = await findingsOf('multi-process');
    expect(summary(findings)).toEqual([
      {
        kind: 'multi-process',
        token: 'BOT_TOKEN',
        sites: [
          { file: 'src/bot.js', line: 4 },
          { file: 'src/worker.js', line: 6 },
        ],
      },
    ]);
    expect(findings[0]?.message).toContain('2 processes');
  });

  it('multi-process and polling-on-import: a job forked as a child process imports the module that polls on import', async () => {
    const findings = await findingsOf('spawned');
    expect(summary(findings)).toEqual([
      { kind: 'multi-process', token: 'BOT_TOKEN', sites: [{ file: 'src/bot.js', line: 4 }] },
      { kind: 'polling-on-import', token: 'BOT_TOKEN', sites: [{ file: 'src/bot.js', line: 4 }] },
    ]);
    expect(findings[1]?.message).toContain('child process spawned by src/server.js');
  });

  it('multi-process: a second main() behind require.main === module in a module the server imports', async () => {
    const findings = await findingsOf('main-guard');
    expect(summary(findings)).toEqual([
      {
        kind: 'multi-process',
        token: 'BOT_TOKEN',
        sites: [
          { file: 'src/server.js', line: 6 },
          { file: 'src/tools.js', line: 11 },
        ],
      },
    ]);
    expect(findings[0]?.message).toContain('run directly (entry guard) (src/tools.js)');
  });

  it('cluster: a PM2 app in cluster mode with instances max', async () => {
    const findings = await findingsOf('pm2-cluster');
    expect(summary(findings)).toEqual([{ kind: 'cluster', token: 'BOT_TOKEN', sites: [{ file: 'src/server.js', line: 5 }] }]);
    expect(findings[0]?.message).toContain('pm2');
  });

  it('cluster: a PM2 app whose cwd is the absolute deploy folder on the server', async () => {
    expect(summary(await findingsOf('pm2-cluster-deploy-cwd'))).toEqual([{ kind: 'cluster', token: 'BOT_TOKEN', sites: [{ file: 'src/server.js', line: 5 }] }]);
  });

  it('cluster: cluster.fork() without a primary/worker guard', async () => {
    expect(summary(await findingsOf('node-cluster'))).toEqual([{ kind: 'cluster', token: 'BOT_TOKEN', sites: [{ file: 'src/main.js', line: 8 }] }]);
  });

  it('webhook-conflict: a webhook set in one module while another polls the token', async () => {
    expect(summary(await findingsOf('webhook-conflict'))).toEqual([
      {
        kind: 'webhook-conflict',
        token: 'BOT_TOKEN',
        sites: [
          { file: 'src/poller.js', line: 3 },
          { file: 'src/webhook.js', line: 4 },
        ],
      },
    ]);
  });

  it('webhook-conflict: a Next.js route sets the webhook in its GET handler while a dev script polls the token', async () => {
    const findings = await findingsOf('next-webhook-and-polling');
    expect(summary(findings)).toEqual([
      {
        kind: 'webhook-conflict',
        token: 'BOT_TOKEN',
        // The route that serves updates through webhookCallback() and the one that sets the webhook.
        sites: [
          { file: 'app/api/telegram/route.ts', line: 5 },
          { file: 'app/api/telegram/setup/route.ts', line: 5 },
          { file: 'scripts/poll.ts', line: 4 },
        ],
      },
    ]);
  });

  it('multi-process: a worker thread started with new Worker(new URL(…)) polls the token the main thread polls', async () => {
    const findings = await findingsOf('worker-thread');
    expect(summary(findings)).toEqual([
      {
        kind: 'multi-process',
        token: 'BOT_TOKEN',
        sites: [
          { file: 'src/reminders.js', line: 3 },
          { file: 'src/server.js', line: 4 },
        ],
      },
    ]);
    expect(findings[0]?.message).toContain('worker thread started by src/server.js (src/reminders.js)');
  });

  it('cluster: a compose service with deploy.replicas 3 whose Dockerfile runs `npm start`, named in the message', async () => {
    const findings = await findingsOf('compose-replicas');
    expect(summary(findings)).toEqual([{ kind: 'cluster', token: 'BOT_TOKEN', sites: [{ file: 'src/bot.js', line: 5 }] }]);
    expect(findings[0]?.message).toContain('docker compose service "bot" runs 3 replicas');
  });

  it('cluster: a PM2 ecosystem file in YAML, cluster mode with 4 instances and an absolute deploy cwd', async () => {
    const findings = await findingsOf('pm2-yaml-cluster');
    expect(summary(findings)).toEqual([{ kind: 'cluster', token: 'BOT_TOKEN', sites: [{ file: 'src/index.js', line: 5 }] }]);
    expect(findings[0]?.message).toContain('pm2 app "bot"');
  });

  it('polling-on-import: a module that polls when imported, under nodemon (its exec in nodemon.json), even with one importing process', async () => {
    const findings = await findingsOf('hot-reload');
    expect(summary(findings)).toEqual([{ kind: 'polling-on-import', token: 'BOT_TOKEN', sites: [{ file: 'src/bot.ts', line: 5 }] }]);
    expect(findings[0]?.message).toContain('runs under nodemon, which restarts the process on every change');
  });

  it('.env files that give two env names one value make them one token, showing the bot id and never the secret', async () => {
    expect(summary(await findingsOf('env-same-value'))).toEqual([
      {
        kind: 'same-process-duplicate',
        token: 'ADMIN_BOT_TOKEN = TELEGRAM_BOT_TOKEN',
        sites: [
          { file: 'src/admin-bot.js', line: 4 },
          { file: 'src/main-bot.js', line: 4 },
        ],
      },
    ]);
    const human = await check('env-same-value');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('ADMIN_BOT_TOKEN and TELEGRAM_BOT_TOKEN the same value (bot 5550001111)');
    const env = readFileSync(path.join(fixtures, 'env-same-value/.env'), 'utf8');
    for (const secret of env.match(/:[A-Za-z0-9_-]{35}/g) ?? []) expect(human.stdout + human.stderr).not.toContain(secret.slice(1));
  });
});

describe('check stays silent on clean projects', () => {
  const clean = readdirSync(fixtures).filter((name) => name.startsWith('clean-'));

  it('has the clean projects the issue lists', async () => {
    expect(clean.sort()).toEqual([
      'clean-compose-one-poller',
      'clean-copies-and-build',
      'clean-distinct-tokens',
      'clean-hot-reload-started-by-entry',
      'clean-nest-grammy-updates-off',
      'clean-nest-provider-once',
      'clean-nest-telegraf-no-launch',
      'clean-next-webhook-dev-bot',
      'clean-pm2-cluster-one-instance',
      'clean-pm2-yaml-fork',
      'clean-send-only',
      'clean-shared-getter',
      'clean-webhook-or-polling',
      'clean-worker-thread-sends',
    ]);
  });

  for (const fixture of clean) {
    it(`${fixture}: no findings, exit 0`, async () => {
      expect(await findingsOf(fixture)).toEqual([]);
    });
  }

  it('the human report says so', async () => {
    const { code, stdout } = await check('clean-send-only');
    expect(code).toBe(0);
    expect(stdout).toMatch(/checked: no way for one token to be polled twice was found\.\n$/);
  });

  it('a test that polls is audited with --include-tests', async () => {
    const findings = await findingsOf('clean-copies-and-build');
    expect(findings).toEqual([]);
    const { stdout } = await check('clean-copies-and-build', '--json', '--include-tests');
    const withTests = (JSON.parse(stdout) as { findings: Finding[] }).findings;
    expect(withTests.flatMap((finding) => finding.sites.map((site) => site.file))).toContain('test/bot.test.js');
  });
});

describe('check manners', () => {
  it('usage errors exit 2', async () => {
    const { code, stderr } = await check('clean-send-only', '--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: eslint-plugin-telegram-bot check');
  });

  it('names a binary or non-UTF-8 file that mentions a bot library, and audits the rest', async () => {
    const dir = projects.make('bad-files');
    cpSync(path.join(fixtures, 'multi-process'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'src/blob.js'), Buffer.concat([Buffer.from("require('telegraf');\n"), Buffer.from([0, 1, 2, 0])]));
    writeFileSync(path.join(dir, 'src/latin1.js'), Buffer.concat([Buffer.from("const { Telegraf } = require('telegraf'); // caf"), Buffer.from([0xe9]), Buffer.from('\n')]));
    const result = await checkIn(dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('note: could not read src/blob.js: binary file');
    expect(result.stdout).toContain('note: could not read src/latin1.js: not valid UTF-8 text');
    expect(result.stdout).toContain('multi-process');
  });

  it('never writes a file', async () => {
    const { dir } = await check('same-process');
    const listing = (root: string): string[] =>
      readdirSync(root, { recursive: true, withFileTypes: false }).map(String).sort();
    expect(listing(dir)).toEqual(listing(path.join(fixtures, 'same-process')));
  });
});

// Entry points from the files that start processes outside package.json (nodemon.json, PM2 in
// YAML, Dockerfile, compose files), the ones a framework loads itself (Next.js), and the runners
// that reload a program when a file changes.
import path from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { walkSourceFilesSync } from '../../src/project/files.js';
import { ProjectModel } from '../../src/project/model.js';
import { entryProject } from '../helpers/entry-project.js';

const project = entryProject();
const { write, writePackage } = project;

describe('hot reload: the runner that restarts or re-evaluates the program is recorded', () => {
  beforeEach(() => {
    for (const file of ['src/index.ts', 'server.js']) write(file);
  });

  it.each([
    ['tsx watch src/index.ts', { runner: 'tsx watch', mode: 'restart' }],
    ['npx tsx watch --clear-screen=false src/index.ts', { runner: 'tsx watch', mode: 'restart' }],
    ['node --watch server.js', { runner: 'node --watch', mode: 'restart' }],
    ['node --watch-path=./src --env-file=.env server.js', { runner: 'node --watch-path', mode: 'restart' }],
    ['bun --hot src/index.ts', { runner: 'bun --hot', mode: 're-evaluate' }],
    ['bun run --watch src/index.ts', { runner: 'bun --watch', mode: 'restart' }],
    ['ts-node-dev --respawn --transpile-only src/index.ts', { runner: 'ts-node-dev', mode: 'restart' }],
    ['tsnd src/index.ts', { runner: 'ts-node-dev', mode: 'restart' }],
    ['nodemon server.js', { runner: 'nodemon', mode: 'restart' }],
    ['nodemon --exec "tsx src/index.ts"', { runner: 'nodemon', mode: 'restart' }],
    ['pm2 start server.js --watch', { runner: 'pm2 --watch', mode: 'restart' }],
    ['pm2-dev server.js', { runner: 'pm2-dev', mode: 'restart' }],
    ['esno watch src/index.ts', { runner: 'esno watch', mode: 'restart' }],
    ['vite-node --watch src/index.ts', { runner: 'vite-node --watch', mode: 're-evaluate' }],
  ])('%s', (command, hotReload) => {
    writePackage({ scripts: { dev: command } });
    const { entries, problems } = project.entries();
    expect(problems).toEqual([]);
    expect(entries.map((entry) => entry.hotReload)).toEqual([hotReload]);
  });

  it.each(['node server.js', 'tsx src/index.ts', 'bun src/index.ts', 'ts-node src/index.ts', 'pm2 start server.js -i 2'])('%s: none', (command) => {
    writePackage({ scripts: { start: command } });
    const { entries } = project.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).not.toHaveProperty('hotReload');
  });

  it('a script nodemon runs by name is followed, and its files are reloaded', () => {
    writePackage({ scripts: { dev: "nodemon --watch src --exec 'npm start'", start: 'node server.js' } });
    expect(project.entries().entries).toEqual([
      { file: 'server.js', via: 'script "dev"', process: 'script:dev', hotReload: { runner: 'nodemon', mode: 'restart' } },
      { file: 'server.js', via: 'script "start"', process: 'script:start' },
    ]);
  });

  it('a PM2 app with watch on', () => {
    write('ecosystem.config.js', "module.exports = { apps: [{ name: 'dev', script: 'server.js', watch: ['src'] }, { name: 'prod', script: 'server.js', watch: false }] };");
    expect(project.entries().entries).toEqual([
      { file: 'server.js', via: 'pm2 app "dev"', process: 'pm2:dev', hotReload: { runner: 'pm2 watch', mode: 'restart' } },
      { file: 'server.js', via: 'pm2 app "prod"', process: 'pm2:prod' },
    ]);
  });
});

describe('nodemon.json and package.json nodemonConfig', () => {
  beforeEach(() => {
    for (const file of ['src/index.ts', 'src/bot.ts']) write(file);
  });

  it("its exec is the command a bare `nodemon` script runs", () => {
    write('nodemon.json', JSON.stringify({ watch: ['src'], ext: 'ts', exec: 'tsx src/index.ts' }));
    writePackage({ scripts: { dev: 'nodemon' } });
    expect(project.entries()).toEqual({
      entries: [{ file: 'src/index.ts', via: 'script "dev"', process: 'script:dev', hotReload: { runner: 'nodemon', mode: 'restart' } }],
      problems: [],
    });
  });

  it('a file named on the command line is appended to its exec', () => {
    write('nodemon.json', JSON.stringify({ exec: 'node -r ts-node/register' }));
    writePackage({ scripts: { dev: 'nodemon src/bot.ts' } });
    expect(project.entries().entries.map((entry) => [entry.process, entry.file])).toEqual([['script:dev', 'src/bot.ts']]);
  });

  it('with no script that runs nodemon, the settings are a process of their own', () => {
    write('nodemon.json', JSON.stringify({ exec: 'ts-node src/bot.ts', watch: ['src'] }));
    writePackage({ scripts: { build: 'tsc' } });
    expect(project.entries().entries).toEqual([{ file: 'src/bot.ts', via: 'nodemon.json', process: 'nodemon', hotReload: { runner: 'nodemon', mode: 'restart' } }]);
  });

  it('package.json nodemonConfig naming a script', () => {
    writePackage({ nodemonConfig: { script: 'src/bot.ts', watch: ['src'] } });
    expect(project.entries().entries).toEqual([{ file: 'src/bot.ts', via: 'package.json nodemonConfig', process: 'nodemon', hotReload: { runner: 'nodemon', mode: 'restart' } }]);
  });

  it('settings that name nothing to run add no process; invalid JSON is a problem', () => {
    write('nodemon.json', JSON.stringify({ watch: ['src'], ignore: ['*.test.ts'] }));
    expect(project.entries()).toEqual({ entries: [], problems: [] });
    write('nodemon.json', '{ "exec": ');
    const { problems } = project.entries();
    expect(problems.map((problem) => problem.file)).toEqual(['nodemon.json']);
    expect(problems[0]?.message).toMatch(/^is not valid JSON/);
  });
});

describe('PM2 ecosystem files in YAML', () => {
  beforeEach(() => {
    for (const file of ['src/api.ts', 'src/bot.ts']) write(file);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }));
  });

  it('ecosystem.config.yml apps with cluster settings and an absolute deploy cwd', () => {
    write(
      'ecosystem.config.yml',
      ['apps:', '  - name: api', '    script: ./dist/api.js', '    instances: max', '    exec_mode: cluster', '  - name: bot', '    cwd: /srv/telegram', '    script: dist/bot.js', '    watch: true', ''].join('\n'),
    );
    expect(project.entries()).toEqual({
      entries: [
        { file: 'src/api.ts', via: 'pm2 app "api"', process: 'pm2:api', cluster: { instances: 'max', execMode: 'cluster' } },
        { file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', hotReload: { runner: 'pm2 watch', mode: 'restart' } },
      ],
      problems: [],
    });
  });

  it('a YAML file named by `pm2 start` is read; invalid YAML is a problem naming the file', () => {
    write('deploy/process.yaml', ['- name: bot', '  script: ../dist/bot.js', '  instances: 2'].join('\n'));
    writePackage({ scripts: { prod: 'pm2 start deploy/process.yaml' } });
    expect(project.entries().entries).toEqual([{ file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', cluster: { instances: 2 } }]);
    write('ecosystem.yaml', 'apps:\n  - name: [unclosed\n');
    const { problems } = project.entries();
    expect(problems.map((problem) => problem.file)).toEqual(['ecosystem.yaml']);
    expect(problems[0]?.message).toMatch(/^not valid YAML/);
  });
});

describe('Dockerfile', () => {
  beforeEach(() => {
    for (const file of ['src/index.ts', 'src/bot.ts', 'server.js']) write(file);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }));
  });

  const dockerEntries = () => project.entries().entries.filter((entry) => entry.process.startsWith('docker:'));

  it.each([
    ['CMD ["node", "dist/index.js"]', ['src/index.ts']],
    ['CMD node dist/index.js', ['src/index.ts']],
    ['WORKDIR /app\nCMD ["node", "/app/dist/bot.js"]', ['src/bot.ts']],
    ['WORKDIR /usr/src/app\nCOPY . .\nCMD ["node", "server.js"]', ['server.js']],
    ['ENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]', ['server.js']],
    ['ENTRYPOINT ["dumb-init", "--"]\nCMD ["npm", "start"]', ['src/index.ts']],
    ['ENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["npm", "run", "start:bot"]', ['src/bot.ts']],
    ['ENTRYPOINT ["node"]\nCMD ["dist/bot.js"]', ['src/bot.ts']],
    ['CMD ["sh", "-c", "npx prisma migrate deploy && node dist/index.js"]', ['src/index.ts']],
    ['CMD node \\\n  --enable-source-maps \\\n  # a comment inside the instruction\n  dist/bot.js', ['src/bot.ts']],
    ['FROM node:20 AS build\nCMD ["node", "dist/bot.js"]\nFROM node:20-slim\nCMD ["node", "dist/index.js"]', ['src/index.ts']],
    ['FROM node:20 AS base\nWORKDIR /app\nCMD ["node", "/app/server.js"]\nFROM base AS prod\nRUN npm ci', ['server.js']],
    ['RUN npm ci', []],
  ])('%j', (dockerfile, files) => {
    writePackage({ scripts: { start: 'node dist/index.js', 'start:bot': 'node dist/bot.js' } });
    write('Dockerfile', dockerfile.startsWith('FROM') ? dockerfile : `FROM node:20-alpine\n${dockerfile}\n`);
    expect(dockerEntries().map((entry) => entry.file)).toEqual(files);
    expect(project.entries().problems).toEqual([]);
  });

  it('is one process named after the Dockerfile', () => {
    write('Dockerfile', 'FROM node:20\nCMD ["node", "dist/bot.js"]\n');
    expect(dockerEntries()).toEqual([{ file: 'src/bot.ts', via: 'Dockerfile', process: 'docker:Dockerfile' }]);
  });

  it('pm2-runtime of an ecosystem file named in CMD: the apps are read from it', () => {
    write('process.yml', ['apps:', '  - name: bot', '    script: dist/bot.js', '    instances: 2', '    exec_mode: cluster'].join('\n'));
    write('Dockerfile', 'FROM node:20\nRUN npm i -g pm2\nCMD ["pm2-runtime", "process.yml"]\n');
    expect(project.entries()).toEqual({
      entries: [{ file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', cluster: { instances: 2, execMode: 'cluster' } }],
      problems: [],
    });
  });

  it('a command that cannot be mapped is a problem against the Dockerfile', () => {
    write('Dockerfile', 'FROM node:20\nCMD ["node", "dist/missing.js"]\n');
    expect(project.entries().problems).toEqual([{ file: 'Dockerfile', message: `Dockerfile: cannot map 'node dist/missing.js' to a source file (dist/missing.js does not exist)` }]);
  });
});

describe('compose files', () => {
  beforeEach(() => {
    for (const file of ['src/index.ts', 'src/bot.ts', 'src/worker.js', 'bot/main.ts']) write(file);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }));
    write('Dockerfile', 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/index.js"]\n');
  });

  const composeEntries = () => {
    const { entries, problems } = project.entries();
    expect(problems).toEqual([]);
    return entries.filter((entry) => entry.process.startsWith('compose:'));
  };

  it('a service built from the project runs the Dockerfile command; replicas above 1 make it a cluster', () => {
    write(
      'compose.yaml',
      [
        'services:',
        '  bot:',
        '    build: .',
        '    deploy:',
        '      replicas: 3',
        '  api:',
        '    build: .',
        '    command: ["node", "dist/bot.js"]',
        '    deploy:',
        '      replicas: 1',
        '  db:',
        '    image: postgres:16',
        '',
      ].join('\n'),
    );
    expect(composeEntries()).toEqual([
      { file: 'src/index.ts', via: 'compose service "bot"', process: 'compose:bot', cluster: { instances: 3, how: 'docker compose service "bot" runs 3 replicas' } },
      { file: 'src/bot.ts', via: 'compose service "api"', process: 'compose:api' },
    ]);
  });

  it('scale, replicas with a default from the environment, and a registry image whose command names a container path', () => {
    write(
      'docker-compose.yml',
      [
        'services:',
        '  worker:',
        '    image: node:20',
        '    working_dir: /app',
        '    volumes: ["./:/app"]',
        '    command: node /app/src/worker.js',
        '    scale: 2',
        '  bot:',
        '    build:',
        '      context: .',
        '    replicas: ${BOT_REPLICAS:-4}',
        '',
      ].join('\n'),
    );
    expect(composeEntries().map((entry) => [entry.process, entry.file, entry.cluster?.instances])).toEqual([
      ['compose:worker', 'src/worker.js', 2],
      ['compose:bot', 'src/index.ts', 4],
    ]);
  });

  it('an entrypoint overrides the image (and its CMD); a build context and Dockerfile of its own', () => {
    write('bot/Dockerfile.prod', 'FROM node:20\nWORKDIR /srv\nCMD ["node", "--import", "tsx", "/srv/main.ts"]\n');
    write(
      'compose.yml',
      [
        'services:',
        '  bot:',
        '    build: { context: ./bot, dockerfile: Dockerfile.prod }',
        '  tool:',
        '    build: .',
        '    entrypoint: ["npx", "tsx"]',
        '    command: ["src/bot.ts"]',
        '',
      ].join('\n'),
    );
    expect(composeEntries().map((entry) => [entry.process, entry.file])).toEqual([
      ['compose:bot', 'bot/main.ts'],
      ['compose:tool', 'src/bot.ts'],
    ]);
  });

  it('the override file is merged over the compose file', () => {
    write('docker-compose.yml', 'services:\n  bot:\n    build: .\n');
    write('docker-compose.override.yml', 'services:\n  bot:\n    deploy:\n      replicas: 2\n');
    expect(composeEntries().map((entry) => entry.cluster)).toEqual([{ instances: 2, how: 'docker compose service "bot" runs 2 replicas' }]);
  });

  it('compose.yaml is preferred over docker-compose.yml, as docker compose does', () => {
    write('compose.yaml', 'services:\n  a:\n    build: .\n');
    write('docker-compose.yml', 'services:\n  b:\n    build: .\n');
    expect(composeEntries().map((entry) => entry.process)).toEqual(['compose:a']);
  });

  it('invalid YAML and a missing Dockerfile are problems naming the compose file', () => {
    write('compose.yaml', 'services:\n  bot: [\n');
    expect(project.entries().problems.map((problem) => [problem.file, problem.message.slice(0, 14)])).toEqual([['compose.yaml', 'not valid YAML']]);
    write('compose.yaml', 'services:\n  bot:\n    build: ./nowhere\n');
    expect(project.entries().problems).toEqual([{ file: 'compose.yaml', message: 'compose service "bot": builds from nowhere/Dockerfile, which cannot be read' }]);
  });
});

describe('Next.js', () => {
  const nextFiles = ['app/api/bot/route.ts', 'src/app/(admin)/hook/route.js', 'pages/api/webhook.ts', 'middleware.ts', 'src/instrumentation.ts', 'app/page.tsx', 'lib/bot.ts'];

  it('route handlers, API routes, middleware and instrumentation are entries of one "next" process, with the exports Next calls', () => {
    for (const file of nextFiles) write(file);
    writePackage({ dependencies: { next: '^15.0.0' } });
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
    expect(project.entries(true).entries).toEqual([
      { file: 'app/api/bot/route.ts', via: 'Next.js route handler', process: 'next', calls: methods },
      { file: 'middleware.ts', via: 'Next.js middleware', process: 'next', calls: ['middleware', 'default'] },
      { file: 'pages/api/webhook.ts', via: 'Next.js API route', process: 'next', calls: ['default'] },
      { file: 'src/app/(admin)/hook/route.js', via: 'Next.js route handler', process: 'next', calls: methods },
      { file: 'src/instrumentation.ts', via: 'Next.js instrumentation', process: 'next', calls: ['register'] },
    ]);
  });

  it('are not entries when the project does not depend on next', () => {
    for (const file of nextFiles) write(file);
    writePackage({ dependencies: { express: '^5.0.0' } });
    expect(project.entries(true).entries).toEqual([]);
  });
});

describe('the model runs what the host calls, and follows worker threads and forks', () => {
  function processesOf() {
    const model = new ProjectModel(project.root, walkSourceFilesSync(project.root));
    const rel = (file: string) => path.relative(project.root, file).split(path.sep).join('/');
    return model.processes().map((process) => ({
      label: process.label,
      events: process.events.map((event) => `${event.kind} ${rel(event.file)}:${event.site.line}`),
    }));
  }

  it("a Next.js route's exported handler is run: its setWebhook is seen", () => {
    write('lib/bot.ts', "import { Bot } from 'grammy';\nexport const bot = new Bot(process.env.BOT_TOKEN!);\n");
    write('app/api/setup/route.ts', "import { bot } from '../../../lib/bot';\n\nexport async function GET() {\n  await bot.api.setWebhook('https://example.org/api/bot');\n  return new Response('ok');\n}\n");
    writePackage({ dependencies: { next: '^15.0.0', grammy: '^1.0.0' } });
    expect(processesOf()).toEqual([{ label: 'Next.js route handler (app/api/setup/route.ts)', events: ['webhook app/api/setup/route.ts:4'] }]);
  });

  it.each([
    ["new Worker('./bot.js')", 'worker thread started by src/server.js'],
    ["new Worker(new URL('./bot.js', import.meta.url))", 'worker thread started by src/server.js'],
    ["fork('./src/bot.js')", 'child process spawned by src/server.js'],
    ["fork(path.join(__dirname, 'bot.js'))", 'child process spawned by src/server.js'],
  ])('%s starts the script as its own process', (call, via) => {
    write('src/bot.js', "const TelegramBot = require('node-telegram-bot-api');\nnew TelegramBot(process.env.BOT_TOKEN, { polling: true });\n");
    write('src/server.js', `const path = require('node:path');\nconst { Worker } = require('node:worker_threads');\nconst { fork } = require('node:child_process');\n${call};\n`);
    writePackage({ main: 'src/server.js' });
    expect(processesOf()).toEqual([
      { label: 'package.json main (src/server.js)', events: [] },
      { label: `${via} (src/bot.js)`, events: ['start src/bot.js:2'] },
    ]);
  });
});

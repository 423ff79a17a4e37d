import path from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { entryProject } from '../helpers/entry-project.js';

const project = entryProject();
const write = project.write;
const writePackage = project.writePackage;
const entries = async () => project.entries();

/** Just the files of the entries a single script gives. */
async function filesOfScript(command: string): Promise<string[]> {
  writePackage({ main: 'server.js', scripts: { go: command } });
  const { entries: found, problems } = await entries();
  expect(problems).toEqual([]);
  return found.filter((entry) => entry.process !== 'main').map((entry) => entry.file);
}

describe('package.json main and bin', () => {
  it('main and each bin are entries of their own processes', async () => {
    write('src/index.ts');
    write('src/cli.ts');
    write('bin/admin.js');
    writePackage({ main: 'src/index.ts', bin: { 'bot-cli': './src/cli.ts', admin: 'bin/admin.js' } });
    expect((await entries()).entries).toEqual([
      { file: 'src/index.ts', via: 'package.json main', process: 'main' },
      { file: 'src/cli.ts', via: 'bin "bot-cli"', process: 'bin:bot-cli' },
      { file: 'bin/admin.js', via: 'bin "admin"', process: 'bin:admin' },
    ]);
  });

  it('a string bin is named after the package (scope dropped)', async () => {
    write('cli.js');
    write('package.json', JSON.stringify({ name: '@acme/notifier', bin: 'cli.js' }));
    expect((await entries()).entries).toEqual([{ file: 'cli.js', via: 'bin "notifier"', process: 'bin:notifier' }]);
  });

  it('main naming a folder means its index; a missing main is a problem, not an exception', async () => {
    write('lib/index.js');
    writePackage({ main: 'lib' });
    expect((await entries()).entries).toEqual([{ file: 'lib/index.js', via: 'package.json main', process: 'main' }]);
    writePackage({ main: 'index.js' });
    const { entries: found, problems } = await entries();
    expect(found).toEqual([]);
    expect(problems).toEqual([{ file: 'package.json', message: 'package.json main: cannot map index.js to a source file (index.js does not exist)' }]);
  });

  it('main and a script running the same file are different processes', async () => {
    write('src/index.ts');
    writePackage({ main: 'src/index.ts', scripts: { start: 'tsx src/index.ts' } });
    expect((await entries()).entries).toEqual([
      { file: 'src/index.ts', via: 'package.json main', process: 'main' },
      { file: 'src/index.ts', via: 'script "start"', process: 'script:start' },
    ]);
  });

  it('no package.json: no entries, no problems; invalid JSON: a problem', async () => {
    expect(await entries()).toEqual({ entries: [], problems: [] });
    write('package.json', '{ "main": ');
    const { problems } = await entries();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe('package.json');
    expect(problems[0]?.message).toMatch(/^is not valid JSON/);
  });
});

describe('script commands', () => {
  beforeEach(() => {
    for (const file of ['src/index.ts', 'src/worker.ts', 'src/bot.ts', 'server.js', 'src/tracing.ts', 'scripts/job.mjs']) write(file);
  });

  it.each([
    ['node server.js', ['server.js']],
    ['node --enable-source-maps --max-old-space-size=4096 server.js --port 3000', ['server.js']],
    ['node --inspect=0.0.0.0:9229 server.js', ['server.js']],
    ['node -r dotenv/config --env-file .env server.js', ['server.js']],
    ['node --import tsx src/index.ts', ['src/index.ts']],
    ['node --loader ts-node/esm src/index.ts', ['src/index.ts']],
    ['node -- server.js', ['server.js']],
    ['node scripts/job.mjs', ['scripts/job.mjs']],
    ['node .', ['server.js']], // the folder's package.json main
    ['node ./', ['server.js']],
    ['tsx src/index.ts', ['src/index.ts']],
    ['tsx watch src/index.ts', ['src/index.ts']],
    ['tsx watch --clear-screen=false --tsconfig tsconfig.json src/index.ts', ['src/index.ts']],
    ['tsx --env-file=.env src/index.ts', ['src/index.ts']],
    ['ts-node src/index.ts', ['src/index.ts']],
    ['ts-node -P tsconfig.json -r tsconfig-paths/register --transpile-only src/index.ts', ['src/index.ts']],
    ['ts-node-dev src/index.ts', ['src/index.ts']],
    ['ts-node-dev --respawn --transpile-only --ignore-watch node_modules src/index.ts', ['src/index.ts']],
    ['tsnd --respawn src/index.ts', ['src/index.ts']],
    ['nodemon server.js', ['server.js']],
    ['nodemon --watch src --ext ts --exec ts-node src/index.ts', ['src/index.ts']],
    ['nodemon --exec "tsx src/index.ts"', ['src/index.ts']],
    ["nodemon -w src -x 'node -r dotenv/config' server.js", ['server.js']],
    ['bun src/index.ts', ['src/index.ts']],
    ['bun --watch src/index.ts', ['src/index.ts']],
    ['bun run --hot src/index.ts', ['src/index.ts']],
    ['npx tsx src/index.ts', ['src/index.ts']],
    ['npx --yes tsx@4 watch src/index.ts', ['src/index.ts']],
    ['npx ts-node src/index.ts', ['src/index.ts']],
    ['pnpm exec tsx src/index.ts', ['src/index.ts']],
    ['yarn tsx src/index.ts', ['src/index.ts']],
    ['./node_modules/.bin/tsx src/index.ts', ['src/index.ts']],
    ['NODE_ENV=production node server.js', ['server.js']],
    ['NODE_ENV=production DEBUG=bot:* tsx src/index.ts', ['src/index.ts']],
    ['cross-env NODE_ENV=production PORT=80 node server.js', ['server.js']],
    ['dotenv -e .env.local -- tsx src/index.ts', ['src/index.ts']],
    ['env-cmd -f .env node server.js', ['server.js']],
    ['node server.js > logs/out.log 2>&1', ['server.js']],
    ['cd src && tsx index.ts', ['src/index.ts']],
    ['tsc && node server.js', ['server.js']],
    ['npm run build; node server.js', ['server.js']],
    ['rm -rf dist && tsc -p . && eslint .', []],
    ['vitest run', []],
    ['node', []],
    ['node --test', []],
    ['node --version', []],
  ])('%s', async (command, files) => {
    expect(await filesOfScript(command)).toEqual(files);
  });

  it('one command: the process is the script', async () => {
    writePackage({ scripts: { worker: 'tsx src/worker.ts' } });
    expect((await entries()).entries).toEqual([{ file: 'src/worker.ts', via: 'script "worker"', process: 'script:worker' }]);
  });

  it('commands chained with &&, ;, | or & are separate processes of the script', async () => {
    writePackage({ scripts: { both: 'node server.js && tsx src/worker.ts; tsx src/bot.ts | tee log & tsx src/index.ts' } });
    expect((await entries()).entries).toEqual([
      { file: 'server.js', via: 'script "both"', process: 'script:both#1' },
      { file: 'src/worker.ts', via: 'script "both"', process: 'script:both#2' },
      { file: 'src/bot.ts', via: 'script "both"', process: 'script:both#3' },
      { file: 'src/index.ts', via: 'script "both"', process: 'script:both#4' },
    ]);
  });

  it('concurrently runs each quoted command as its own process; npm: shortcuts name other scripts', async () => {
    writePackage({
      scripts: {
        dev: 'concurrently -k -n api,bot -c blue,green "tsx watch src/index.ts" \'NODE_ENV=dev tsx src/worker.ts\' "npm:lint"',
        lint: 'eslint .',
      },
    });
    expect((await entries()).entries).toEqual([
      { file: 'src/index.ts', via: 'script "dev"', process: 'script:dev#1', hotReload: { runner: 'tsx watch', mode: 'restart' } },
      { file: 'src/worker.ts', via: 'script "dev"', process: 'script:dev#2' },
    ]);
  });

  it('a script that runs other scripts by name adds nothing (those scripts are entries themselves)', async () => {
    writePackage({ scripts: { start: 'npm run build && npm start', build: 'tsc', dev: 'concurrently "npm run worker" "yarn worker"', worker: 'tsx src/worker.ts' } });
    expect((await entries()).entries).toEqual([{ file: 'src/worker.ts', via: 'script "worker"', process: 'script:worker' }]);
  });

  it('a project file preloaded with -r / --import runs in the same process', async () => {
    writePackage({ scripts: { start: 'node -r ./src/tracing.ts --import=./scripts/job.mjs server.js' } });
    expect((await entries()).entries).toEqual([
      { file: 'src/tracing.ts', via: 'script "start" (preloaded)', process: 'script:start' },
      { file: 'scripts/job.mjs', via: 'script "start" (preloaded)', process: 'script:start' },
      { file: 'server.js', via: 'script "start"', process: 'script:start' },
    ]);
  });

  it('nodemon without a file runs package.json main', async () => {
    writePackage({ main: 'server.js', scripts: { dev: 'nodemon --watch src' } });
    expect((await entries()).entries).toEqual([
      { file: 'server.js', via: 'package.json main', process: 'main' },
      { file: 'server.js', via: 'script "dev"', process: 'script:dev', hotReload: { runner: 'nodemon', mode: 'restart' } },
    ]);
  });

  it('`bun run name` and `bun name` of a script are references, not files', async () => {
    writePackage({ scripts: { dev: 'bun run worker', other: 'bun worker', worker: 'bun src/worker.ts' } });
    expect((await entries()).entries).toEqual([{ file: 'src/worker.ts', via: 'script "worker"', process: 'script:worker' }]);
  });

  it('pm2 start of a file in a script carries the cluster settings', async () => {
    writePackage({ scripts: { prod: 'pm2 start server.js -i max --name api', one: 'pm2-runtime start src/index.ts' } });
    expect((await entries()).entries).toEqual([
      { file: 'server.js', via: 'script "prod"', process: 'script:prod', cluster: { instances: 'max', execMode: 'cluster' } },
      { file: 'src/index.ts', via: 'script "one"', process: 'script:one' },
    ]);
  });

  it('unmappable commands are problems, named by script', async () => {
    writePackage({
      scripts: {
        missing: 'node dist/missing.js',
        variable: 'node $ENTRY',
        substituted: 'tsx "$(ls src/*.ts | head -1)"',
        inline: 'node -e "require(\'./src/bot\').start()"',
        bare: 'nodemon',
      },
    });
    const { entries: found, problems } = await entries();
    expect(found).toEqual([]);
    expect(problems).toEqual([
      { file: 'package.json', message: `script "missing": cannot map 'node dist/missing.js' to a source file (dist/missing.js does not exist)` },
      { file: 'package.json', message: `script "variable": cannot tell which file 'node $ENTRY' runs: it depends on the shell` },
      { file: 'package.json', message: `script "substituted": cannot tell which file 'tsx $(ls src/*.ts | head -1)' runs: it depends on the shell` },
      { file: 'package.json', message: `script "inline": 'node -e require('./src/bot').start()' runs inline code, which the check does not follow` },
      { file: 'package.json', message: `script "bare": 'nodemon' names no file, and package.json has neither main nor a start script` },
    ]);
  });
});

describe('compiled output mapped back to the source', () => {
  it('through tsconfig rootDir and outDir', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'source', outDir: 'build' } }));
    write('source/server.ts');
    write('source/jobs/index.ts');
    write('build/server.js', '"use strict";'); // the compiled copy exists too: the source still wins
    writePackage({ main: 'build/server.js', scripts: { start: 'node build/server.js', jobs: 'node build/jobs' } });
    expect((await entries()).entries.map((entry) => [entry.process, entry.file])).toEqual([
      ['main', 'source/server.ts'],
      ['script:start', 'source/server.ts'],
      ['script:jobs', 'source/jobs/index.ts'],
    ]);
  });

  it('with rootDir "." (dist/src/x.js), from a tsconfig that extends another', async () => {
    write('tsconfig.base.json', JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.' } }));
    write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.base.json', include: ['src', 'scripts'] }));
    write('src/index.mts');
    write('scripts/seed.ts');
    writePackage({ scripts: { start: 'node dist/src/index.mjs', seed: 'node ./dist/scripts/seed.js' } });
    expect((await entries()).entries.map((entry) => entry.file)).toEqual(['src/index.mts', 'scripts/seed.ts']);
  });

  it('without rootDir: the folder of `include` is the source root', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { outDir: './out' }, include: ['app/**/*.ts'] }));
    write('app/main.ts');
    writePackage({ main: 'out/main.js' });
    expect((await entries()).entries.map((entry) => entry.file)).toEqual(['app/main.ts']);
  });

  it('a script running the outDir folder itself runs its index', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'lib', outDir: 'dist' } }));
    write('lib/index.ts');
    writePackage({ scripts: { start: 'node dist' } });
    expect((await entries()).entries.map((entry) => entry.file)).toEqual(['lib/index.ts']);
  });

  it('without any tsconfig: dist/x.js is taken for src/x or x', async () => {
    write('src/bot.js');
    write('dist/bot.js');
    write('worker.ts');
    writePackage({ scripts: { a: 'node dist/bot.js', b: 'node dist/worker.js' } });
    expect((await entries()).entries.map((entry) => entry.file)).toEqual(['src/bot.js', 'worker.ts']);
  });

  it('build output with no source behind it is a problem', async () => {
    write('dist/only-built.js');
    writePackage({ scripts: { start: 'node dist/only-built.js' } });
    const { entries: found, problems } = await entries();
    expect(found).toEqual([]);
    expect(problems).toEqual([
      { file: 'package.json', message: `script "start": cannot map 'node dist/only-built.js' to a source file (dist/only-built.js is build output and no source file for it was found)` },
    ]);
  });
});

describe('PM2 ecosystem files', () => {
  beforeEach(() => {
    for (const file of ['src/api.ts', 'src/bot.ts', 'src/worker.ts']) write(file);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }));
  });

  it('module.exports = { apps: [...] } with cluster settings, in ecosystem.config.js', async () => {
    write(
      'ecosystem.config.js',
      [
        'module.exports = {',
        '  apps: [',
        "    { name: 'api', script: './dist/api.js', instances: 'max', exec_mode: 'cluster' },",
        "    { name: 'bot', script: 'dist/bot.js', instances: 1 },",
        "    { name: 'worker', script: 'src/worker.ts', interpreter: 'tsx' },",
        "    { name: 'scaled', script: 'dist/worker.js', instances: -1 },",
        '  ],',
        '};',
      ].join('\n'),
    );
    expect((await entries()).entries).toEqual([
      { file: 'src/api.ts', via: 'pm2 app "api"', process: 'pm2:api', cluster: { instances: 'max', execMode: 'cluster' } },
      { file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', cluster: { instances: 1 } },
      { file: 'src/worker.ts', via: 'pm2 app "worker"', process: 'pm2:worker' },
      { file: 'src/worker.ts', via: 'pm2 app "scaled"', process: 'pm2:scaled', cluster: { instances: -1 } },
    ]);
  });

  it('export default { apps } in ecosystem.config.mjs, with constants, spreads and __dirname paths', async () => {
    write(
      'ecosystem.config.mjs',
      [
        "import path from 'node:path';",
        "const common = { exec_mode: 'cluster', instances: 2 };",
        'const apps = [',
        "  { ...common, name: 'api', script: path.join(import.meta.dirname, 'dist', 'api.js') },",
        "  { ...common, name: 'bot', script: `${import.meta.dirname}/dist/bot.js`, instances: process.env.BOT_INSTANCES || 'max' },",
        '];',
        'export default { apps };',
      ].join('\n'),
    );
    expect((await entries()).entries).toEqual([
      { file: 'src/api.ts', via: 'pm2 app "api"', process: 'pm2:api', cluster: { instances: 2, execMode: 'cluster' } },
      { file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', cluster: { instances: 'max', execMode: 'cluster' } },
    ]);
  });

  it('ecosystem.config.cjs with path.resolve(__dirname, …) and a cwd', async () => {
    write('services/bot/index.ts');
    write(
      'ecosystem.config.cjs',
      [
        "const path = require('path');",
        'module.exports = { apps: [',
        "  { name: 'api', script: path.resolve(__dirname, 'dist/api.js') },",
        "  { name: 'bot', cwd: 'services/bot', script: 'index.ts', interpreter: 'node_modules/.bin/tsx' },",
        '] };',
      ].join('\n'),
    );
    expect((await entries()).entries.map((entry) => [entry.process, entry.file])).toEqual([
      ['pm2:api', 'src/api.ts'],
      ['pm2:bot', 'services/bot/index.ts'],
    ]);
  });

  it('an absolute cwd outside the checkout is the deploy folder: scripts are read from the ecosystem file\'s folder', async () => {
    write('server.js');
    write('bot/index.js');
    write(
      'ecosystem.config.js',
      [
        'module.exports = { apps: [',
        "  { name: 'api', cwd: '/var/www/app', script: 'server.js', instances: 'max', exec_mode: 'cluster' },",
        "  { name: 'bot', cwd: '/var/www/app/bot', script: 'index.js' },",
        '] };',
      ].join('\n'),
    );
    const found = await entries();
    expect(found.problems).toEqual([]);
    expect(found.entries.map((entry) => [entry.process, entry.file])).toEqual([
      ['pm2:api', 'server.js'],
      ['pm2:bot', 'bot/index.js'],
    ]);
  });

  it('ecosystem.config.json, pm2.config.js and process.json (apps list or bare array) are all read', async () => {
    write('ecosystem.config.json', JSON.stringify({ apps: [{ name: 'api', script: 'dist/api.js', exec_mode: 'cluster_mode' }] }));
    write('pm2.config.js', "module.exports.apps = [{ name: 'bot', script: 'dist/bot.js' }];");
    write('process.json', JSON.stringify([{ name: 'worker', script: 'dist/worker.js', instances: '4' }]));
    expect((await entries()).entries).toEqual([
      { file: 'src/api.ts', via: 'pm2 app "api"', process: 'pm2:api', cluster: { instances: 1, execMode: 'cluster_mode' } },
      { file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot' },
      { file: 'src/worker.ts', via: 'pm2 app "worker"', process: 'pm2:worker', cluster: { instances: 4 } },
    ]);
  });

  it('an app that runs npm, or a runner named as the script, follows the command', async () => {
    writePackage({ scripts: { start: 'node dist/api.js', 'start:bot': 'tsx src/bot.ts' } });
    write(
      'ecosystem.config.js',
      "module.exports = { apps: [ { name: 'web', script: 'npm', args: 'start', instances: 'max' }, { name: 'bot', script: 'npm', args: ['run', 'start:bot'] }, { name: 'w', script: 'tsx', args: 'src/worker.ts' } ] };",
    );
    const found = (await entries()).entries.filter((entry) => entry.process.startsWith('pm2:'));
    expect(found).toEqual([
      { file: 'src/api.ts', via: 'pm2 app "web"', process: 'pm2:web', cluster: { instances: 'max' } },
      { file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot' },
      { file: 'src/worker.ts', via: 'pm2 app "w"', process: 'pm2:w' },
    ]);
  });

  it('an ecosystem file with another name is read when a script starts it, once', async () => {
    write('deploy/pm2.prod.js', "module.exports = { apps: [{ name: 'bot', script: '../dist/bot.js', instances: 3 }] };");
    writePackage({ scripts: { deploy: 'pm2 start deploy/pm2.prod.js --env production', restart: 'pm2 reload deploy/pm2.prod.js' } });
    expect((await entries()).entries).toEqual([{ file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', cluster: { instances: 3 } }]);
  });

  it('is never executed', async () => {
    const marker = path.join(project.root, 'executed');
    write('ecosystem.config.js', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\nmodule.exports = { apps: [{ name: 'bot', script: 'dist/bot.js' }] };`);
    expect((await entries()).entries.map((entry) => entry.file)).toEqual(['src/bot.ts']);
    await expect(import('node:fs').then((fs) => fs.existsSync(marker))).resolves.toBe(false);
  });

  it('computed apps, unparsable files and apps without a script are problems', async () => {
    write('ecosystem.config.js', "module.exports = { apps: ['api', 'bot'].map((name) => ({ name, script: `dist/${name}.js` })) };");
    write('pm2.config.js', 'module.exports = { apps: [ {, ] };');
    write('process.json', JSON.stringify({ apps: [{ name: 'nothing' }, { name: 'bot', script: 'dist/bot.js' }] }));
    const { entries: found, problems } = await entries();
    expect(found).toEqual([{ file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot' }]);
    expect(problems.map((problem) => problem.file)).toEqual(['ecosystem.config.js', 'pm2.config.js', 'process.json']);
    expect(problems[0]?.message).toMatch(/computed/);
    expect(problems[1]?.message).toMatch(/^does not parse/);
    expect(problems[2]?.message).toBe('pm2 app "nothing" has no script the check can read');
  });

  it('two ecosystem files declaring the same app name get distinct process ids', async () => {
    write('ecosystem.config.js', "module.exports = { apps: [{ name: 'bot', script: 'dist/bot.js' }] };");
    write('ecosystem.config.json', JSON.stringify({ apps: [{ name: 'bot', script: 'dist/worker.js' }] }));
    expect((await entries()).entries.map((entry) => entry.process)).toEqual(['pm2:bot', 'pm2:ecosystem.config.json:bot']);
  });
});

describe('Procfile', () => {
  it('each line is its own process; npm start is followed to its script', async () => {
    write('src/web.ts');
    write('src/worker.ts');
    write('tsconfig.json', JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }));
    writePackage({ scripts: { start: 'node dist/web.js' } });
    write('Procfile', ['# heroku', 'web: npm start', 'worker: NODE_ENV=production node dist/worker.js', 'release: npx prisma migrate deploy', ''].join('\n'));
    expect((await entries()).entries).toEqual([
      { file: 'src/web.ts', via: 'script "start"', process: 'script:start' },
      { file: 'src/web.ts', via: 'Procfile web', process: 'procfile:web' },
      { file: 'src/worker.ts', via: 'Procfile worker', process: 'procfile:worker' },
    ]);
  });

  it('a Procfile line that cannot be mapped is a problem against the Procfile', async () => {
    write('Procfile', 'web: node server.js\nbot: npm run bot\n');
    const { entries: found, problems } = await entries();
    expect(found).toEqual([]);
    expect(problems).toEqual([
      { file: 'Procfile', message: `Procfile web: cannot map 'node server.js' to a source file (server.js does not exist)` },
      { file: 'Procfile', message: 'Procfile bot: runs package.json script "bot", which does not exist' },
    ]);
  });

  it('pm2-runtime of an ecosystem file in a Procfile leaves the processes to the ecosystem file', async () => {
    write('src/bot.ts');
    write('ecosystem.config.js', "module.exports = { apps: [{ name: 'bot', script: 'src/bot.ts', instances: 2 }] };");
    write('Procfile', 'web: pm2-runtime start ecosystem.config.js --env production');
    expect((await entries()).entries).toEqual([{ file: 'src/bot.ts', via: 'pm2 app "bot"', process: 'pm2:bot', cluster: { instances: 2 } }]);
  });
});

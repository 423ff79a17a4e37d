// The project model's persistent cache: a second run takes every file from it without reading
// one, an edit is read again (and re-parsed only when the content changed), a damaged cache is
// ignored and rebuilt, concurrent writers leave a readable cache, and where it lives can be set
// or turned off. Work is counted (files read, parsed, tokenized), never timed.
import { execFileSync, spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { CACHE_FOLDER, cacheFileFor, closeProjectCaches, openProjectCache } from '../../src/project/cache.js';
import { collectSourceFiles, walkSourceFilesSync } from '../../src/project/files.js';
import { ProjectModel } from '../../src/project/model.js';
import { fakeToken } from '../robustness/helpers.js';
import { repositoryRoot } from '../helpers/temp-project.js';
import { gitInitAndCommit } from '../cli/git-helpers.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'telegram-model-cache-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => closeProjectCaches());

const bin = path.join(repositoryRoot, 'dist/src/cli/bin.js');
/** An mtime well in the past: a record taken now is not "racy" (see RACY_MS). */
const PAST = new Date('2024-01-01T00:00:00Z');

let count = 0;
/** A project with a node_modules folder (where the cache goes), two pollers of one token in one process. */
function project(): string {
  const root = path.join(base, `project-${++count}`);
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'cached', private: true, main: 'src/index.ts' }),
    'src/index.ts': "import './bot.js';\nimport './second.js';\nimport { helper } from './util/helper.js';\nhelper();\n",
    'src/bot.ts': "import { Telegraf } from 'telegraf';\nexport const bot = new Telegraf(process.env.BOT_TOKEN!);\nvoid bot.launch();\n",
    'src/second.ts': "import TelegramBot from 'node-telegram-bot-api';\nexport const second = new TelegramBot(process.env.BOT_TOKEN!, { polling: true });\n",
    'src/util/helper.ts': 'export function helper(): number {\n  return 1;\n}\n',
    'src/util/format.ts': "export const format = (value: string) => value.trim();\n",
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    utimesSync(path.join(root, file), PAST, PAST);
  }
  mkdirSync(path.join(root, 'node_modules'));
  return root;
}

function build(root: string): ProjectModel {
  const model = new ProjectModel(root, walkSourceFilesSync(root), { cache: openProjectCache(root) });
  model.processes();
  return model;
}

function starts(model: ProjectModel): string[] {
  return model
    .processes()
    .flatMap((process) => process.events)
    .filter((event) => event.kind === 'start')
    .map((event) => `${path.relative(model.root, event.file).split(path.sep).join('/')}:${event.site.line} ${event.instance.tokenKeys.join(',')}`)
    .sort();
}

function saveAndReopen(root: string): void {
  expect(openProjectCache(root)?.save()).toBe(true);
  closeProjectCaches();
}

describe('the persistent cache of the project model', () => {
  it('lives in node_modules/.cache/eslint-plugin-telegram-bot, or where TELEGRAM_BOT_LINT_CACHE_DIR says, and can be turned off', () => {
    const root = project();
    const file = cacheFileFor(root, {}, {});
    expect(path.dirname(file ?? '')).toBe(path.join(root, CACHE_FOLDER));
    const elsewhere = path.join(base, 'elsewhere');
    expect(path.dirname(cacheFileFor(root, {}, { TELEGRAM_BOT_LINT_CACHE_DIR: elsewhere }) ?? '')).toBe(elsewhere);
    expect(path.dirname(cacheFileFor(root, { dir: elsewhere }, {}) ?? '')).toBe(elsewhere);
    expect(cacheFileFor(root, { enabled: false }, {})).toBeUndefined();
    expect(cacheFileFor(root, {}, { TELEGRAM_BOT_LINT_CACHE: 'off' })).toBeUndefined();
    // A project without node_modules gets none: a cache never creates that folder.
    rmSync(path.join(root, 'node_modules'), { recursive: true });
    expect(cacheFileFor(root, {}, {})).toBeUndefined();
  });

  it('a second run takes every file from the cache: nothing is read, parsed or tokenized, and the findings are the same', () => {
    const root = project();
    const first = build(root);
    expect(first.work.summarised).toBeGreaterThan(0);
    expect(first.work.read).toBeGreaterThanOrEqual(first.files.size);
    saveAndReopen(root);

    const second = build(root);
    expect(second.work).toEqual({ read: 0, summarised: 0, tokenized: 0, fromCache: second.files.size, fromPrevious: 0 });
    expect(starts(second)).toEqual(starts(first));
    expect(starts(second)).toEqual(['src/bot.ts:3 BOT_TOKEN', 'src/second.ts:2 BOT_TOKEN']);
  });

  it('an edited file is read again and re-parsed; a touched file with the same content is read but not re-parsed', () => {
    const root = project();
    build(root);
    saveAndReopen(root);

    const second = path.join(root, 'src/second.ts');
    writeFileSync(second, "import TelegramBot from 'node-telegram-bot-api';\nexport const second = new TelegramBot(process.env.OTHER_TOKEN!, { polling: true });\n");
    utimesSync(second, new Date('2024-02-01T00:00:00Z'), new Date('2024-02-01T00:00:00Z'));
    const edited = build(root);
    expect(edited.work).toMatchObject({ fromCache: edited.files.size - 1, summarised: 1, tokenized: 1 });
    expect(starts(edited)).toEqual(['src/bot.ts:3 BOT_TOKEN', 'src/second.ts:2 OTHER_TOKEN']);
    saveAndReopen(root);

    const bot = path.join(root, 'src/bot.ts');
    utimesSync(bot, new Date('2024-03-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z'));
    const touched = build(root);
    expect(touched.work).toMatchObject({ read: 1, summarised: 0, tokenized: 0 });
    expect(starts(touched)).toEqual(starts(edited));
  });

  it('in git, a file git finds unchanged is taken from the cache by its blob id, without a stat; an edited one is read again', async () => {
    const root = project();
    writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
    gitInitAndCommit(root);
    const buildFromGit = async () => {
      const { files, stats } = await collectSourceFiles(root);
      const model = new ProjectModel(root, files, { cache: openProjectCache(root), stats: (file) => stats.get(file) });
      model.processes();
      return { model, stats };
    };
    const first = await buildFromGit();
    expect([...first.stats].filter(([, stat]) => stat.oid === undefined)).toEqual([]);
    saveAndReopen(root);

    const second = await buildFromGit();
    expect(second.model.work).toEqual({ read: 0, summarised: 0, tokenized: 0, fromCache: second.model.files.size, fromPrevious: 0 });
    expect(starts(second.model)).toEqual(starts(first.model));
    expect(openProjectCache(root)?.dirty).toBe(false);

    // git sees the edit: the file is stat'ed, read and parsed again; the others stay unread.
    const edit = path.join(root, 'src/second.ts');
    writeFileSync(edit, "import TelegramBot from 'node-telegram-bot-api';\nexport const second = new TelegramBot(process.env.OTHER_TOKEN!, { polling: true });\n");
    const edited = await buildFromGit();
    expect(edited.stats.get(edit)?.oid).toBeUndefined();
    expect(edited.model.work).toMatchObject({ fromCache: edited.model.files.size - 1, summarised: 1, tokenized: 1 });
    expect(starts(edited.model)).toEqual(['src/bot.ts:3 BOT_TOKEN', 'src/second.ts:2 OTHER_TOKEN']);
  });

  it('check (files known by their git blob) and the rules (files stat\'ed) share the cache: each kind takes the other\'s records after one stat or one read', async () => {
    const fromGit = async (root: string) => {
      const { files, stats } = await collectSourceFiles(root);
      const model = new ProjectModel(root, files, { cache: openProjectCache(root), stats: (file) => stats.get(file) });
      model.processes();
      openProjectCache(root)?.save();
      closeProjectCaches();
      return model.work;
    };
    const fromStats = () => {
      const root = projects.at(-1) as string;
      const work = build(root).work;
      openProjectCache(root)?.save();
      closeProjectCaches();
      return work;
    };
    const nothingRead = { read: 0, summarised: 0, tokenized: 0, fromPrevious: 0 };
    const projects: string[] = [];

    // The rules wrote the cache: check takes every record after a stat, and adds the blob ids.
    projects.push(project());
    writeFileSync(path.join(projects[0] as string, '.gitignore'), 'node_modules/\n');
    gitInitAndCommit(projects[0] as string);
    fromStats();
    expect(await fromGit(projects[0] as string)).toMatchObject(nothingRead);
    expect(await fromGit(projects[0] as string)).toMatchObject(nothingRead);
    expect(fromStats()).toMatchObject(nothingRead);

    // check wrote the cache: the rules read each file once (its content is the blob: nothing is
    // parsed again), and from then on neither kind reads anything.
    projects.push(project());
    writeFileSync(path.join(projects[1] as string, '.gitignore'), 'node_modules/\n');
    gitInitAndCommit(projects[1] as string);
    const cold = await fromGit(projects[1] as string);
    expect(cold.summarised).toBeGreaterThan(0);
    const once = fromStats();
    expect(once).toMatchObject({ summarised: 0, tokenized: 0, fromCache: 0 });
    expect(once.read).toBeGreaterThan(0);
    expect(fromStats()).toMatchObject(nothingRead);
    expect(await fromGit(projects[1] as string)).toMatchObject(nothingRead);
  });

  it('a file written just now is checked by content, not trusted on its mtime', () => {
    const root = project();
    const bot = path.join(root, 'src/bot.ts');
    writeFileSync(bot, readFileSync(bot)); // mtime: now
    build(root);
    saveAndReopen(root);
    const again = build(root);
    expect(again.work.fromCache).toBe(again.files.size - 1);
    expect(again.work.summarised).toBe(0); // same content: the summary is kept
  });

  it('keeps no secret: a summary that quotes one (a token split in two literals) is not written', () => {
    const root = project();
    const { secret } = fakeToken('7000000001', 18);
    const split = path.join(root, 'src/split.ts');
    writeFileSync(split, `import { Telegraf } from 'telegraf';\nconst secret = '${secret}';\nexport const split = new Telegraf('7000000001:' + secret);\nvoid split.launch();\n`);
    utimesSync(split, PAST, PAST);
    writeFileSync(path.join(root, 'src/index.ts'), "import './bot.js';\nimport './split.js';\n");
    utimesSync(path.join(root, 'src/index.ts'), PAST, PAST);
    const first = build(root);
    expect(starts(first)).toEqual(['src/bot.ts:3 BOT_TOKEN', 'src/split.ts:4 ']); // a computed token: unknown
    saveAndReopen(root);
    expect(readFileSync(cacheFileFor(root) as string, 'utf8')).not.toContain(secret.slice(2, 20));
    const again = build(root);
    expect(again.work.summarised).toBe(1); // that file only, parsed again
    expect(starts(again)).toEqual(starts(first));
  });

  it('a damaged cache file (cut short, or one byte changed) is ignored and rebuilt, never trusted', () => {
    const root = project();
    const first = build(root);
    saveAndReopen(root);
    const file = cacheFileFor(root) as string;
    const text = readFileSync(file, 'utf8');

    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const afterCut = build(root);
    expect(afterCut.work.fromCache).toBe(0);
    expect(starts(afterCut)).toEqual(starts(first));
    saveAndReopen(root);
    expect(build(root).work.fromCache).toBe(first.files.size);
    closeProjectCaches();

    // A flipped flag (a file that "names no library") would hide a poller: the checksum catches it.
    const intact = readFileSync(file, 'utf8');
    const flipped = intact.replace(/("src\/bot\.ts":\[\d+,[\d.]+,)1,/, '$10,');
    expect(flipped).not.toBe(intact);
    writeFileSync(file, flipped);
    const afterFlip = build(root);
    expect(afterFlip.work.fromCache).toBe(0);
    expect(starts(afterFlip)).toEqual(starts(first));

    closeProjectCaches();
    writeFileSync(file, 'not a cache at all');
    expect(build(root).work.fromCache).toBe(0);
  });

  it('two processes writing the cache at once leave a whole, readable cache', async () => {
    const root = project();
    const cacheDir = path.join(base, `concurrent-${count}`);
    const modules = ['files', 'model', 'cache'].map((name) => JSON.stringify(path.join(repositoryRoot, `dist/src/project/${name}.js`)));
    const setup = `
      const { walkSourceFilesSync } = require(${modules[0]});
      const { ProjectModel } = require(${modules[1]});
      const { openProjectCache, closeProjectCaches } = require(${modules[2]});
      const root = process.argv[1];
      const open = () => { closeProjectCaches(); return openProjectCache(root, { dir: ${JSON.stringify(cacheDir)} }); };
    `;
    // Each writer reads the cache, builds the model with it and writes every record back, many times over.
    const writer = `${setup}
      for (let round = 0; round < 40; round++) {
        const cache = open();
        new ProjectModel(root, walkSourceFilesSync(root), { cache }).processes();
        for (const file of walkSourceFilesSync(root)) cache.set(file, cache.get(file));
        cache.save();
      }
    `;
    const run = () =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', writer, root], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('error', reject);
        child.on('exit', resolve);
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);

    // No temporary file left behind, and the cache reads back whole (one run's records, of either kind).
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const reader = `${setup}
      const model = new ProjectModel(root, walkSourceFilesSync(root), { cache: open() });
      const starts = model.processes().flatMap((process) => process.events).map((event) => event.instance.tokenKeys.join());
      console.log(JSON.stringify({ work: model.work, files: model.files.size, starts }));
    `;
    const read = JSON.parse(execFileSync(process.execPath, ['-e', reader, root], { encoding: 'utf8' })) as { work: ProjectModel['work']; files: number; starts: string[] };
    expect(read.work).toEqual({ read: 0, summarised: 0, tokenized: 0, fromCache: read.files, fromPrevious: 0 });
    expect(read.starts).toEqual(['BOT_TOKEN', 'BOT_TOKEN']);
  });
});

describe('check and its cache', () => {
  const check = (root: string, ...args: string[]) => {
    try {
      return execFileSync(process.execPath, [bin, 'check', '--json', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: '' } });
    } catch (error) {
      return (error as { stdout: string }).stdout;
    }
  };

  it('writes the cache under node_modules/.cache and gives the same findings from it; --no-cache neither reads nor writes it', () => {
    const root = project();
    const folder = path.join(root, CACHE_FOLDER);
    const uncached = check(root, '--no-cache');
    expect(existsSync(folder)).toBe(false);
    expect(JSON.parse(uncached).findings.map((finding: { kind: string }) => finding.kind)).toEqual(['same-process-duplicate']);

    const cold = check(root);
    expect(readdirSync(folder).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    const warm = check(root);
    expect(cold).toBe(uncached);
    expect(warm).toBe(uncached);

    // A cache that says nothing polls is not what --no-cache reads.
    const cacheFile = path.join(folder, readdirSync(folder)[0] as string);
    writeFileSync(cacheFile, 'damaged');
    expect(check(root, '--no-cache')).toBe(uncached);
    expect(readFileSync(cacheFile, 'utf8')).toBe('damaged');
  });
});

describe('migrate and the cache', () => {
  const migrate = (root: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, 'migrate', '--dry', '--owner', 'src/bot.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TELEGRAM_BOT_LINT_CACHE_DIR: '' } });

  it('migrate reads the project through the same cache as check; --no-cache neither reads nor writes it', () => {
    const root = project();
    const folder = path.join(root, CACHE_FOLDER);
    const uncached = migrate(root, '--no-cache');
    expect(existsSync(folder)).toBe(false);
    const cached = migrate(root);
    expect(readdirSync(folder).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    expect({ status: cached.status, stdout: cached.stdout }).toEqual({ status: uncached.status, stdout: uncached.stdout });
  });
});


// Bad input for migrate, defer-polling and check: each bad file is named with a clear reason,
// the run goes on (the good duplicate beside them is still migrated), nothing is written for
// it; nothing outside the given paths is read or written, and symlinks are not followed out.
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseFile } from '../../src/core/parse.js';
import { cli, expectNoStackTrace, hashTree, isRoot, tempDir } from './helpers.js';

const REQUIRE = "const TelegramBot = require('node-telegram-bot-api');\n";
const POLLER = 'const bot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN, { polling: true });\n';
const DUPLICATE = `${REQUIRE}${POLLER}bot.on('message', () => {});\n`;

/** name → [bytes, what the output must say about it] */
const BAD: Record<string, [Buffer, RegExp]> = {
  'src/broken.js': [Buffer.from(`${DUPLICATE}const = ;\n`), /Unexpected token/],
  'src/binary.js': [Buffer.concat([Buffer.from(DUPLICATE), Buffer.from([0, 1, 2, 0xff, 0])]), /binary file/],
  'src/latin1.js': [Buffer.concat([Buffer.from(`${DUPLICATE}const s = '`), Buffer.from([0xe9, 0xff]), Buffer.from("';\n")]), /not valid UTF-8/],
  'src/huge.js': [Buffer.from(DUPLICATE + 'bot.x = [1, 2, 3];\n'.repeat(Math.ceil((10 * 1024 * 1024) / 19))), /larger than 4 MB/],
  'src/deep.js': [Buffer.from(`${DUPLICATE}const x = ${'['.repeat(5000)}${']'.repeat(5000)};\n`), /too deep|nested/],
  'src/deep-ops.js': [Buffer.from(`${DUPLICATE}const y = 1${' + a'.repeat(30000)};\n`), /too deep|nested/],
  'src/deep.ts': [Buffer.from(`${DUPLICATE}const z = ${'('.repeat(3000)}1${')'.repeat(3000)};\n`), /too deep|nested/],
};
/** Good-but-unusual files that are migrated, keeping their encoding details. */
const GOOD = {
  dup: 'src/dup.js',
  bom: 'src/bom.js',
  crlf: 'src/crlf.js',
  spaces: 'src/my folder/dup copy of bot.js',
  unicode: 'src/ботик/ü-dup.js',
  empty: 'src/empty.js',
} as const;

let project: ReturnType<typeof tempDir>;
let root: string;
let outside: string;
let before: Map<string, string>;

beforeAll(() => {
  project = tempDir('bad-input');
  root = path.join(project.dir, 'app');
  outside = path.join(project.dir, 'outside');
  mkdirSync(path.join(root, 'src/my folder'), { recursive: true });
  mkdirSync(path.join(root, 'src/ботик'), { recursive: true });
  mkdirSync(outside);
  const write = (rel: string, data: string | Buffer) => writeFileSync(path.join(root, rel), data);
  write('src/bot.js', `${REQUIRE}${POLLER}module.exports = { bot };\n`);
  write('src/server.js', "require('./bot');\n");
  write(GOOD.dup, DUPLICATE);
  write(GOOD.bom, `\uFEFF${DUPLICATE}`);
  write(GOOD.crlf, DUPLICATE.replace(/\n/g, '\r\n'));
  write(GOOD.spaces, DUPLICATE);
  write(GOOD.unicode, DUPLICATE);
  write(GOOD.empty, '');
  for (const [rel, [bytes]] of Object.entries(BAD)) write(rel, bytes);
  write('src/unreadable.js', DUPLICATE);
  chmodSync(path.join(root, 'src/unreadable.js'), 0o000);
  // Symlink loops (a file and a folder), and links out of the tree to a poller of the same token.
  symlinkSync('loop.js', path.join(root, 'src/loop.js'));
  symlinkSync('..', path.join(root, 'src/up'));
  writeFileSync(path.join(outside, 'poller.js'), DUPLICATE);
  writeFileSync(path.join(outside, '.env'), 'TELEGRAM_BOT_TOKEN=1\n');
  symlinkSync(path.join(outside, 'poller.js'), path.join(root, 'src/outside.js'));
  symlinkSync(outside, path.join(root, 'src/outside-dir'));
  before = hashTree(project.dir);
});
afterAll(() => {
  chmodSync(path.join(root, 'src/unreadable.js'), 0o644);
  project.cleanup();
});

const changedFiles = () => [...hashTree(project.dir)].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file).sort();

describe('bad input', () => {
  it('check names every bad file, goes on, reports the real duplicates only, and writes nothing', () => {
    const result = cli(root, ['check']);
    expectNoStackTrace(result);
    expect(result.code).toBe(1); // the duplicates of TELEGRAM_BOT_TOKEN inside the tree
    for (const [rel, [, reason]] of Object.entries(BAD)) {
      // check only reads, so it reads leniently: a large file is analysed, bytes that are not UTF-8
      // are decoded with replacement characters (nothing is written back).
      if (rel === 'src/huge.js' || rel === 'src/latin1.js') continue;
      expect(result.stdout).toMatch(new RegExp(`${rel.replace(/[.]/g, '\\.')}(:\\d+)?: .*${reason.source}`));
    }
    expect(result.stdout).toMatch(/skipped src\/loop\.js: symlink loop/);
    expect(result.stdout).toMatch(/skipped src\/outside\.js: symlink to outside the project/);
    // The poller behind the symlink out of the tree is never reported.
    expect(result.stdout).not.toMatch(/^\s+\S*outside\S*:\d+$/m);
    const json = cli(root, ['check', '--json']);
    const sites = (JSON.parse(json.stdout) as { findings: { sites: { file: string }[] }[] }).findings.flatMap((f) => f.sites.map((s) => s.file));
    expect(sites.some((file) => file.includes('outside'))).toBe(false);
    expect(sites).toContain('src/ботик/ü-dup.js');
    expect(changedFiles()).toEqual([]);
  });

  it('migrate --dry names every bad file and writes nothing', () => {
    const result = cli(root, ['migrate', '--dry', '--owner', 'src/bot.js']);
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    for (const [rel, [, reason]] of Object.entries(BAD)) {
      expect(result.stdout).toMatch(new RegExp(`failed +${rel.replace(/[.]/g, '\\.')}(:\\d+)? +.*${reason.source}`));
    }
    expect(result.stdout).toMatch(/skipped +src\/loop\.js +symlink loop/);
    expect(changedFiles()).toEqual([]);
  });

  it('migrate changes exactly the good duplicates (BOM, CRLF, spaces, non-ASCII names kept right) and nothing else', () => {
    if (isRoot()) {
      // Root reads a chmod 000 duplicate, but it is read-only: the whole run is refused, naming it.
      const refused = cli(root, ['migrate', '--force', '--json', '--owner', 'src/bot.js']);
      expectNoStackTrace(refused);
      expect(refused.code).toBe(2);
      const report = JSON.parse(refused.stdout) as { changed: string[]; notWritten: { file: string; status: string; reason?: string }[] };
      expect(report.changed).toEqual([]);
      expect(report.notWritten).toContainEqual({ file: 'src/unreadable.js', status: 'refused', reason: expect.stringMatching(/read-only/) });
      expect(changedFiles()).toEqual([]);
      chmodSync(path.join(root, 'src/unreadable.js'), 0o644);
    }
    const result = cli(root, ['migrate', '--force', '--json', '--owner', 'src/bot.js']);
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as { changed: string[]; failed: { file: string }[]; skipped: { file: string }[] };
    // As root, chmod 000 does not stop reads: made writable above, the "unreadable" duplicate is an ordinary one.
    const expected = [GOOD.dup, GOOD.bom, GOOD.crlf, GOOD.spaces, GOOD.unicode, ...(isRoot() ? ['src/unreadable.js'] : [])].sort();
    expect(summary.changed.sort()).toEqual(expected);
    const failed = summary.failed.map((entry) => entry.file);
    for (const rel of Object.keys(BAD)) expect(failed).toContain(rel);
    expect(changedFiles()).toEqual(expected.map((rel) => path.join('app', rel)).sort());
    const bom = readFileSync(path.join(root, GOOD.bom), 'utf8');
    expect(bom.startsWith('\uFEFF')).toBe(true);
    expect(bom.slice(1)).toBe(readFileSync(path.join(root, GOOD.dup), 'utf8'));
    const crlf = readFileSync(path.join(root, GOOD.crlf), 'utf8');
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line end is still CRLF
    for (const rel of expected) parseFile(path.join(root, rel), readFileSync(path.join(root, rel), 'utf8'));
    // Outside the tree: untouched (the link still points at the unchanged poller).
    expect(readFileSync(path.join(outside, 'poller.js'), 'utf8')).toBe(DUPLICATE);
  });

  it.skipIf(isRoot())('names an unreadable file (chmod 000) and goes on', () => {
    // Runs only as a normal user: root reads a chmod 000 file anyway, so there is nothing to see.
    const result = cli(root, ['migrate', '--dry', '--json', '--owner', 'src/bot.js']);
    expect(result.stdout).toMatch(/"file": "src\/unreadable\.js",\s*"line": 0,\s*"message": "cannot read \(permission denied\)"/);
  });

  it('defer-polling names a bad module or entry, exits 1 and writes nothing', () => {
    const snapshot = hashTree(project.dir);
    for (const [rel, [, reason]] of Object.entries(BAD)) {
      for (const args of [[rel, '--entry', 'src/server.js'], ['src/bot.js', '--entry', rel]]) {
        const result = cli(root, ['defer-polling', ...args, '--force']);
        expectNoStackTrace(result);
        expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(1);
        expect(result.stdout).toMatch(new RegExp(`failed +${rel.replace(/[.]/g, '\\.')}(:\\d+)? +.*${reason.source}`));
      }
    }
    expect(hashTree(project.dir)).toEqual(snapshot);
  });

  it('refuses paths and symlinks that lead out of the tree (exit 2), reading nothing there', () => {
    const snapshot = hashTree(project.dir);
    for (const args of [
      ['migrate', '--dry', '--owner', 'src/bot.js', '../outside'],
      ['defer-polling', 'src/outside.js', '--entry', 'src/server.js', '--dry'],
      ['defer-polling', '../outside/poller.js', '--entry', 'src/server.js', '--dry'],
    ]) {
      const result = cli(root, args);
      expectNoStackTrace(result);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/outside the project/);
    }
    // check audits the project the path is in, wherever it runs from: another folder is its own project.
    const elsewhere = cli(root, ['check', '../outside']);
    expectNoStackTrace(elsewhere);
    expect(elsewhere.stderr).toBe('');
    expect(elsewhere.stdout).toMatch(/checked: /);
    // Named through a symlink out of the tree, the file is skipped with the reason, never migrated.
    const linked = cli(root, ['migrate', '--dry', '--json', '--owner', 'src/bot.js', 'src/outside.js', 'src/outside-dir']);
    const summary = JSON.parse(linked.stdout) as { changed: string[]; skipped: { file: string; reason: string }[] };
    expect(summary.changed).toEqual([]);
    expect(summary.skipped.map((s) => s.file).sort()).toEqual(['src/outside-dir', 'src/outside.js']);
    expect(hashTree(project.dir)).toEqual(snapshot);
  });
});

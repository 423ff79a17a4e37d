/**
 * use-shared-bot through jscodeshift and through `migrate` on trees whose bots and tokens cross
 * modules: a token read from a config module or an imported constant, an owner started by the
 * entry point (or by nothing). Each folder under fixtures/ is one case:
 *
 *   <case>/before/**    the project before
 *   <case>/after/**     the project as both tools must leave it
 *   <case>/options.json { owners, left }
 *
 * jscodeshift runs in this process (its Runner, in band, with the transform's TypeScript source);
 * `migrate` runs in this process too. Both must write exactly after/, report the same sites as
 * left (the traps: another token, a send-only instance, an owner that nothing starts), and the
 * result must type-check wherever before/ did.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { runMigrate } from '../../../src/cli/migrate.js';
import { buildProblems, newProblems } from '../../helpers/compile-check.js';
import { tempProjects } from '../../helpers/temp-project.js';
import { expectSameTree, readTree, writeTree } from '../../helpers/trees.js';

interface CaseOptions {
  readonly owners: readonly string[];
  readonly left: readonly { readonly file: string; readonly line: number; readonly reason: string }[];
}

interface LeftSite {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

interface JscodeshiftRunner {
  run(transform: string, paths: string[], options: Record<string, unknown>): Promise<{ ok: number; error: number }>;
}

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const TRANSFORM = path.join(import.meta.dirname, 'jscodeshift-transform.cjs');
const runner = createRequire(import.meta.url)('jscodeshift/src/Runner.js') as JscodeshiftRunner;

const projects = tempProjects();
afterAll(() => projects.cleanup());

const byPosition = (a: LeftSite, b: LeftSite) => a.file.localeCompare(b.file) || a.line - b.line;

/** `npx jscodeshift --no-babel -t <transform> --owner=… src`, in band: the tree is rewritten in place. */
async function viaJscodeshift(dir: string, options: CaseOptions): Promise<{ errors: number; left: LeftSite[] }> {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  let result;
  try {
    result = await runner.run(TRANSFORM, [path.join(dir, 'src')], {
      runInBand: true,
      silent: true,
      babel: false,
      extensions: 'ts,js',
      verbose: 0,
      owner: options.owners.map((owner) => path.join(dir, owner)),
    });
  } finally {
    write.mockRestore();
  }
  const left: LeftSite[] = [];
  // In band, every run adds its listener to jscodeshift's one in-process worker, so a report shows
  // once per earlier run: each distinct line counts once.
  for (const line of new Set(printed.join('').replace(/\u001b\[\d+m/g, '').split('\n'))) {
    const match = /^ REP \S+ (.+?):(\d+): left as it is: (.*)$/.exec(line);
    if (match) left.push({ file: path.relative(dir, match[1]!).split(path.sep).join('/'), line: Number(match[2]), reason: match[3]! });
  }
  return { errors: result.error, left: left.sort(byPosition) };
}

/** `eslint-plugin-telegram-bot migrate --owner … --force --json`, in this process. */
async function viaMigrate(dir: string, options: CaseOptions): Promise<{ code: number; left: LeftSite[] }> {
  let stdout = '';
  const io = { stdout: (text: string) => void (stdout += text), stderr: () => undefined };
  const code = await runMigrate([...options.owners.flatMap((owner) => ['--owner', owner]), '--force', '--json', '--no-cache'], io, dir);
  const summary = JSON.parse(stdout) as { left: LeftSite[] };
  return { code, left: summary.left.map(({ file, line, reason }) => ({ file, line, reason })).sort(byPosition) };
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('use-shared-bot across modules: jscodeshift decides as migrate does', () => {
  it('finds the cases', () => {
    expect(cases).toEqual(['cjs-js-token-constant', 'esm-js-owner-never-started', 'ts-nodenext-config-module']);
  });

  for (const name of cases) {
    it(name, async () => {
      const options = JSON.parse(readFileSync(path.join(FIXTURES, name, 'options.json'), 'utf8')) as CaseOptions;
      const before = readTree(path.join(FIXTURES, name, 'before'));
      const after = readTree(path.join(FIXTURES, name, 'after'));
      const expectedLeft = [...options.left].sort(byPosition);

      const jscodeshiftDir = projects.make(`jscodeshift-${name}`);
      writeTree(jscodeshiftDir, before);
      const problemsBefore = buildProblems(jscodeshiftDir, [...before.keys()]);
      expect(problemsBefore, `${name}: before/ builds`).toEqual([]);
      const jscodeshift = await viaJscodeshift(jscodeshiftDir, options);
      expect(jscodeshift.errors, `${name}: jscodeshift errors`).toBe(0);
      expectSameTree(readTree(jscodeshiftDir), after, `${name} (jscodeshift)`);

      const migrateDir = projects.make(`migrate-${name}`);
      writeTree(migrateDir, before);
      const migrate = await viaMigrate(migrateDir, options);
      expect(migrate.code, `${name}: migrate exit code`).toBe(0);
      expectSameTree(readTree(migrateDir), after, `${name} (migrate)`);

      // The same sites left, for the same reasons, and the ones the case names.
      expect(jscodeshift.left).toEqual(migrate.left);
      expect(migrate.left.map(({ file, line }) => ({ file, line }))).toEqual(expectedLeft.map(({ file, line }) => ({ file, line })));
      migrate.left.forEach((site, index) => expect(site.reason).toContain(expectedLeft[index]!.reason));

      expect(newProblems(problemsBefore, buildProblems(jscodeshiftDir, [...after.keys()])), `${name}: after/ adds no build problem`).toEqual([]);

      // A second jscodeshift run in the same process sees the rewritten tree: nothing more to do.
      await viaJscodeshift(jscodeshiftDir, options);
      expectSameTree(readTree(jscodeshiftDir), after, `${name} (jscodeshift, second run)`);
    });
  }
});

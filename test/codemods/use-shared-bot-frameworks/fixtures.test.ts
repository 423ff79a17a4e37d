/**
 * `migrate` beside a bot that a framework module creates (NestJS): that bot is never rewritten,
 * and a provider that creates and starts a second bot of its token gets the framework's bot
 * through `@InjectBot()` instead, or stays with the reason. Each folder under
 * fixtures/ is one Nest app:
 *
 *   <case>/before/**      the app before the migration
 *   <case>/after/**       the app as migrate leaves it (compared byte for byte)
 *   <case>/expected.json  { frameworkBots?, changed?, left?, warnings?, exitCode?, error? }
 *
 * The runner copies before/ to a temporary project whose node_modules link the repository's
 * (telegraf and grammy with their own types), adds the NestJS declarations of
 * test/fixtures/framework-types as types/, runs `migrate --json` in process, and type-checks
 * both trees: before/ must build, and after/ must too. A second run changes nothing.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runMigrate } from '../../../src/cli/migrate.js';
import type { Io } from '../../../src/cli/io.js';
import { typeErrors } from '../../helpers/compile-check.js';
import { repositoryRoot, tempProjects } from '../../helpers/temp-project.js';
import { expectSameTree, readTree, writeTree, type Tree } from '../../helpers/trees.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const STUBS = path.join(repositoryRoot, 'test/fixtures/framework-types');

interface Expected {
  readonly frameworkBots?: readonly { file: string; line: number; how: string; token: string }[];
  readonly changed?: readonly string[];
  /** Every site left: file, line and a part of the reason. */
  readonly left?: readonly { file: string; line: number; reason: string }[];
  readonly warnings?: readonly { file: string; line: number; message: string }[];
  readonly exitCode?: number;
  /** A part of the error, when migrate refuses. */
  readonly error?: string;
}

interface MigrateSummary {
  frameworkBots?: { file: string; line: number; how: string; token: string }[];
  changed: string[];
  left: { file: string; line: number; kind: string; reason: string }[];
  warnings?: { file: string; line: number; message: string }[];
  error?: string;
}

const projects = tempProjects();
afterAll(() => projects.cleanup());

async function migrate(dir: string): Promise<{ code: number; summary: MigrateSummary }> {
  let stdout = '';
  const io: Io = { stdout: (text) => void (stdout += text), stderr: () => undefined };
  const code = await runMigrate(['--json'], io, dir);
  return { code, summary: JSON.parse(stdout) as MigrateSummary };
}

/** The tree without the declarations the runner adds. */
function appTree(dir: string): Tree {
  return new Map([...readTree(dir)].filter(([file]) => !file.startsWith('types/')));
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('migrate beside a framework-created bot', () => {
  it('has an app per shape: rewritten (telegraf, grammy with a bot name, a framework bot in webhook mode), left with reasons, and a framework bot that does not poll', () => {
    expect(cases).toEqual(['grammy-named-bot', 'launch-options-false', 'left-with-reasons', 'telegraf-providers', 'telegraf-webhook-mode']);
  });

  for (const name of cases) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
      const before = readTree(path.join(FIXTURES, name, 'before'));
      const after = readTree(path.join(FIXTURES, name, 'after'));
      const dir = projects.make(name);
      writeTree(dir, before);
      cpSync(STUBS, path.join(dir, 'types'), { recursive: true });
      expect(typeErrors(dir), `${name}: before/ builds`).toEqual([]);

      const first = await migrate(dir);
      expect(first.code, `${name}: exit code`).toBe(expected.exitCode ?? 0);
      expectSameTree(appTree(dir), after, name);
      if (expected.error) {
        expect(first.summary.error).toContain(expected.error);
        expect(after).toEqual(before);
        return;
      }
      expect(first.summary.frameworkBots).toEqual(expected.frameworkBots);
      expect([...first.summary.changed].sort()).toEqual(expected.changed);
      const differing = [...after].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file);
      expect(differing, `${name}: after/ differs from before/ in the changed files only`).toEqual(expected.changed);

      const byPosition = <T extends { file: string; line: number }>(a: T, b: T) => a.file.localeCompare(b.file) || a.line - b.line;
      const left = [...first.summary.left].sort(byPosition);
      const expectedLeft = [...(expected.left ?? [])].sort(byPosition);
      expect(left.map(({ file, line }) => ({ file, line }))).toEqual(expectedLeft.map(({ file, line }) => ({ file, line })));
      left.forEach((site, index) => {
        expect(site.kind).toBe('framework bot');
        expect(site.reason).toContain(expectedLeft[index]!.reason);
      });
      const warnings = [...(first.summary.warnings ?? [])].sort(byPosition);
      const expectedWarnings = [...(expected.warnings ?? [])].sort(byPosition);
      expect(warnings.map(({ file, line }) => ({ file, line }))).toEqual(expectedWarnings.map(({ file, line }) => ({ file, line })));
      warnings.forEach((warning, index) => expect(warning.message).toContain(expectedWarnings[index]!.message));

      // The rewritten app builds: the injected parameter's type, the decorator's import, no unused constant.
      expect(typeErrors(dir), `${name}: after/ builds`).toEqual([]);

      const second = await migrate(dir);
      expect(second.summary.changed, `${name}: a second run changes nothing`).toEqual([]);
      expectSameTree(appTree(dir), after, `${name} (second run)`);
    });
  }
});

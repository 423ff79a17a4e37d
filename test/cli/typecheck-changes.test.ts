// migrate type-checks rewritten TypeScript under the project's tsconfig. Without a tsconfig there
// is nothing to hold a file to, and TypeScript (half a second to load) is not loaded at all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(__dirname, '../..');
const built = path.join(repositoryRoot, 'dist/src/cli/typecheck-changes.js');
const base = mkdtempSync(path.join(os.tmpdir(), 'typecheck-changes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** typecheckChanges in a fresh process: its outcome, and whether TypeScript was loaded. */
function typecheckIn(dir: string, file: string, before: string, after: string) {
  const script = `
    const { typecheckChanges } = require(${JSON.stringify(built)});
    const outcome = typecheckChanges([{ file: ${JSON.stringify(path.join(dir, file))}, before: ${JSON.stringify(before)}, after: ${JSON.stringify(after)} }], ${JSON.stringify(dir)});
    const loaded = Object.keys(require.cache).some((key) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(key));
    console.log(JSON.stringify({ kept: outcome.kept.length, rolledBack: outcome.rolledBack.map((entry) => entry.errors.map((error) => error.code)), skipped: outcome.skipped, loaded }));`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { kept: number; rolledBack: number[][]; skipped?: string; loaded: boolean };
}

function project(name: string, withConfig: boolean): string {
  const dir = path.join(base, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  if (withConfig) writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }));
  writeFileSync(path.join(dir, 'src/a.ts'), 'export const a: number = 1;\n');
  return dir;
}

describe('typecheckChanges', () => {
  it('without a tsconfig keeps the change and never loads TypeScript', () => {
    const dir = project('no-config', false);
    expect(typecheckIn(dir, 'src/a.ts', 'export const a: number = 1;\n', "export const a: number = 'one';\n")).toEqual({ kept: 1, rolledBack: [], loaded: false });
  });

  it('with a tsconfig in a folder above the changed file, loads TypeScript and leaves out a change that adds an error', () => {
    const dir = project('config-above', true);
    mkdirSync(path.join(dir, 'src/deep/er'), { recursive: true });
    writeFileSync(path.join(dir, 'src/deep/er/b.ts'), 'export const b = 1;\n');
    expect(typecheckIn(dir, 'src/deep/er/b.ts', 'export const b = 1;\n', 'export const b: string = 1;\n')).toEqual({ kept: 0, rolledBack: [[2322]], loaded: true });
  });
});

/**
 * defer-polling fixture trees. Each folder under fixtures/ is one case:
 *
 *   <case>/before/**    a whole small project whose module polls when it is imported
 *   <case>/after/**     the same project as a careful human would fix it
 *   <case>/options.json { module, entry, left?, variants? }
 *
 * The runner copies before/ to a fresh temp folder, runs `deferModule` on the module and
 * `wireEntry` on the entry the way the command does (both planned from the untouched files,
 * then written), and compares the whole tree with after/ byte for byte (same file list,
 * identical Buffers). The sites reported as left must be exactly the ones options.json lists.
 * A second run over the result must change nothing.
 *
 * `variants` re-runs the case on generated copies of both trees: `crlf` turns every line
 * ending into CRLF, `bom` puts a BOM in front of every source file, `crlf+bom` does both
 * (generated here, so that git's line-ending handling can never touch the bytes under test;
 * .gitattributes keeps the committed fixtures byte-exact as well).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { applyVariant, expectSameTree, readTree, writeTree, type Variant } from '../../helpers/trees.js';

import { deferModule, wireEntry } from '../../../codemods/defer-polling/engine.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
interface LeftReport {
  readonly file: string;
  readonly line: number;
  /** A part of the reason. */
  readonly reason: string;
}

interface CaseOptions {
  /** The module that polls on import, relative to the tree's root. */
  readonly module: string;
  readonly entry: string;
  /** Every site the codemod must leave and report. */
  readonly left?: readonly LeftReport[];
  readonly variants?: readonly Variant[];
}

/** One defer-polling pass over the tree at `root`, as the command runs it. */
function runCodemod(root: string, options: CaseOptions): { changed: string[]; left: LeftReport[]; startFunctions: readonly string[] } {
  const moduleFile = path.join(root, options.module);
  const entryFile = path.join(root, options.entry);
  const moduleSource = readFileSync(moduleFile, 'utf8');
  const entrySource = readFileSync(entryFile, 'utf8');
  const deferred = deferModule(moduleFile, moduleSource);
  const wired = wireEntry(entryFile, entrySource, moduleFile, deferred.startFunctions);
  const changed: string[] = [];
  if (deferred.output !== undefined) {
    writeFileSync(moduleFile, deferred.output, 'utf8');
    changed.push(options.module);
  }
  if (wired.output !== undefined) {
    writeFileSync(entryFile, wired.output, 'utf8');
    changed.push(options.entry);
  }
  // The entry calls one function per start function the module got, and nothing else.
  expect(wired.calls.length, 'one call per start function').toBe(deferred.startFunctions.length);
  return { changed, left: deferred.left.map((site) => ({ file: options.module, ...site })), startFunctions: deferred.startFunctions };
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('defer-polling fixtures', () => {
  it('finds the fixture cases, each complete, in TypeScript, ESM and CommonJS', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const prefix of ['ts-cjs-', 'ts-nodenext-', 'esm-js-', 'cjs-js-']) {
      expect(cases.filter((name) => name.startsWith(prefix)).length, prefix).toBeGreaterThanOrEqual(4);
    }
    for (const name of cases) {
      for (const part of ['before', 'after', 'options.json']) {
        expect(existsSync(path.join(FIXTURES, name, part)), `${name}/${part}`).toBe(true);
      }
    }
  });

  for (const name of cases) {
    const options = JSON.parse(readFileSync(path.join(FIXTURES, name, 'options.json'), 'utf8')) as CaseOptions;
    const variants: (Variant | undefined)[] = [undefined, ...(options.variants ?? [])];
    for (const variant of variants) {
      const label = variant ? `${name} (${variant})` : name;
      it(label, () => {
        const before = applyVariant(readTree(path.join(FIXTURES, name, 'before')), variant);
        const after = applyVariant(readTree(path.join(FIXTURES, name, 'after')), variant);
        expect(before.has(options.module) && before.has(options.entry), `${label}: module and entry exist`).toBe(true);
        const dir = mkdtempSync(path.join(os.tmpdir(), 'defer-polling-'));
        temps.push(dir);
        writeTree(dir, before);

        const first = runCodemod(dir, options);
        expectSameTree(readTree(dir), after, label);

        const byPosition = (a: LeftReport, b: LeftReport) => a.file.localeCompare(b.file) || a.line - b.line;
        const expectedLeft = [...(options.left ?? [])].sort(byPosition);
        const actualLeft = [...first.left].sort(byPosition);
        expect(actualLeft.map(({ file, line }) => ({ file, line })), `${label}: left sites`).toEqual(expectedLeft.map(({ file, line }) => ({ file, line })));
        actualLeft.forEach((site, index) => {
          expect(site.reason, `${label}: reason for ${site.file}:${site.line}`).toContain(expectedLeft[index]!.reason);
        });

        // Only the files that differ between before/ and after/ may be written.
        const differing = [...after].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file);
        expect([...first.changed].sort(), `${label}: files written`).toEqual(differing.sort());
        // A module is changed exactly when it got a start function: never half a fix.
        expect(first.changed.includes(options.module), `${label}: module changed iff it got a start function`).toBe(first.startFunctions.length > 0);

        const second = runCodemod(dir, options);
        expect(second.changed, `${label}: a second run changes nothing`).toEqual([]);
        expect(second.startFunctions, `${label}: a second run adds no start function`).toEqual([]);
        // What was left is still reported (and still left) the second time.
        expect(second.left.map(({ line }) => line).sort(), `${label}: left again`).toEqual(actualLeft.map(({ line }) => line).sort());
        expectSameTree(readTree(dir), after, `${label} (second run)`);
      });
    }
  }
});

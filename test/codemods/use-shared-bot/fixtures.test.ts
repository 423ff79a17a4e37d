/**
 * use-shared-bot fixture trees. Each folder under fixtures/ is one case:
 *
 *   <case>/before/**    a whole small project as it is before the migration
 *   <case>/after/**     the same project as a careful human would migrate it
 *   <case>/options.json { owners, sameToken?, export?, left?, variants? }
 *
 * The runner copies before/ to a fresh temp folder, runs the jscodeshift transform over every
 * source file, writes the results and compares the whole tree with after/ byte for byte (same
 * file list, identical Buffers). The sites the transform reports as left must be exactly the
 * ones options.json lists. A second run over the result must change nothing.
 *
 * `variants` re-runs the case on generated copies of both trees: `crlf` turns every line
 * ending into CRLF, `bom` puts a BOM in front of every source file, `crlf+bom` does both
 * (generated here, so that git's line-ending handling can never touch the bytes under test;
 * .gitattributes keeps the committed fixtures byte-exact as well).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildProblems, newProblems } from '../../helpers/compile-check.js';
import { tempProjects } from '../../helpers/temp-project.js';
import { applyVariant, expectSameTree, isSource, readTree, writeTree, type Variant } from '../../helpers/trees.js';

import transform, { type TransformOptions } from '../../../codemods/use-shared-bot/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
interface CaseOptions {
  /** Owner modules, relative to the tree's root. */
  readonly owners: readonly string[];
  readonly sameToken?: readonly (readonly string[])[];
  readonly export?: string;
  /** Every site the transform must leave and report: file, line, and a part of the reason. */
  readonly left?: readonly { readonly file: string; readonly line: number; readonly reason: string }[];
  readonly variants?: readonly Variant[];
  /** Every warning the transform must report for a file it rewrites: file, line, a part of the message. */
  readonly warnings?: readonly { readonly file: string; readonly line: number; readonly message: string }[];
  /** Files that now import an owner that polls at import (checked when listed). */
  readonly pollingOwnerNotes?: readonly string[];
  /** false when before/ names packages the fixture does not install (its errors then stay, and only new ones fail). */
  readonly builds?: boolean;
  /** Run with --strict. */
  readonly strict?: boolean;
}

interface WarningReport {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

interface LeftReport {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** One transform pass over every source file of the tree at `root`, the way jscodeshift would. */
async function runTransform(root: string, options: CaseOptions): Promise<{ changed: string[]; left: LeftReport[]; warnings: WarningReport[]; notes: string[] }> {
  const transformOptions: TransformOptions = {
    owner: options.owners.map((owner) => path.join(root, owner)),
    ...(options.strict ? { strict: true } : {}),
    ...(options.sameToken ? { sameToken: options.sameToken.map((group) => group.join(',')) } : {}),
    ...(options.export ? { export: options.export } : {}),
  };
  const left: LeftReport[] = [];
  const warnings: WarningReport[] = [];
  const notes: string[] = [];
  const report = (message: string): void => {
    const note = /^(.*?):\d+: note: /s.exec(message);
    if (note) {
      notes.push(path.relative(root, note[1]!).split(path.sep).join('/'));
      return;
    }
    const warning = /^(.*?):(\d+): warning: (.*)$/s.exec(message);
    if (warning) {
      warnings.push({ file: path.relative(root, warning[1]!).split(path.sep).join('/'), line: Number(warning[2]), message: warning[3]! });
      return;
    }
    const match = /^(.*?):(\d+): left as it is: (.*)$/s.exec(message);
    if (!match) throw new Error(`unexpected report: ${message}`);
    left.push({ file: path.relative(root, match[1]!).split(path.sep).join('/'), line: Number(match[2]), reason: match[3]! });
  };
  // Plan every file against the untouched tree first, then write: jscodeshift workers read
  // the owners before any file is written back.
  const outputs = new Map<string, string>();
  for (const file of readTree(root).keys()) {
    if (!isSource(file)) continue;
    const absolute = path.join(root, file);
    const output = await transform({ path: absolute, source: readFileSync(absolute, 'utf8') }, { report }, transformOptions);
    if (output !== undefined) outputs.set(absolute, output);
  }
  for (const [absolute, output] of outputs) writeFileSync(absolute, output, 'utf8');
  return { changed: [...outputs.keys()].map((file) => path.relative(root, file).split(path.sep).join('/')), left, warnings, notes };
}

/** FIXTURE_DUMP=<folder>: keep a copy of every transformed tree there, to read a failure. */
function dump(dir: string, label: string): void {
  const target = process.env.FIXTURE_DUMP;
  if (target) writeTree(path.join(target, label.replace(/[^\w.-]+/g, '_')), readTree(dir));
}

// Trees live under a folder whose node_modules links the repository's: the libraries and
// their types resolve, so a rewritten tree can be type-checked and loaded.
const projects = tempProjects();
afterAll(() => projects.cleanup());

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('use-shared-bot fixtures', () => {
  it('finds the fixture cases, each complete', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
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
      it(label, async () => {
        const before = applyVariant(readTree(path.join(FIXTURES, name, 'before')), variant);
        const after = applyVariant(readTree(path.join(FIXTURES, name, 'after')), variant);
        const dir = projects.make('use-shared-bot');
        writeTree(dir, before);
        // What keeps the project from building before the migration (a package the fixture
        // does not install, say): the rewrite may not add to it. Checked on the plain tree.
        const problemsBefore = variant ? [] : buildProblems(dir, [...before.keys()]);
        if (options.builds !== false && !variant) expect(problemsBefore, `${label}: before/ builds`).toEqual([]);

        const first = await runTransform(dir, options);
        dump(dir, label);
        expectSameTree(readTree(dir), after, label);

        const byPosition = (a: LeftReport, b: LeftReport) => a.file.localeCompare(b.file) || a.line - b.line;
        const expectedLeft = [...(options.left ?? [])].sort(byPosition);
        const actualLeft = [...first.left].sort(byPosition);
        expect(actualLeft.map(({ file, line }) => ({ file, line })), `${label}: left sites`).toEqual(expectedLeft.map(({ file, line }) => ({ file, line })));
        actualLeft.forEach((site, index) => {
          expect(site.reason, `${label}: reason for ${site.file}:${site.line}`).toContain(expectedLeft[index]!.reason);
          // A report names a hard-coded token by its bot id only, never with its secret.
          expect(site.reason, `${label}: reason for ${site.file}:${site.line}`).not.toMatch(/\d{5,15}:[A-Za-z0-9_-]{30,}/);
        });

        const byLine = <T extends { file: string; line: number }>(a: T, b: T) => a.file.localeCompare(b.file) || a.line - b.line;
        const expectedWarnings = [...(options.warnings ?? [])].sort(byLine);
        const actualWarnings = [...first.warnings].sort(byLine);
        expect(actualWarnings.map(({ file, line }) => ({ file, line })), `${label}: warnings`).toEqual(expectedWarnings.map(({ file, line }) => ({ file, line })));
        actualWarnings.forEach((warning, index) => {
          expect(warning.message, `${label}: warning at ${warning.file}:${warning.line}`).toContain(expectedWarnings[index]!.message);
        });

        if (options.pollingOwnerNotes) expect(first.notes.sort(), `${label}: notes`).toEqual([...options.pollingOwnerNotes].sort());

        // Only the files that differ between before/ and after/ may be written.
        const differing = [...after].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file);
        expect([...first.changed].sort(), `${label}: files written`).toEqual(differing);

        // After it: the rewrite type-checks (tsc) and parses (node --check) wherever the original did.
        if (!variant) expect(newProblems(problemsBefore, buildProblems(dir, [...after.keys()])), `${label}: after/ adds no build problem`).toEqual([]);

        const second = await runTransform(dir, options);
        expect(second.changed, `${label}: a second run changes nothing`).toEqual([]);
        expectSameTree(readTree(dir), after, `${label} (second run)`);
      });
    }
  }
});

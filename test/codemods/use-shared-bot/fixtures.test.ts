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
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

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
}

interface LeftReport {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** One transform pass over every source file of the tree at `root`, the way jscodeshift would. */
function runTransform(root: string, options: CaseOptions): { changed: string[]; left: LeftReport[] } {
  const transformOptions: TransformOptions = {
    owner: options.owners.map((owner) => path.join(root, owner)),
    ...(options.sameToken ? { sameToken: options.sameToken.map((group) => group.join(',')) } : {}),
    ...(options.export ? { export: options.export } : {}),
  };
  const left: LeftReport[] = [];
  const report = (message: string): void => {
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
    const output = transform({ path: absolute, source: readFileSync(absolute, 'utf8') }, { report }, transformOptions);
    if (output !== undefined) outputs.set(absolute, output);
  }
  for (const [absolute, output] of outputs) writeFileSync(absolute, output, 'utf8');
  return { changed: [...outputs.keys()].map((file) => path.relative(root, file).split(path.sep).join('/')), left };
}

/** FIXTURE_DUMP=<folder>: keep a copy of every transformed tree there, to read a failure. */
function dump(dir: string, label: string): void {
  const target = process.env.FIXTURE_DUMP;
  if (target) writeTree(path.join(target, label.replace(/[^\w.-]+/g, '_')), readTree(dir));
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

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
      it(label, () => {
        const before = applyVariant(readTree(path.join(FIXTURES, name, 'before')), variant);
        const after = applyVariant(readTree(path.join(FIXTURES, name, 'after')), variant);
        const dir = mkdtempSync(path.join(os.tmpdir(), 'use-shared-bot-'));
        temps.push(dir);
        writeTree(dir, before);

        const first = runTransform(dir, options);
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

        // Only the files that differ between before/ and after/ may be written.
        const differing = [...after].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file);
        expect([...first.changed].sort(), `${label}: files written`).toEqual(differing);

        const second = runTransform(dir, options);
        expect(second.changed, `${label}: a second run changes nothing`).toEqual([]);
        expectSameTree(readTree(dir), after, `${label} (second run)`);
      });
    }
  }
});

// Fixture trees for the codemod suites: read and write whole trees as bytes, generate the
// CRLF and BOM variants from LF fixtures (so git cannot alter them), compare trees exactly.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect } from 'vitest';

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

export type Variant = 'crlf' | 'bom' | 'crlf+bom';

export type Tree = Map<string, Buffer>;

export function readTree(root: string): Tree {
  const tree: Tree = new Map();
  // A missing folder reads as an empty tree (and then fails the comparison).
  if (!existsSync(root)) return tree;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(absolute);
      else if (entry.isFile()) tree.set(path.relative(root, absolute).split(path.sep).join('/'), readFileSync(absolute));
    }
  };
  visit(root);
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function writeTree(root: string, tree: Tree): void {
  for (const [file, bytes] of tree) {
    const absolute = path.join(root, file);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, bytes);
  }
}

export function isSource(file: string): boolean {
  return SOURCE.test(file) && !file.endsWith('.d.ts');
}

export function applyVariant(tree: Tree, variant: Variant | undefined): Tree {
  if (!variant) return tree;
  const result: Tree = new Map();
  for (const [file, bytes] of tree) {
    const text = bytes.toString('utf8');
    if (text.includes('\r') || text.startsWith('\uFEFF')) throw new Error(`${file}: variants are generated from LF files without a BOM`);
    const eol = variant === 'bom' ? text : text.replace(/\n/g, '\r\n');
    const bom = variant !== 'crlf' && isSource(file) ? '\uFEFF' : '';
    result.set(file, Buffer.from(bom + eol, 'utf8'));
  }
  return result;
}


export function expectSameTree(actual: Tree, expected: Tree, label: string): void {
  expect([...actual.keys()], `${label}: file list`).toEqual([...expected.keys()]);
  for (const [file, bytes] of expected) {
    const got = actual.get(file)!;
    if (!got.equals(bytes)) {
      // Show a readable difference first (escapes make CR and BOM visible), then insist on bytes.
      const show = (buffer: Buffer) => JSON.stringify(buffer.toString('utf8')).slice(1, -1).replace(/\\n/g, '\\n\n');
      expect(show(got), `${label}: ${file}`).toBe(show(bytes));
    }
    expect(got.equals(bytes), `${label}: ${file} differs byte for byte`).toBe(true);
  }
}

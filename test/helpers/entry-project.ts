// A temporary project for the entry finder: write files into it, then ask for its entries with
// root-relative posix paths (readable expectations).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach } from 'vitest';

import { findEntryPoints, type EntryPoint } from '../../src/project/entries/index.js';

export interface EntryProject {
  readonly root: string;
  write(rel: string, content?: string): void;
  writePackage(fields: Record<string, unknown>): void;
  /** Entries and problems, paths relative to the root; `withFiles` also passes the source file list (as the model does). */
  entries(withFiles?: boolean): { entries: Array<Omit<EntryPoint, 'file'> & { file: string }>; problems: { file: string; message: string }[] };
}

/** A fresh folder per test (created in beforeEach, removed in afterEach). */
export function entryProject(): EntryProject {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tg-entries-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const write = (rel: string, content = 'export {};\n') => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  return {
    get root() {
      return root;
    },
    write,
    writePackage(fields) {
      write('package.json', JSON.stringify({ name: 'bot-app', version: '1.0.0', ...fields }, null, 2));
    },
    entries(withFiles = false) {
      const files = withFiles
        ? readdirSync(root, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name))
            .map((entry) => path.join(entry.parentPath, entry.name))
        : undefined;
      const result = findEntryPoints(root, files ? { files } : {});
      const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
      return {
        entries: result.entries.map((entry) => ({ ...entry, file: rel(entry.file) })),
        problems: result.problems.map((problem) => ({ ...problem, file: rel(problem.file) })),
      };
    },
  };
}

// Temporary projects outside the repository that resolve packages the way an installed
// project does: a node_modules of symlinks to the repository's packages, plus the plugin
// itself (the repository root, so its package.json "exports" apply).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

export interface TempProjects {
  /** A fresh folder under the shared base (which has the node_modules). */
  make(name: string): string;
  /** Remove everything; call from afterAll. */
  cleanup(): void;
}

export function tempProjects(): TempProjects {
  const base = mkdtempSync(path.join(os.tmpdir(), 'eslint-plugin-telegram-bot-'));
  const modules = path.join(base, 'node_modules');
  mkdirSync(modules);
  const source = path.join(repositoryRoot, 'node_modules');
  for (const entry of readdirSync(source)) {
    if (entry === '.bin' || entry.startsWith('.')) continue;
    symlinkSync(path.join(source, entry), path.join(modules, entry), 'junction');
  }
  symlinkSync(repositoryRoot, path.join(modules, 'eslint-plugin-telegram-bot'), 'junction');
  let count = 0;
  return {
    make(name) {
      const dir = path.join(base, `${name}-${++count}`);
      mkdirSync(dir);
      return dir;
    },
    cleanup() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

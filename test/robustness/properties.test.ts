// Property-style tests of the use-shared-bot engine on seeded random projects (no dependency:
// test/robustness/generated-projects.ts): migrating twice equals migrating once; a file without
// a poller of an owned token never changes; every output parses.
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { migrateFile, type MigrationSettings } from '../../codemods/use-shared-bot/engine.js';
import { readOwnerModule } from '../../codemods/use-shared-bot/owner.js';
import { parseFile } from '../../src/core/parse.js';
import { TokenGroups } from '../../src/core/token.js';
import { generateProject, type GeneratedProject } from './generated-projects.js';

const ROOT = '/virtual/project';
const SEEDS = Array.from({ length: 60 }, (_, index) => 1000 + index * 7919);

/** One pass over the project, in memory (the engine never touches the disk for these files). */
function migrate(project: GeneratedProject, files: ReadonlyMap<string, string>): Map<string, string> {
  const groups = new TokenGroups();
  const owners = project.owners.flatMap((owner) => readOwnerModule(path.join(ROOT, owner), files.get(owner) as string, groups));
  const settings: MigrationSettings = { owners, groups };
  const result = new Map<string, string>();
  for (const [file, text] of files) {
    const output = migrateFile(path.join(ROOT, file), text, settings).output;
    result.set(file, output ?? text);
  }
  return result;
}

describe('use-shared-bot on generated projects', () => {
  for (const seed of SEEDS) {
    const project = generateProject(seed);
    it(`seed ${seed} (${project.flavor}, ${project.files.length} files): idempotent, leaves other files alone, always parses`, () => {
      const before = new Map(project.files.map((file) => [file.path, file.text]));
      // The generator must produce valid code, or the properties below prove nothing.
      for (const [file, text] of before) expect(() => parseFile(path.join(ROOT, file), text), file).not.toThrow();

      const once = migrate(project, before);
      const twice = migrate(project, once);
      expect(twice).toEqual(once);

      for (const file of project.files) {
        const after = once.get(file.path) as string;
        if (!file.pollsOwnedToken) expect(after, `${file.path} has no poller of an owned token`).toBe(file.text);
        expect(() => parseFile(path.join(ROOT, file.path), after), file.path).not.toThrow();
      }
    });
  }

  it('the generator covers migrated and untouched files, in every flavor', () => {
    const projects = SEEDS.map(generateProject);
    expect(new Set(projects.map((project) => project.flavor))).toEqual(new Set(['ts', 'esm', 'cjs']));
    let changed = 0;
    let untouched = 0;
    for (const project of projects) {
      const before = new Map(project.files.map((file) => [file.path, file.text]));
      const once = migrate(project, before);
      for (const file of project.files) {
        if (once.get(file.path) !== file.text) changed++;
        else untouched++;
      }
    }
    expect(changed).toBeGreaterThan(20);
    expect(untouched).toBeGreaterThan(20);
  });
});

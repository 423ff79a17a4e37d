// The layers point one way: catalogue → core → project → rules, codemods, check → cli. Nothing
// imports from a layer above it, and loading the ESLint plugin loads no CLI module.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const layers = ['src/catalogue', 'src/core', 'src/project', 'rules', 'codemods', 'src/check', 'src/cli'];
/** What each layer may import from (its own folder always). */
const allowed: Record<string, string[]> = {
  'src/catalogue': [],
  'src/core': ['src/catalogue'],
  'src/project': ['src/catalogue', 'src/core'],
  rules: ['src/catalogue', 'src/core', 'src/project', 'src/create-rule.ts'],
  codemods: ['src/catalogue', 'src/core', 'src/project'],
  'src/check': ['src/catalogue', 'src/core', 'src/project'],
  'src/cli': ['src/catalogue', 'src/core', 'src/project', 'rules', 'codemods', 'src/check', 'src/package-info.ts', 'src/index.ts'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

function layerOf(file: string): string | undefined {
  return layers.find((layer) => file === layer || file.startsWith(`${layer}/`));
}

describe('layering', () => {
  for (const layer of layers) {
    it(`${layer} imports only from the layers below it`, () => {
      const wrong: string[] = [];
      for (const file of sourceFiles(layer)) {
        const text = readFileSync(path.join(root, file), 'utf8');
        for (const match of text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'/gm)) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1] as string)).replace(/\.js$/, '.ts');
          const targetLayer = layerOf(target);
          if (targetLayer === layer) continue;
          if (!allowed[layer]?.some((ok) => target === ok || target.startsWith(`${ok}/`) || targetLayer === ok)) wrong.push(`${file} → ${target}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('loading the built plugin loads no CLI, check or codemod module', () => {
    const script = [
      `const plugin = require(${JSON.stringify(path.join(root, 'dist/src/index.js'))});`,
      'if (!plugin.rules) process.exit(3);',
      `const dist = ${JSON.stringify(path.join(root, 'dist') + path.sep)};`,
      'console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.startsWith(dist)).map((file) => file.slice(dist.length))));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded.length).toBeGreaterThan(5);
    expect(loaded.filter((file) => /^src[\\/](cli|check)[\\/]|^codemods[\\/]/.test(file))).toEqual([]);
  });
});

// A user's eslint.config.ts with defineConfig must type-check against the built types.
// (typescript-eslint's plugin types break this under ESLint 10; ours use ESLint's own.)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const fixture = path.resolve(import.meta.dirname, 'fixtures/consumer-types');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function typecheck(project: string) {
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(fixture, project)], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('types for users', () => {
  it('eslint.config.ts with defineConfig, configs.recommended and extends type-checks', () => {
    const { code, output } = typecheck('tsconfig.json');
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('a config that does not exist is a type error (the check can fail)', () => {
    const { code, output } = typecheck('tsconfig.misuse.json');
    expect(code).not.toBe(0);
    expect(output).toContain("Property 'strictest' does not exist");
  });
});

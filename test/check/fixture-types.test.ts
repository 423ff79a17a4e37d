// The framework fixture apps are real programs: each type-checks (`tsc --noEmit -p`) against
// telegraf's and grammy's own types and the NestJS declarations in test/fixtures/framework-types,
// so a fixture cannot drift into code that no NestJS or Next.js project could contain.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { typeErrors } from '../helpers/compile-check.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const typed = readdirSync(fixtures).filter((name) => existsSync(path.join(fixtures, name, 'tsconfig.json')));

describe('framework fixture apps type-check', () => {
  it('covers every NestJS and Next.js fixture', () => {
    const frameworks = readdirSync(fixtures).filter((name) => /(^|-)(nest|next)-/.test(name));
    expect(frameworks.length).toBeGreaterThanOrEqual(8);
    expect(typed).toEqual(expect.arrayContaining(frameworks));
  });

  for (const name of typed) {
    it(name, () => {
      expect(typeErrors(path.join(fixtures, name))).toEqual([]);
    });
  }
});

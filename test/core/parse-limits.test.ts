// The parse guards that keep a generated file from taking minutes, and the syntax check the
// codemods run on their output instead of a second full parse.
import { describe, expect, it } from 'vitest';

import { checkSyntax, MAX_EXPORTED_DECLARATIONS, parseFile, ParseError } from '../../src/core/parse.js';

const exported = (count: number) => Array.from({ length: count }, (_, index) => `export const value${index} = ${index};`).join('\n');

describe('generated TypeScript', () => {
  it(`refuses more than ${MAX_EXPORTED_DECLARATIONS} exported declarations before the parser sees them`, () => {
    const text = `${exported(MAX_EXPORTED_DECLARATIONS + 1)}\n`;
    let error: unknown;
    try {
      parseFile('/p/generated.ts', text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ line: MAX_EXPORTED_DECLARATIONS + 1, reason: `more than ${MAX_EXPORTED_DECLARATIONS} exported declarations: generated code, left as it is` });
  });

  it('parses a file with many exports below the limit, and JavaScript is not counted', () => {
    expect(parseFile('/p/many.ts', exported(2000)).ast.body).toHaveLength(2000);
    expect(() => parseFile('/p/generated.mjs', exported(MAX_EXPORTED_DECLARATIONS + 1))).not.toThrow();
  });
});

describe('checkSyntax', () => {
  it('accepts what parseFile accepts', () => {
    for (const [file, text] of [
      ['/p/a.ts', "import x from 'y';\nexport const a: number = 1;\n"],
      ['/p/a.tsx', 'export const A = () => <div>{1}</div>;\n'],
      ['/p/a.js', "const x = require('y');\nmodule.exports = { x };\n"],
      ['/p/a.mjs', "import x from 'y';\nexport default x;\n"],
      ['/p/a.jsx', 'export const A = () => <div />;\n'],
      ['/p/bom.ts', '\uFEFFexport const a = 1;\n'],
    ] as const) {
      expect(() => parseFile(file, text), file).not.toThrow();
      expect(() => checkSyntax(file, text), file).not.toThrow();
    }
  });

  it('refuses what parseFile refuses, with the line', () => {
    for (const [file, text, line] of [
      ['/p/a.ts', 'const a = 1;\nconst b = ;\n', 2],
      ['/p/a.js', 'const a = 1;\n\nconst b = (;\n', 3],
      ['/p/a.cjs', 'import x from "y";\n', 1],
    ] as const) {
      expect(() => parseFile(file, text), file).toThrow(ParseError);
      let error: unknown;
      try {
        checkSyntax(file, text);
      } catch (caught) {
        error = caught;
      }
      expect(error, file).toBeInstanceOf(ParseError);
      expect((error as ParseError).line, file).toBe(line);
    }
  });
});

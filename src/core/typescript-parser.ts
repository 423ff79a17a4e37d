/**
 * typescript-eslint's parser, an optional peer dependency: JavaScript-only projects never install
 * it (nor TypeScript through it). Loaded on the first TypeScript file, by the recommended config's
 * parser, and by the commands' own parsing where oxc-parser does not load (src/core/parse.ts).
 */
import { createRequire } from 'node:module';

export type TypeScriptParser = typeof import('@typescript-eslint/parser');

export const TYPESCRIPT_PARSER_MISSING =
  'TypeScript files need @typescript-eslint/parser and typescript installed in your project: npm install --save-dev @typescript-eslint/parser typescript';

const requireHere = createRequire(__filename);
let loaded: TypeScriptParser | undefined;

export function loadTypeScriptParser(): TypeScriptParser {
  if (!loaded) {
    try {
      loaded = requireHere('@typescript-eslint/parser') as TypeScriptParser;
    } catch (error) {
      throw new Error(`${TYPESCRIPT_PARSER_MISSING} (${(error as Error).message.split('\n')[0] ?? ''})`);
    }
  }
  return loaded;
}

/** The installed parser's version, without loading it (nor TypeScript); undefined when it is not installed. */
export function typeScriptParserVersion(): string | undefined {
  try {
    return (requireHere('@typescript-eslint/parser/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
}

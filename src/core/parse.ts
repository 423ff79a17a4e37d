/**
 * Stand-alone parsing for the codemods and the project check (the rules get the AST from
 * ESLint). JavaScript goes through ESLint's own espree and eslint-scope; TypeScript through
 * typescript-eslint's parser, loaded only when a TypeScript file comes up.
 */
import path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as eslintScope from 'eslint-scope';
import { KEYS as javascriptKeys } from 'eslint-visitor-keys';
import * as espree from 'espree';

import type { AnalysisInput } from './pollers.js';
import { scopeGetter } from './scope.js';

export interface ParsedFile extends AnalysisInput {
  /** The text that was parsed: the file without its BOM. Ranges index into it. */
  readonly text: string;
  readonly hasBom: boolean;
  readonly isTypeScript: boolean;
  readonly isModule: boolean;
}

/** A file that does not parse, with the 1-based position the parser reported. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ParseError';
  }
}

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const BOM = '\uFEFF';

export function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT.test(file) && !file.endsWith('.d.ts');
}

export function parseFile(file: string, source: string): ParsedFile {
  const hasBom = source.startsWith(BOM);
  const text = hasBom ? source.slice(1) : source;
  try {
    return isTypeScriptFile(file) ? parseTypeScript(file, text, hasBom) : parseJavaScript(file, text, hasBom);
  } catch (error) {
    if (error instanceof ParseError) throw error;
    const { line, column } = errorPosition(error);
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    throw new ParseError(file, line, column, reason);
  }
}

function parseJavaScript(file: string, text: string, hasBom: boolean): ParsedFile {
  const extension = path.extname(file);
  // Module unless the file says otherwise; a CommonJS file without ESM syntax parses as commonjs.
  const looksLikeModule = extension === '.mjs' || (extension !== '.cjs' && /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(text));
  const sourceType = looksLikeModule ? 'module' : 'commonjs';
  const ast = espree.parse(text, {
    ecmaVersion: 'latest',
    sourceType,
    range: true,
    loc: true,
    comment: true,
    ecmaFeatures: { jsx: extension !== '.cjs' && extension !== '.mjs' },
  }) as unknown as TSESTree.Program;
  const scopeManager = eslintScope.analyze(ast as never, {
    ecmaVersion: 2026,
    sourceType,
    nodejsScope: sourceType === 'commonjs',
    childVisitorKeys: javascriptKeys,
  }) as unknown as TSESLint.Scope.ScopeManager;
  return {
    ast,
    text,
    hasBom,
    isTypeScript: false,
    isModule: sourceType === 'module',
    visitorKeys: javascriptKeys,
    getScope: scopeGetter(scopeManager),
  };
}

type TypeScriptParser = typeof import('@typescript-eslint/parser');
let typeScriptParser: TypeScriptParser | undefined;

function loadTypeScriptParser(): TypeScriptParser {
  if (!typeScriptParser) {
    try {
      typeScriptParser = require('@typescript-eslint/parser') as TypeScriptParser;
    } catch (error) {
      throw new Error(
        `TypeScript files need the \`typescript\` package: npm install --save-dev typescript (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  return typeScriptParser;
}

function parseTypeScript(file: string, text: string, hasBom: boolean): ParsedFile {
  const { parseForESLint } = loadTypeScriptParser();
  const result = parseForESLint(text, {
    filePath: file,
    sourceType: 'module',
    range: true,
    loc: true,
    comment: true,
    tokens: false,
    jsx: file.endsWith('.tsx'),
  });
  const ast = result.ast as unknown as TSESTree.Program;
  return {
    ast,
    text,
    hasBom,
    isTypeScript: true,
    isModule: true,
    visitorKeys: result.visitorKeys as AnalysisInput['visitorKeys'],
    getScope: scopeGetter(result.scopeManager as unknown as TSESLint.Scope.ScopeManager),
  };
}

function errorPosition(error: unknown): { line: number; column: number } {
  const candidate = error as { lineNumber?: number; column?: number; location?: { start?: { line?: number; column?: number } } };
  if (typeof candidate.lineNumber === 'number') return { line: candidate.lineNumber, column: (candidate.column ?? 0) + (candidate.location ? 1 : 0) };
  const start = candidate.location?.start;
  return { line: start?.line ?? 1, column: (start?.column ?? 0) + 1 };
}

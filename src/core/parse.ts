/**
 * Stand-alone parsing for the codemods and the project check (the rules get the AST from
 * ESLint). JavaScript goes through ESLint's own espree and eslint-scope; TypeScript through
 * oxc-parser and typescript-eslint's scope manager (src/core/oxc-parser.ts), or typescript-eslint's
 * parser (an optional peer) where oxc's native binding does not load. Each loads on the first
 * TypeScript file.
 */
import path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as eslintScope from 'eslint-scope';
import { KEYS as javascriptKeys } from 'eslint-visitor-keys';
import * as espree from 'espree';

import type { AnalysisInput } from './pollers.js';
import { analyzeTypeScriptScopes, loadOxc, OxcSyntaxError, parseWithOxc, typeScriptVisitorKeys, warmOxc } from './oxc-parser.js';
import { scopeGetter } from './scope.js';
import { loadTypeScriptParser } from './typescript-parser.js';

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

/**
 * Deeper than this many open brackets, a file is not parsed: the parsers and scope analysis
 * recurse once (or more) per level, and near the end of the stack V8 may abort the whole
 * process instead of throwing (a regular expression compiled there fails as "out of memory").
 * Hand-written and generated code stays far below it.
 */
export const MAX_BRACKET_DEPTH = 400;
/** The same guard for nesting without brackets (`a + b + …`, `x ? y : z ? …`, `a.b.c…`), checked on the tree. */
export const MAX_TREE_DEPTH = 1500;

/**
 * More exported declarations than this in one TypeScript file is generated code: typescript-estree
 * looks up each `export` keyword's next token from the top of the file, so its time grows with
 * the square of their number (80,000 of them took minutes in a 4 MB file).
 */
export const MAX_EXPORTED_DECLARATIONS = 10_000;
const EXPORTED_DECLARATION = /^[ \t]*export[ \t]+(?:default[ \t]+|declare[ \t]+|abstract[ \t]+|async[ \t]+)*(?:function|class|const|let|var|interface|type|enum|namespace|module)\b/gm;

export function parseFile(file: string, source: string): ParsedFile {
  const { text, hasBom } = guarded(file, source);
  return withParseErrors(file, () => (isTypeScriptFile(file) ? parseTypeScript(file, text, hasBom) : parseJavaScript(file, text, hasBom)), text);
}

/**
 * Whether a text a codemod produced still parses, by the parser alone: none of the tree conversion
 * and scope analysis parseFile does (the bulk of its time), since nothing reads the tree.
 * Throws a ParseError like parseFile.
 */
export function checkSyntax(file: string, source: string): void {
  const { text } = guarded(file, source);
  withParseErrors(file, () => {
    if (isTypeScriptFile(file)) {
      const oxc = loadOxc();
      if (oxc) {
        const result = oxc.parseSync(file, text, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts', sourceType: 'module' });
        const error = result.errors.find((candidate) => candidate.severity === 'Error');
        if (error) throw new OxcSyntaxError(error.labels[0]?.start ?? 0, error.message);
        return;
      }
      const ts = loadTypeScript();
      const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
      const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
      // The same list typescript-estree reports the first of.
      const [first] = (sourceFile as unknown as { parseDiagnostics: import('typescript').DiagnosticWithLocation[] }).parseDiagnostics;
      if (first) {
        const position = sourceFile.getLineAndCharacterOfPosition(first.start);
        throw new ParseError(file, position.line + 1, position.character + 1, ts.flattenDiagnosticMessageText(first.messageText, '\n'));
      }
    } else {
      espree.parse(text, javaScriptOptions(file, text, false));
    }
  }, text);
}

/** The text without its BOM, after the checks that keep a parser from crashing or crawling. */
function guarded(file: string, source: string): { text: string; hasBom: boolean } {
  const hasBom = source.startsWith(BOM);
  const text = hasBom ? source.slice(1) : source;
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const { line, column } = positionAt(text, nul);
    throw new ParseError(file, line, column, 'binary file (it holds NUL bytes), not JavaScript or TypeScript');
  }
  const deep = tooDeep(text);
  if (deep) {
    const { line, column } = positionAt(text, deep.offset);
    throw new ParseError(file, line, column, `nested more than ${MAX_BRACKET_DEPTH} brackets deep: too deep to analyse safely, left as it is`);
  }
  if (isTypeScriptFile(file) && text.length > MAX_EXPORTED_DECLARATIONS * 10) {
    let count = 0;
    for (const match of text.matchAll(EXPORTED_DECLARATION)) {
      if (++count > MAX_EXPORTED_DECLARATIONS) {
        const { line, column } = positionAt(text, match.index);
        throw new ParseError(file, line, column, `more than ${MAX_EXPORTED_DECLARATIONS} exported declarations: generated code, left as it is`);
      }
    }
  }
  return { text, hasBom };
}

function withParseErrors<T>(file: string, parse: () => T, text?: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ParseError) throw error;
    if (error instanceof OxcSyntaxError && text !== undefined) {
      const { line, column } = positionAt(text, error.offset);
      throw new ParseError(file, line, column, error.message);
    }
    const { line, column } = errorPosition(error);
    let reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    if (error instanceof RangeError || /stack (?:space|size)/i.test(reason)) reason = `nested too deeply to parse (${reason})`;
    throw new ParseError(file, line, column, reason);
  }
}

function javaScriptOptions(file: string, text: string, withLocations: boolean) {
  const extension = path.extname(file);
  // Module unless the file says otherwise; a CommonJS file without ESM syntax parses as commonjs.
  const looksLikeModule = extension === '.mjs' || (extension !== '.cjs' && /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(text));
  return {
    ecmaVersion: 'latest' as const,
    sourceType: looksLikeModule ? ('module' as const) : ('commonjs' as const),
    range: withLocations,
    loc: withLocations,
    comment: withLocations,
    ecmaFeatures: { jsx: extension !== '.cjs' && extension !== '.mjs' },
  };
}

function parseJavaScript(file: string, text: string, hasBom: boolean): ParsedFile {
  const options = javaScriptOptions(file, text, true);
  const sourceType = options.sourceType;
  const ast = espree.parse(text, options) as unknown as TSESTree.Program;
  checkTreeDepth(file, ast, javascriptKeys);
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

let typeScript: typeof import('typescript') | undefined;

function loadTypeScript(): typeof import('typescript') {
  loadTypeScriptParser(); // the same clear error when the package is missing
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first TypeScript file, so JavaScript-only runs never load it
  typeScript ??= require('typescript') as typeof import('typescript');
  return typeScript;
}

/** Loads the TypeScript parser ahead of its first use; a parser that is missing is reported at that use. */
export function warmTypeScriptParsing(): void {
  if (warmOxc()) return;
  try {
    loadTypeScriptParser();
  } catch {
    // reported where a file needs it
  }
}

function parseTypeScript(file: string, text: string, hasBom: boolean): ParsedFile {
  const oxc = loadOxc();
  if (oxc) {
    const ast = parseWithOxc(oxc, file, text);
    const visitorKeys = typeScriptVisitorKeys();
    checkTreeDepth(file, ast, visitorKeys);
    return { ast, text, hasBom, isTypeScript: true, isModule: true, visitorKeys, getScope: scopeGetter(analyzeTypeScriptScopes(ast)) };
  }
  return parseWithTypeScriptEslint(file, text, hasBom);
}

/** parseFile with typescript-eslint's parser: the reference oxc's trees are tested against. */
export function parseFileWithTypeScriptEslint(file: string, source: string): ParsedFile {
  const { text, hasBom } = guarded(file, source);
  return withParseErrors(file, () => parseWithTypeScriptEslint(file, text, hasBom), text);
}

/** Where oxc-parser does not load. */
function parseWithTypeScriptEslint(file: string, text: string, hasBom: boolean): ParsedFile {
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
  checkTreeDepth(file, ast, result.visitorKeys as AnalysisInput['visitorKeys']);
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

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The first place where brackets nest deeper than MAX_BRACKET_DEPTH, found without recursion.
 * Strings, template text and comments are skipped roughly (a regex literal holding a bracket can
 * only miscount by a level or two); it is a guard, not a parser.
 */
function tooDeep(text: string): { offset: number } | undefined {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) {
      // ( [ {
      if (++depth > MAX_BRACKET_DEPTH) return { offset: i };
    } else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // a quoted string ends at its quote or at the end of the line
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === c || d === 0x0a) break;
      }
    } else if (c === 0x60) {
      // template text, up to the closing backtick or an interpolation (whose brace counts)
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x60) break;
        else if (d === 0x24 && text.charCodeAt(i + 1) === 0x7b) {
          i++;
          depth++;
          break;
        }
      }
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? length : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? length : end + 1;
    }
  }
  return undefined;
}

/** Refuses a tree nested deeper than MAX_TREE_DEPTH (measured without recursion) before anything recursive walks it. */
function checkTreeDepth(file: string, ast: TSESTree.Program, keys: Readonly<Record<string, readonly string[] | undefined>>): void {
  const stack: [unknown, number][] = [[ast, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [{ type: string; loc?: TSESTree.SourceLocation }, number];
    if (depth > MAX_TREE_DEPTH) {
      const start = node.loc?.start;
      throw new ParseError(file, start?.line ?? 1, (start?.column ?? 0) + 1, `expressions nested more than ${MAX_TREE_DEPTH} levels deep: too deep to analyse safely, left as it is`);
    }
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof (child as { type?: unknown }).type === 'string') stack.push([child, depth + 1]);
      } else if (value && typeof (value as { type?: unknown }).type === 'string') {
        stack.push([value, depth + 1]);
      }
    }
  }
}

/**
 * TypeScript parsing for the commands and the project model with oxc-parser (native, loads in
 * tens of milliseconds) and typescript-eslint's scope manager (no TypeScript needed), in place of
 * typescript-eslint's parser, whose TypeScript takes half a second to load. The tree is brought to
 * the TS-ESTree shape typescript-estree gives (test/core/oxc-parity.test.ts holds the two
 * side by side): no parenthesized-expression nodes, `loc` on every node, optional TypeScript
 * fields left undefined rather than null, comments with ranges.
 *
 * When the native binding cannot load (a platform oxc does not build for), `loadOxc` answers
 * undefined and parse.ts uses typescript-eslint's parser as before.
 */
import { createRequire } from 'node:module';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type OxcParser = typeof import('oxc-parser');
type ScopeManagerModule = typeof import('@typescript-eslint/scope-manager');

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/** A syntax error oxc reported, with the offset it points at. */
export class OxcSyntaxError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

const requireHere = createRequire(__filename);
let oxc: OxcParser | null | undefined;
let scopeManager: ScopeManagerModule | undefined;
let visitorKeys: VisitorKeys | undefined;

/** oxc-parser, or undefined when its native binding does not load here. */
export function loadOxc(): OxcParser | undefined {
  if (oxc === undefined) {
    try {
      oxc = requireHere('oxc-parser') as OxcParser;
    } catch {
      oxc = null;
    }
  }
  return oxc ?? undefined;
}

/** Loads oxc and the scope manager ahead of the first parse; false when oxc does not load here. */
export function warmOxc(): boolean {
  if (!loadOxc()) return false;
  typeScriptVisitorKeys();
  scopeManager ??= requireHere('@typescript-eslint/scope-manager') as ScopeManagerModule;
  return true;
}

/**
 * Fields typescript-estree leaves out when they are empty and oxc sets to null. Fields ESTree
 * itself makes null (`init`, `alternate`, `id`, `superClass`, `source`…) are the same in both.
 */
const ABSENT_WHEN_NULL = new Set(['typeAnnotation', 'typeParameters', 'typeArguments', 'superTypeArguments', 'returnType', 'constraint', 'default', 'accessibility', 'directive', 'hashbang']);

/** Parses a TypeScript file into a TS-ESTree tree; throws OxcSyntaxError on the first syntax error. */
export function parseWithOxc(parser: OxcParser, file: string, text: string): TSESTree.Program {
  const result = parser.parseSync(file, text, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts', sourceType: 'module', astType: 'ts', range: true, preserveParens: false });
  const error = result.errors.find((candidate) => candidate.severity === 'Error');
  if (error) throw new OxcSyntaxError(error.labels[0]?.start ?? 0, error.message);
  const ast = result.program as unknown as TSESTree.Program;
  const lineStarts = lineStartsOf(text);
  completeTree(ast, lineStarts);
  const comments = result.comments.map((comment) => ({
    type: comment.type,
    value: comment.value,
    range: [comment.start, comment.end] as [number, number],
    loc: { start: positionOf(lineStarts, comment.start), end: positionOf(lineStarts, comment.end) },
  }));
  Object.assign(ast, { comments, sourceType: 'module' });
  return ast;
}

export function typeScriptVisitorKeys(): VisitorKeys {
  visitorKeys ??= (requireHere('@typescript-eslint/visitor-keys') as typeof import('@typescript-eslint/visitor-keys')).visitorKeys;
  return visitorKeys;
}

/** Scope analysis as typescript-eslint's parser runs it for a module without a TypeScript program. */
export function analyzeTypeScriptScopes(ast: TSESTree.Program): TSESLint.Scope.ScopeManager {
  scopeManager ??= requireHere('@typescript-eslint/scope-manager') as ScopeManagerModule;
  return scopeManager.analyze(ast, { sourceType: 'module' }) as unknown as TSESLint.Scope.ScopeManager;
}

/** Adds `loc` to every node and clears the null fields typescript-estree leaves out, without recursion. */
function completeTree(program: TSESTree.Program, lineStarts: readonly number[]): void {
  const stack: Record<string, unknown>[] = [program as unknown as Record<string, unknown>];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> & { range: [number, number]; start?: number; end?: number };
    node.loc = { start: positionOf(lineStarts, node.range[0]), end: positionOf(lineStarts, node.range[1]) };
    for (const key in node) {
      const value = node[key];
      if (value === null) {
        if (ABSENT_WHEN_NULL.has(key) || (key === 'value' && node.type === 'RestElement') || (key === 'body' && node.type === 'TSDeclareFunction')) node[key] = undefined;
      } else if (key === 'computed' && node.type === 'TSEnumMember' && value === false) {
        node[key] = undefined;
      } else if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) stack.push(child);
      } else if (key !== 'loc' && isNode(value)) {
        stack.push(value);
      }
    }
  }
}

function isNode(value: unknown): value is Record<string, unknown> & { range: [number, number] } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

/** Where each line starts, with the line breaks TypeScript (and so typescript-estree) counts. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (c === 0x0a || c === 0x2028 || c === 0x2029) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionOf(lineStarts: readonly number[], offset: number): TSESTree.Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] as number) };
}

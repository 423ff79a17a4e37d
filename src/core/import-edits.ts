/**
 * Edits around imports that both the codemods and the rule's suggestion make: removing a
 * statement (keeping its comments), removing a library import nothing reads any more (or
 * making it type-only when only types still name it), and adding import lines.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { Node } from './ast.js';
import { insertAfterImports, isImportLike, type EditingFile } from './imports.js';
import type { Variable } from './scope.js';
import { indentAt, lineEnd, lineStart, statementRemovalRange } from './text-edits.js';

export function removeStatement(context: EditingFile, statement: Node): void {
  if (context.edits.covers(statement.range[0], statement.range[1])) return;
  const range = statementRemovalRange(context.parsed.text, statement.range[0], statement.range[1]);
  // The range may start on the blank line above the statement (the last one of a block):
  // the kept comments then go there, not inside the removed text.
  preserveComments(context, statement.range[0], statement.range[1], statement, Math.min(range.start, lineStart(context.parsed.text, statement.range[0])));
  context.edits.replace(range.start, range.end, '');
}

/** Comments inside text that goes away move to their own lines above its statement. */
export function preserveComments(context: EditingFile, start: number, end: number, statement: Node, at = lineStart(context.parsed.text, statement.range[0])): void {
  const comments = (context.parsed.ast.comments ?? []).filter((comment) => comment.range[0] >= start && comment.range[1] <= end);
  if (comments.length === 0) return;
  const indent = indentAt(context.parsed.text, statement.range[0]);
  const text = comments.map((comment) => indent + context.parsed.text.slice(comment.range[0], comment.range[1]) + context.eol).join('');
  context.edits.insert(at, text);
}

/** Reads that survive the edits, split into value and type-only uses. */
export function survivingReads(context: EditingFile, variable: Variable): { values: number; types: number } {
  let values = 0;
  let types = 0;
  const declarationIds = new Set<Node>(variable.identifiers as Node[]);
  for (const reference of variable.references) {
    const id = reference.identifier as Node;
    if (declarationIds.has(id) || context.edits.covers(id.range[0], id.range[1])) continue;
    if ((reference as { isTypeReference?: boolean }).isTypeReference && !(reference as { isValueReference?: boolean }).isValueReference) types++;
    else values++;
  }
  return { values, types };
}

export function cleanUpLibraryBinding(context: EditingFile, variable: Variable): void {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1) return;
  const { values, types } = survivingReads(context, variable);
  if (values > 0) return;
  const node = def.node as Node;
  if (def.type === 'ImportBinding' && node.type !== 'TSImportEqualsDeclaration') {
    const declaration = node.parent;
    if (declaration?.type !== 'ImportDeclaration') return;
    if (types > 0) {
      // Still named as a type: keep it, as a type-only import.
      if (declaration.importKind === 'type') return;
      if (declaration.specifiers.length === 1) context.edits.insert(declaration.range[0] + 'import'.length, ' type');
      else if (node.type === 'ImportSpecifier' && node.importKind !== 'type') context.edits.insert(node.range[0], 'type ');
      return;
    }
    removeImportSpecifier(context, declaration, node);
    return;
  }
  if (types > 0) return;
  if (node.type === 'TSImportEqualsDeclaration') {
    removeStatement(context, node);
    return;
  }
  if (def.type === 'Variable' && node.type === 'VariableDeclarator') {
    const declaration = node.parent;
    const pattern = node.id;
    const single = pattern.type === 'Identifier' || (pattern.type === 'ObjectPattern' && pattern.properties.length === 1);
    if (declaration.type === 'VariableDeclaration' && declaration.declarations.length === 1 && single) removeStatement(context, declaration);
  }
}

export function removeImportSpecifier(context: EditingFile, declaration: TSESTree.ImportDeclaration, specifier: Node): void {
  const specifiers = declaration.specifiers;
  if (specifiers.length === 1) {
    removeStatement(context, declaration);
    return;
  }
  const index = specifiers.indexOf(specifier as TSESTree.ImportClause);
  const next = specifiers[index + 1];
  const previous = specifiers[index - 1];
  if (specifier.type === 'ImportDefaultSpecifier' && next) {
    // `X, { a }` -> `{ a }`
    const brace = context.parsed.text.indexOf('{', specifier.range[1]);
    context.edits.replace(specifier.range[0], brace === -1 ? next.range[0] : brace, '');
  } else if (next && next.type === specifier.type) {
    context.edits.replace(specifier.range[0], next.range[0], '');
  } else if (previous && previous.type === 'ImportSpecifier' && specifiers.filter((s) => s.type === 'ImportSpecifier').length > 1) {
    context.edits.replace(previous.range[1], specifier.range[1], '');
  } else if (previous?.type === 'ImportDefaultSpecifier') {
    // `X, { a }` with `a` going: `X`
    const close = context.parsed.text.indexOf('}', specifier.range[1]);
    context.edits.replace(previous.range[1], close + 1, '');
  }
}

/**
 * Add whole import lines. Anchored on an import that stays; when the only imports are ones
 * this edit removes (the library import), the new lines take the first one's line: inserting
 * after a removed import would land inside its removal, and that removal may have taken the
 * blank line after the imports along.
 */
export function insertImportLines(context: EditingFile, text: string): void {
  const { parsed, edits, eol } = context;
  const body = parsed.ast.body;
  const imports = body.filter((statement) => isImportLike(statement, context.form));
  const lastImport = [...imports].reverse().find((statement) => !edits.covers(statement.range[0], statement.range[1]));
  const removedImport = lastImport ? undefined : imports[0];
  if (removedImport) {
    const [start, end] = removedImport.range;
    const from = lineStart(parsed.text, start);
    const to = lineEnd(parsed.text, end);
    if (/^[ \t]*$/.test(parsed.text.slice(from, start)) && /^[ \t]*\r?\n?$/.test(parsed.text.slice(end, to)) && edits.takeCovering(start, end).length > 0) {
      edits.replace(from, to, to === parsed.text.length && !parsed.text.endsWith('\n') ? text.slice(0, -eol.length) : text);
      return;
    }
  }
  insertAfterImports(context, text);
}

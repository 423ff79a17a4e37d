/**
 * Writing imports the way the file already does: ESM `import`, CommonJS `require`, or
 * `import x = require()`; its quotes and semicolons; relative, `.js` or alias specifiers;
 * merged into an existing import of the same module. The one import writer: the codemods and
 * the rule's suggestion both go through it.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { unwrap } from './ast.js';
import { requireCallArgument } from './bindings.js';
import type { ParsedFile } from './parse.js';
import { resolveRelative } from './resolve.js';
import { aliasSpecifier, matchesPathsAlias, runsAsEsModule, tsconfigFacts, type TsconfigFacts } from './module-style.js';
import { extensionStyle, relativeSpecifier, type ExtensionStyle } from './specifier.js';
import { detectEol, lineEnd, lineStart, TextEdits } from './text-edits.js';

export type ImportForm = 'esm' | 'import-equals' | 'cjs';

/** A file being edited, with the style its new lines follow. */
export interface EditingFile {
  readonly file: string;
  readonly parsed: ParsedFile;
  readonly edits: TextEdits;
  readonly eol: string;
  readonly quote: string;
  readonly semicolon: string;
  readonly form: ImportForm;
}

export function editingFile(file: string, parsed: ParsedFile): EditingFile {
  const body = parsed.ast.body;
  const usesImportEquals = body.some((statement) => statement.type === 'TSImportEqualsDeclaration');
  const usesEsm = body.some((statement) => /^(Import|Export)/.test(statement.type));
  const form: ImportForm = parsed.isTypeScript ? (usesImportEquals && !usesEsm ? 'import-equals' : 'esm') : parsed.isModule ? 'esm' : 'cjs';
  return {
    file,
    parsed,
    edits: new TextEdits(),
    eol: detectEol(parsed.text),
    quote: detectQuote(parsed),
    semicolon: detectSemicolon(parsed),
    form,
  };
}

export function detectQuote(parsed: ParsedFile): string {
  for (const statement of parsed.ast.body) {
    const raw =
      statement.type === 'ImportDeclaration'
        ? statement.source.raw
        : statement.type === 'VariableDeclaration'
          ? requireRaw(statement.declarations[0]?.init)
          : undefined;
    if (raw) return raw[0] === '"' ? '"' : "'";
  }
  return "'";
}

/** `;` when most statements of the file end with one, else nothing (standard style). */
export function detectSemicolon(parsed: ParsedFile): string {
  const statements = parsed.ast.body.filter((s) => s.type === 'ImportDeclaration' || s.type === 'VariableDeclaration' || s.type === 'ExpressionStatement');
  if (statements.length === 0) return ';';
  const withSemicolon = statements.filter((s) => parsed.text[s.range[1] - 1] === ';').length;
  return withSemicolon * 2 >= statements.length ? ';' : '';
}

/** The specifier of `require('…')` as written, quotes included; any other call with a string argument is not an import. */
export function requireRaw(init: TSESTree.Expression | null | undefined): string | undefined {
  const value = init && unwrap(init);
  const argument = value?.type === 'CallExpression' ? requireCallArgument(value) : undefined;
  return argument?.type === 'Literal' ? argument.raw : undefined;
}

export function quoted(context: EditingFile, specifier: string): string {
  return `${context.quote}${specifier}${context.quote}`;
}

/**
 * The specifier for a module as this file would write it: a `paths` alias when the file uses
 * aliases, else relative, with the extension its other relative imports use. Without any, what
 * the toolchain requires: an ES module under Node16/NodeNext resolution, or ESM JavaScript,
 * names the emitted file (`./bot.js`); a CommonJS module (a `.ts` file in a CommonJS package,
 * `.cts`, `.cjs`) and bundler resolution take `./bot`.
 */
export function specifierFor(context: EditingFile, targetFile: string): string {
  const { file, parsed } = context;
  const specifiers = moduleSpecifiers(parsed);
  const facts = parsed.isTypeScript || /\.[cm]?jsx?$/.test(file) ? tsconfigFacts(file) : undefined;
  if (facts && specifiers.some((specifier) => matchesPathsAlias(specifier, facts))) {
    const alias = aliasSpecifier(targetFile, facts);
    if (alias) return alias;
  }
  const relative = specifiers.filter((specifier) => specifier.startsWith('.'));
  return relativeSpecifier(file, targetFile, importExtensionStyle(file, relative, parsed, facts));
}

function importExtensionStyle(file: string, relative: readonly string[], parsed: ParsedFile, facts: TsconfigFacts | undefined): ExtensionStyle {
  if (relative.length > 0 || !parsed.isTypeScript) return extensionStyle(file, relative, parsed.isModule);
  if (facts) return facts.nodeModules && runsAsEsModule(file) ? 'js' : 'none';
  return extensionStyle(file, relative, parsed.isModule);
}

export function moduleSpecifiers(parsed: ParsedFile): string[] {
  const specifiers: string[] = [];
  for (const statement of parsed.ast.body) {
    if (statement.type === 'ImportDeclaration' || ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source)) {
      specifiers.push(statement.source!.value);
    } else if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
      const expression = statement.moduleReference.expression;
      if (expression.type === 'Literal' && typeof expression.value === 'string') specifiers.push(expression.value);
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const raw = requireRaw(declarator.init);
        if (raw) specifiers.push(raw.slice(1, -1));
      }
    }
  }
  return specifiers;
}

export function isImportLike(statement: TSESTree.ProgramStatement, form: ImportForm): boolean {
  if (form === 'cjs') return statement.type === 'VariableDeclaration' && statement.declarations.some((d) => requireRaw(d.init) !== undefined);
  return statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration';
}

/** A module-level `const { … } = require(<owner>)` that ends before `before` and stays. */
/** An existing `const { … } = require(target)` above `before`, to merge a name into. */
export function requirePatternOf(context: EditingFile, targetFile: string, before: number): TSESTree.ObjectPattern | undefined {
  for (const statement of context.parsed.ast.body) {
    if (statement.type !== 'VariableDeclaration' || statement.range[1] > before) continue;
    if (context.edits.covers(statement.range[0], statement.range[1])) continue;
    for (const declarator of statement.declarations) {
      const pattern = declarator.id;
      if (pattern.type !== 'ObjectPattern' || pattern.properties.some((property) => property.type === 'RestElement')) continue;
      const raw = requireRaw(declarator.init);
      if (raw && resolveRelative(context.file, raw.slice(1, -1)) === targetFile) return pattern;
    }
  }
  return undefined;
}

export function mergeIntoPattern(context: EditingFile, pattern: TSESTree.ObjectPattern, property: string): void {
  const last = pattern.properties[pattern.properties.length - 1];
  if (last) context.edits.insert(last.range[1], `, ${property}`);
  else context.edits.insert(pattern.range[0] + 1, ` ${property} `);
}

export function mergeIntoImport(context: EditingFile, declaration: TSESTree.ImportDeclaration, named: readonly string[]): void {
  const namedSpecifiers = declaration.specifiers.filter((s) => s.type === 'ImportSpecifier');
  const last = namedSpecifiers[namedSpecifiers.length - 1];
  if (last) {
    context.edits.insert(last.range[1], `, ${named.join(', ')}`);
    return;
  }
  // `import X from './owner'` -> `import X, { bot } from './owner'`
  const defaultSpecifier = declaration.specifiers[0];
  if (defaultSpecifier) context.edits.insert(defaultSpecifier.range[1], `, { ${named.join(', ')} }`);
  else {
    // `import './owner'` (side effect only)
    const from = declaration.source.range[0];
    context.edits.insert(from, `{ ${named.join(', ')} } from `);
  }
}

/** An existing value import of the target module (not a namespace import), to merge into. */
export function importOf(context: EditingFile, targetFile: string): TSESTree.ImportDeclaration | undefined {
  return context.parsed.ast.body.find(
    (statement): statement is TSESTree.ImportDeclaration =>
      statement.type === 'ImportDeclaration' &&
      statement.importKind !== 'type' &&
      resolveRelative(context.file, statement.source.value) === targetFile &&
      !statement.specifiers.some((s) => s.type === 'ImportNamespaceSpecifier'),
  );
}

/** Insert whole lines after the file's last import that stays (or above its first statement). */
export function insertAfterImports(context: EditingFile, text: string): void {
  const { parsed, edits, eol } = context;
  const body = parsed.ast.body;
  const imports = body.filter((statement) => isImportLike(statement, context.form));
  const lastImport = [...imports].reverse().find((statement) => !edits.covers(statement.range[0], statement.range[1]));
  if (lastImport) {
    // The end of its line, whatever ends lines in this file (LF, CRLF or a lone CR).
    const after = lineEnd(parsed.text, lastImport.range[1]);
    const atEnd = after === parsed.text.length && !/[\r\n]$/.test(parsed.text);
    edits.insert(after, atEnd ? eol + text : text);
    return;
  }
  const first = body.find((statement) => !(statement.type === 'ExpressionStatement' && 'directive' in statement && statement.directive));
  if (first) {
    // A blank line parts the imports from the code, unless that code goes away with this edit.
    const firstGoes = edits.covers(first.range[0], first.range[1]);
    edits.insert(lineStart(parsed.text, first.range[0]), firstGoes ? text : text + eol);
    return;
  }
  edits.insert(0, text);
}

/**
 * Reading an owner module: which bot it creates (token keys, through the shared detection
 * core) and the name it exports that instance under. The only change a codemod may make to
 * an owner is to export an instance that is not exported yet.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { memberName, staticName, unwrap } from '../../src/core/ast.js';
import { parseFile, type ParsedFile } from '../../src/core/parse.js';
import { analyzeFile, type BotCreation } from '../../src/core/pollers.js';
import { describeTokenKey, type TokenGroups } from '../../src/core/token.js';
import { detectSemicolon } from '../shared/imports.js';
import { detectEol, TextEdits } from '../shared/text-edits.js';

export interface OwnerInstance {
  readonly file: string;
  /** Canonical token keys, sorted. */
  readonly keys: readonly string[];
  /** How the token reads in messages (bot id only for hard-coded tokens). */
  readonly tokenLabel: string;
  /** The module-level variable that holds the instance. */
  readonly local: string;
  /** The export to import: a name, `default`, or `module.exports` for a CommonJS whole-module export. */
  readonly exportName: string;
  /** Whether the owner polls itself, or creates the instance for an entry point to start. */
  readonly polls: boolean;
  /** The owner's new text when the instance has to be exported first. */
  readonly exportedSource?: string;
}

export class OwnerError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'OwnerError';
  }
}

export function canonicalKeys(keys: readonly string[], groups: TokenGroups): string[] {
  return [...new Set(keys.map((key) => groups.canonical(key)))].sort();
}

/**
 * The bot instances an owner module provides, one per token. `exportName` overrides the
 * export name the module shows (the rule's `owners[].export`).
 */
export function readOwnerModule(file: string, source: string, groups: TokenGroups, exportName?: string): OwnerInstance[] {
  const parsed = parseFile(file, source);
  const analysis = analyzeFile(parsed);
  const candidates = analysis.creations.filter(
    (creation) => creation.tokenKeys.length > 0 && creation.holder.kind === 'variable' && isModuleLevel(creation),
  );
  if (candidates.length === 0) {
    throw new OwnerError(file, 'creates no bot instance with a known token in a module-level variable, so there is nothing to share');
  }
  const byLocal = new Map<string, BotCreation[]>();
  for (const creation of candidates) {
    const local = creation.holder.kind === 'variable' ? creation.holder.name : '';
    byLocal.set(local, [...(byLocal.get(local) ?? []), creation]);
  }
  const instances: OwnerInstance[] = [];
  let exportedSource: string | undefined;
  for (const [local, creations] of byLocal) {
    const keys = canonicalKeys(creations.flatMap((creation) => creation.tokenKeys), groups);
    const shown = exportNameOf(parsed.ast, local);
    let name = exportName && byLocal.size === 1 ? exportName : shown;
    if (!name) {
      exportedSource = exportInstance(file, parsed, local, exportedSource);
      name = local;
    } else if (exportName && shown && exportName !== shown && byLocal.size === 1) {
      throw new OwnerError(file, `exports its bot as \`${shown}\`, not \`${exportName}\``);
    }
    instances.push({
      file,
      keys,
      tokenLabel: keys.map(describeTokenKey).join(' | '),
      local,
      exportName: name,
      polls: creations.some((creation) => creation.reasons.length > 0),
      ...(exportedSource === undefined ? {} : { exportedSource }),
    });
  }
  return instances;
}

function isModuleLevel(creation: BotCreation): boolean {
  if (creation.holder.kind !== 'variable') return false;
  const scope = creation.holder.variable.scope;
  // CommonJS files get Node's module wrapper: a function scope whose block is the Program.
  return scope.type === 'module' || scope.type === 'global' || scope.block.type === 'Program';
}

/** The name a module exports a module-level variable under, if it does. */
export function exportNameOf(program: TSESTree.Program, local: string): string | undefined {
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'VariableDeclaration' && declaration.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === local)) {
        return local;
      }
      if (!statement.source) {
        for (const specifier of statement.specifiers) {
          const localName = (specifier.local as TSESTree.Identifier).name;
          const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
          if (localName === local) return exported;
        }
      }
    }
    if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier' && statement.declaration.name === local) {
      return 'default';
    }
    if (statement.type === 'ExpressionStatement') {
      const name = commonJsExportName(statement.expression, local);
      if (name) return name;
    }
  }
  return undefined;
}

/** `module.exports = { bot }`, `module.exports.bot = bot`, `exports.bot = bot`, `module.exports = bot`. */
function commonJsExportName(expression: TSESTree.Expression, local: string): string | undefined {
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return undefined;
  const target = unwrap(expression.left);
  const value = unwrap(expression.right);
  if (target.type !== 'MemberExpression') return undefined;
  const isModuleExports = (node: TSESTree.Node) =>
    node.type === 'MemberExpression' && unwrap(node.object).type === 'Identifier' && (unwrap(node.object) as TSESTree.Identifier).name === 'module' && memberName(node) === 'exports';
  if (isModuleExports(target)) {
    if (value.type === 'Identifier' && value.name === local) return 'module.exports';
    if (value.type === 'ObjectExpression') {
      for (const property of value.properties) {
        if (property.type !== 'Property') continue;
        const inner = unwrap(property.value);
        if (inner.type === 'Identifier' && inner.name === local) return staticName(property.key, property.computed);
      }
    }
    return undefined;
  }
  const object = unwrap(target.object);
  const isExportsObject = (object.type === 'Identifier' && object.name === 'exports') || isModuleExports(object);
  if (isExportsObject && value.type === 'Identifier' && value.name === local) return memberName(target);
  return undefined;
}

/** Export a module-level instance: `export` before an ESM declaration, or a CommonJS export line. */
function exportInstance(file: string, parsed: ParsedFile, local: string, previous: string | undefined): string {
  if (previous !== undefined) throw new OwnerError(file, 'exports more than one new instance; export them by hand first');
  const edits = new TextEdits();
  const declaration = parsed.ast.body.find(
    (statement): statement is TSESTree.VariableDeclaration =>
      statement.type === 'VariableDeclaration' && statement.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === local),
  );
  if (parsed.isModule && declaration && declaration.declarations.length === 1) {
    edits.insert(declaration.range[0], 'export ');
  } else if (!parsed.isModule) {
    // Its own paragraph at the end, in the file's semicolon style, as a human would add it.
    const eol = detectEol(parsed.text);
    const ending = /\n[ \t]*\r?\n$/.test(parsed.text) ? '' : parsed.text.endsWith('\n') ? eol : eol + eol;
    edits.insert(parsed.text.length, `${ending}module.exports.${local} = ${local}${detectSemicolon(parsed)}${eol}`);
  } else {
    throw new OwnerError(file, `does not export \`${local}\` and it cannot be exported safely; export it by hand`);
  }
  return (parsed.hasBom ? '\uFEFF' : '') + edits.apply(parsed.text);
}


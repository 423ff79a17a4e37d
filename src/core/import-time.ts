/**
 * Does a node run when its module is evaluated (imported)? Module top level, top-level blocks
 * and `if`s that are not entry guards, IIFEs, top-level `await`, timer callbacks queued at top
 * level, static class parts, class field initializers and constructors of classes instantiated
 * at import, and local functions called at import all do. A function body otherwise does not,
 * and neither does code behind `require.main === module` or `import.meta.main`.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { contains, memberName, unwrap, type Node } from './ast.js';
import { findVariable, isGlobal, type GetScope } from './scope.js';

/** Calls whose function argument runs right after the module is evaluated. */
const DEFERRING_CALLS = new Set(['setImmediate', 'setTimeout', 'queueMicrotask']);

const MAX_DEPTH = 6;

export interface ImportTimeContext {
  readonly ast: TSESTree.Program;
  readonly getScope: GetScope;
  /** Every `new` and call expression of the file, to find where classes and functions are used. */
  readonly calls: readonly (TSESTree.NewExpression | TSESTree.CallExpression)[];
  /** Ask about the module run directly (`node x.js`): entry guards are then taken. */
  readonly runDirectly?: boolean;
}

export function runsAtImport(node: Node, context: ImportTimeContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (child === parent.body || parent.params.includes(child as TSESTree.Parameter)) {
          return functionRunsAtImport(parent, context, depth);
        }
        break;
      case 'PropertyDefinition':
        // A static field runs when the class is defined; an instance field when it is instantiated.
        if (child === parent.value && !parent.static) return classInstantiatedAtImport(parent.parent.parent, context, depth);
        break;
      case 'IfStatement':
        if (!context.runDirectly && child !== parent.test && guardedArm(parent.test, child === parent.consequent, context)) return false;
        break;
      case 'ConditionalExpression':
        if (!context.runDirectly && child !== parent.test && guardedArm(parent.test, child === parent.consequent, context)) return false;
        break;
      case 'LogicalExpression':
        // `require.main === module && bot.launch()`
        if (!context.runDirectly && child === parent.right && parent.operator === '&&' && isEntryGuard(parent.left, context)) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

function functionRunsAtImport(fn: TSESTree.FunctionLike, context: ImportTimeContext, depth: number): boolean {
  const { parent, child } = outerValue(fn);
  if (!parent) return false;
  // (function () { … })(), (async () => { … })(), fn.call(this)
  if (parent.type === 'CallExpression' && parent.callee === child) return runsAtImport(parent, context, depth + 1);
  if (parent.type === 'MemberExpression' && parent.object === child && ['call', 'apply'].includes(memberName(parent) ?? '')) {
    const call = parent.parent;
    return call?.type === 'CallExpression' && call.callee === parent && runsAtImport(call, context, depth + 1);
  }
  // setImmediate(() => bot.launch()) at top level: runs right after import.
  if (parent.type === 'CallExpression' && parent.arguments.includes(child as TSESTree.CallExpressionArgument) && isDeferringCall(parent, context)) {
    return runsAtImport(parent, context, depth + 1);
  }
  if (parent.type === 'MethodDefinition') {
    if (parent.kind === 'constructor') return classInstantiatedAtImport(parent.parent.parent, context, depth);
    return false;
  }
  // A local function called at import: `async function start() { await bot.launch() } start();`
  const name = functionName(fn, parent);
  if (!name) return false;
  const variable = findVariable(context.getScope(name), name.name);
  if (!variable) return false;
  return context.calls.some(
    (call) =>
      call.type === 'CallExpression' &&
      unwrap(call.callee).type === 'Identifier' &&
      variable.references.some((reference) => reference.identifier === unwrap(call.callee)) &&
      !contains(fn, call) &&
      runsAtImport(call, context, depth + 1),
  );
}

function outerValue(node: Node): { parent: Node | undefined; child: Node } {
  let child = node;
  let parent = node.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression')) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

function isDeferringCall(call: TSESTree.CallExpression, context: ImportTimeContext): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return DEFERRING_CALLS.has(callee.name) && isGlobal(callee, context.getScope);
  // process.nextTick(fn)
  if (callee.type === 'MemberExpression' && memberName(callee) === 'nextTick') {
    const object = unwrap(callee.object);
    return object.type === 'Identifier' && object.name === 'process';
  }
  return false;
}

/** The identifier that names a function: its declaration id, or the variable it initializes. */
function functionName(fn: TSESTree.FunctionLike, parent: Node): TSESTree.Identifier | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id ?? undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id;
  return undefined;
}

/** Is the class (declaration or expression) instantiated by code that runs at import? */
function classInstantiatedAtImport(classNode: Node | undefined, context: ImportTimeContext, depth: number): boolean {
  if (!classNode || (classNode.type !== 'ClassDeclaration' && classNode.type !== 'ClassExpression')) return false;
  // The name the rest of the module uses: a declaration's id, or the variable a class expression
  // initializes (`const Service = class Named {}`: `Named` is visible inside the class only).
  let name: TSESTree.Identifier | undefined;
  if (classNode.type === 'ClassDeclaration') name = classNode.id ?? undefined;
  else if (classNode.parent?.type === 'VariableDeclarator' && classNode.parent.id.type === 'Identifier') name = classNode.parent.id;
  if (!name) return false;
  // From a declaration's id, `getScope` answers the class's own scope, whose inner binding of the
  // name only sees references inside the class, so `new Service()` at module level was never
  // found: look the name up from the scope around the class.
  let scope = context.getScope(name);
  if (scope.block === classNode && scope.upper) scope = scope.upper;
  const variable = findVariable(scope, name.name);
  if (!variable) return false;
  return context.calls.some(
    (call) =>
      call.type === 'NewExpression' &&
      variable.references.some((reference) => reference.identifier === unwrap(call.callee)) &&
      runsAtImport(call, context, depth + 1),
  );
}

/** Is `arm` (then-arm when `consequent`) of a conditional with this test only taken in an entry script? */
function guardedArm(test: Node, consequent: boolean, context: ImportTimeContext): boolean {
  const value = unwrap(test);
  if (value.type === 'UnaryExpression' && value.operator === '!') return guardedArm(value.argument, !consequent, context);
  if (value.type === 'BinaryExpression' && (value.operator === '!==' || value.operator === '!=')) {
    return !consequent && isEntryComparison(value, context);
  }
  if (value.type === 'LogicalExpression' && value.operator === '&&') {
    return consequent && (isEntryGuard(value.left, context) || isEntryGuard(value.right, context));
  }
  return consequent && isEntryGuard(value, context);
}

/**
 * `require.main === module`, `import.meta.main`, and the ESM idiom comparing
 * `import.meta.url` (or `import.meta.filename`) with `process.argv[1]`.
 */
export function isEntryGuard(node: Node, context: ImportTimeContext): boolean {
  const value = unwrap(node);
  if (value.type === 'MemberExpression' && isImportMeta(value.object) && memberName(value) === 'main') return true;
  if (value.type === 'BinaryExpression' && (value.operator === '===' || value.operator === '==')) return isEntryComparison(value, context);
  if (value.type === 'LogicalExpression' && value.operator === '&&') return isEntryGuard(value.left, context) || isEntryGuard(value.right, context);
  return false;
}

function isEntryComparison(comparison: TSESTree.BinaryExpression, context: ImportTimeContext): boolean {
  const sides = [unwrap(comparison.left), unwrap(comparison.right)];
  const isRequireMain = (side: Node) =>
    side.type === 'MemberExpression' &&
    memberName(side) === 'main' &&
    unwrap(side.object).type === 'Identifier' &&
    (unwrap(side.object) as TSESTree.Identifier).name === 'require';
  const isModule = (side: Node) => side.type === 'Identifier' && side.name === 'module' && isGlobal(side, context.getScope);
  if (sides.some(isRequireMain) && sides.some(isModule)) return true;
  return sides.some(mentionsImportMetaLocation) && sides.some(mentionsArgv);
}

function isImportMeta(node: Node): boolean {
  const value = unwrap(node);
  return value.type === 'MetaProperty' && value.meta.name === 'import' && value.property.name === 'meta';
}

/** `import.meta.url`, `import.meta.filename`, or a call, `new` or template around one
 * (`fileURLToPath(import.meta.url)`, `new URL(import.meta.url).pathname`). */
function mentionsImportMetaLocation(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === 'MemberExpression') {
    return (isImportMeta(value.object) && ['url', 'filename'].includes(memberName(value) ?? '')) || mentionsImportMetaLocation(value.object);
  }
  // `new URL(import.meta.url)` and template literals are as common in this idiom as calls.
  if (value.type === 'CallExpression' || value.type === 'NewExpression') return value.arguments.some((argument) => mentionsImportMetaLocation(argument));
  if (value.type === 'TemplateLiteral') return value.expressions.some((expression) => mentionsImportMetaLocation(expression));
  return false;
}

/** `process.argv[1]`, or a call, `new`, member or template around it
 * (`pathToFileURL(process.argv[1]).href`, `` `file://${process.argv[1]}` ``). */
function mentionsArgv(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === 'MemberExpression') {
    const object = unwrap(value.object);
    if (object.type === 'MemberExpression' && memberName(object) === 'argv') return true;
    return mentionsArgv(value.object);
  }
  // `import.meta.url === \`file://${process.argv[1]}\`` is the idiom of many tutorials.
  if (value.type === 'CallExpression' || value.type === 'NewExpression') return value.arguments.some((argument) => mentionsArgv(argument));
  if (value.type === 'TemplateLiteral') return value.expressions.some((expression) => mentionsArgv(expression));
  return false;
}

/** Does the module export anything (ESM `export`, `export =`, `module.exports`, `exports.x`)? */
export function exportsSomething(program: TSESTree.Program): boolean {
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportAllDeclaration') {
      if (exportsValue(statement)) return true;
    } else if (statement.type === 'TSExportAssignment') {
      return true;
    } else if (statement.type === 'ExpressionStatement' && assignsExports(statement.expression)) {
      return true;
    }
  }
  return false;
}

/**
 * Does an ESM export statement export a runtime value? TypeScript erases type-only exports
 * (`export type …`, `export interface …`, `export declare …`, `export type { … }`) and imports of
 * them, and `export {}` only marks a script as a module (for top-level `await`): an entry script
 * with such exports is still never imported at runtime, so it may poll.
 */
function exportsValue(
  statement: TSESTree.ExportNamedDeclaration | TSESTree.ExportDefaultDeclaration | TSESTree.ExportAllDeclaration,
): boolean {
  if ('exportKind' in statement && statement.exportKind === 'type') return false;
  const declaration = statement.type === 'ExportAllDeclaration' ? undefined : statement.declaration;
  if (declaration) {
    if (declaration.type === 'TSInterfaceDeclaration' || declaration.type === 'TSTypeAliasDeclaration') return false;
    if ('declare' in declaration && declaration.declare === true) return false;
    return true;
  }
  if (statement.type !== 'ExportNamedDeclaration') return true;
  // `export {}` exports nothing; `export { type A, b }` exports `b`.
  return statement.specifiers.some((specifier) => specifier.exportKind !== 'type');
}

function assignsExports(expression: Node): boolean {
  const value = unwrap(expression);
  if (value.type === 'SequenceExpression') return value.expressions.some(assignsExports);
  if (value.type === 'AssignmentExpression') return isExportsTarget(value.left) || assignsExports(value.right);
  // Object.assign(module.exports, { … })
  if (value.type === 'CallExpression' && value.arguments[0]) return isExportsTarget(value.arguments[0]);
  return false;
}

function isExportsTarget(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === 'Identifier') return value.name === 'exports';
  if (value.type !== 'MemberExpression') return false;
  const object = unwrap(value.object);
  if (object.type === 'Identifier' && object.name === 'module' && memberName(value) === 'exports') return true;
  return isExportsTarget(object);
}

/**
 * Follows a value back to the library module it came from: imports of every form,
 * `require` (declared as a global or not, inside functions too), `import x = require()`,
 * dynamic `import()`, destructuring and `.default`/named member access.
 * Bindings, not names: a local class called `TelegramBot` is not the library.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import {
  botClasses,
  starterFunctions,
  type BotClass,
  type ExportPath,
  type StarterFunction,
} from '../catalogue/libraries.js';
import { memberName, staticName, stringValue, unwrap, type Node } from './ast.js';
import { findVariable, variableOf, type GetScope } from './scope.js';

/** A value read from a module: `path` is the member path inside the module's value. */
export interface ModuleValue {
  readonly source: string;
  readonly path: readonly string[];
}

const MAX_DEPTH = 12;

export function resolveModuleValue(node: Node, getScope: GetScope, depth = 0): ModuleValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = unwrap(node);
  switch (value.type) {
    case 'AwaitExpression':
      return resolveModuleValue(value.argument, getScope, depth + 1);
    case 'ImportExpression': {
      const source = stringValue(value.source);
      return source === undefined ? undefined : { source, path: [] };
    }
    case 'CallExpression': {
      const source = requiredSource(value, getScope);
      return source === undefined ? undefined : { source, path: [] };
    }
    case 'MemberExpression': {
      const name = memberName(value);
      if (name === undefined) return undefined;
      const object = resolveModuleValue(value.object, getScope, depth + 1);
      return object && { source: object.source, path: [...object.path, name] };
    }
    case 'Identifier':
      return resolveIdentifier(value, getScope, depth);
    default:
      return undefined;
  }
}

/**
 * The argument of a call written `require(…)`, read from the syntax alone: the import writers
 * use it to find a file's require lines; `requiredSource` adds what the scope says.
 */
export function requireCallArgument(call: TSESTree.CallExpression): TSESTree.CallExpressionArgument | undefined {
  const callee = unwrap(call.callee);
  return callee.type === 'Identifier' && callee.name === 'require' ? call.arguments[0] : undefined;
}

/** `require('x')`, including a `require` made by `createRequire(import.meta.url)`. */
export function requiredSource(call: TSESTree.CallExpression, getScope: GetScope): string | undefined {
  const callee = unwrap(call.callee);
  const first = requireCallArgument(call);
  if (callee.type !== 'Identifier' || call.arguments.length !== 1 || !first) return undefined;
  const source = stringValue(first);
  if (source === undefined) return undefined;
  const variable = variableOf(callee, getScope);
  if (variable && !isCreateRequire(variable.defs[0]?.node)) return undefined;
  return source;
}

function isCreateRequire(node: Node | undefined): boolean {
  if (!node || node.type !== 'VariableDeclarator' || !node.init) return false;
  const init = unwrap(node.init);
  if (init.type !== 'CallExpression') return false;
  const callee = unwrap(init.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  return name === 'createRequire';
}

function resolveIdentifier(identifier: TSESTree.Identifier, getScope: GetScope, depth: number): ModuleValue | undefined {
  const variable = findVariable(getScope(identifier), identifier.name);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (!def) return undefined;
  if (def.type === 'ImportBinding') return importBinding(def.node as Node);
  if (def.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (!declarator.init) return undefined;
  // A `let` reassigned later may hold anything.
  if (variable.references.some((ref) => ref.isWrite() && !isInPattern(ref.identifier, declarator))) return undefined;
  const base = resolveModuleValue(declarator.init, getScope, depth + 1);
  if (!base) return undefined;
  if (declarator.id.type === 'Identifier') return base;
  const path = patternPath(declarator.id, def.name as unknown as TSESTree.Identifier);
  return path && { source: base.source, path: [...base.path, ...path] };
}

function isInPattern(identifier: TSESTree.Node, declarator: TSESTree.VariableDeclarator): boolean {
  return declarator.id.range[0] <= identifier.range[0] && identifier.range[1] <= declarator.id.range[1];
}

function importBinding(node: Node): ModuleValue | undefined {
  if (node.type === 'TSImportEqualsDeclaration') {
    if (node.importKind === 'type' || node.moduleReference.type !== 'TSExternalModuleReference') return undefined;
    const source = stringValue(node.moduleReference.expression);
    return source === undefined ? undefined : { source, path: [] };
  }
  const declaration = node.parent;
  if (!declaration || declaration.type !== 'ImportDeclaration' || declaration.importKind === 'type') return undefined;
  const source = declaration.source.value;
  switch (node.type) {
    case 'ImportDefaultSpecifier':
      return { source, path: ['default'] };
    case 'ImportNamespaceSpecifier':
      return { source, path: [] };
    case 'ImportSpecifier': {
      if (node.importKind === 'type') return undefined;
      const imported = node.imported.type === 'Identifier' ? node.imported.name : String(node.imported.value);
      return { source, path: [imported] };
    }
    default:
      return undefined;
  }
}

/** The member path that leads to `target` inside a destructuring pattern. */
export function patternPath(pattern: TSESTree.Node, target: TSESTree.Identifier): string[] | undefined {
  if (pattern === target) return [];
  switch (pattern.type) {
    case 'AssignmentPattern':
      return patternPath(pattern.left, target);
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type !== 'Property') continue;
        const key = staticName(property.key, property.computed);
        if (key === undefined) continue;
        const rest = patternPath(property.value, target);
        if (rest) return [key, ...rest];
      }
      return undefined;
    default:
      return undefined;
  }
}

function pathKey(source: string, path: ExportPath): string {
  return `${source}\u0000${path.join('.')}`;
}

const classIndex = new Map<string, BotClass>();
for (const botClass of botClasses) {
  for (const source of botClass.sources) {
    for (const path of botClass.paths) classIndex.set(pathKey(source, path), botClass);
  }
}

const starterIndex = new Map<string, StarterFunction>();
for (const starter of starterFunctions) {
  for (const source of starter.sources) {
    for (const path of starter.paths) starterIndex.set(pathKey(source, path), starter);
  }
}

export function botClassOf(value: ModuleValue | undefined): BotClass | undefined {
  return value && classIndex.get(pathKey(value.source, value.path));
}

export function starterFunctionOf(value: ModuleValue | undefined): StarterFunction | undefined {
  return value && starterIndex.get(pathKey(value.source, value.path));
}

/**
 * What an owner module's bot is, read from its syntax alone: which catalogue class (library
 * and major API), whether the instance exists once the module is imported or only after an
 * init function ran, and the exported getter (if any) that creates it on first use. A rewrite
 * may hand a duplicate the owner's instance only when it is the same kind of object and exists
 * when the rewritten code runs; the rule's messages and the codemod both ask these questions.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { BotClass } from '../catalogue/libraries.js';
import { contains, isFunction, memberName, staticName, unwrap, walk, type Node } from './ast.js';
import { runsAtImport, type ImportTimeContext } from './import-time.js';
import { isModuleLevel, type BotCreation, type FileAnalysis } from './pollers.js';
import type { ParsedFile } from './parse.js';

export interface OwnerInstanceFacts {
  /** The module-level variable that holds the instance. */
  readonly local: string;
  readonly creations: readonly BotCreation[];
  /** Raw token keys of its creations (not canonical). */
  readonly tokenKeys: readonly string[];
  /** The catalogue classes it is created from (one, in all but odd modules). */
  readonly botClasses: readonly BotClass[];
  /** The name the module exports the variable under, if it does. */
  readonly exportName: string | undefined;
  /** Undefined when the instance exists once the module is imported; otherwise where it is created. */
  readonly lazy: { readonly creator: string | undefined } | undefined;
  /** An exported function that creates the instance when missing and returns it. */
  readonly getter: string | undefined;
  /** Something of this instance starts polling while the module is imported. */
  readonly pollsAtImport: boolean;
}

/** Same library and the same major API: one can stand in for the other. */
export function sameApi(a: BotClass, b: BotClass): boolean {
  return a.id === b.id;
}

/** Token keys a creation's file alone does not tell (from the project model), by creation. */
export type TokenKeysAt = (creation: BotCreation) => readonly string[] | undefined;

/**
 * Per module-level variable holding a bot with a known token: what the module offers.
 * `tokenKeysAt` gives the keys of a token that comes from another module.
 */
export function ownerInstanceFacts(parsed: ParsedFile, analysis: FileAnalysis, tokenKeysAt?: TokenKeysAt): OwnerInstanceFacts[] {
  const keysOf = (creation: BotCreation) => (creation.tokenKeys.length > 0 ? creation.tokenKeys : (tokenKeysAt?.(creation) ?? []));
  const byLocal = new Map<string, BotCreation[]>();
  for (const creation of analysis.creations) {
    if (keysOf(creation).length === 0 || creation.holder.kind !== 'variable' || !isModuleLevel(creation)) continue;
    const local = creation.holder.name;
    byLocal.set(local, [...(byLocal.get(local) ?? []), creation]);
  }
  const context: ImportTimeContext = { ast: parsed.ast, getScope: parsed.getScope, calls: analysis.invocations };
  const facts: OwnerInstanceFacts[] = [];
  for (const [local, creations] of byLocal) {
    const eager = creations.some((creation) => runsAtImport(creation.node, context));
    const botClasses = [...new Set(creations.map((creation) => creation.botClass))];
    facts.push({
      local,
      creations,
      tokenKeys: [...new Set(creations.flatMap(keysOf))],
      botClasses,
      exportName: exportNameOf(parsed.ast, local),
      lazy: eager ? undefined : { creator: creatorName(creations[0]!.node) },
      getter: eager ? undefined : creatingGetter(parsed, local, creations),
      pollsAtImport: creations.some((creation) =>
        creation.reasons.some((reason) => runsAtImport(reason.kind === 'constructor-option' ? creation.node : reason.node, context)),
      ),
    });
  }
  return facts;
}

/** The name of the function a node sits in (`initTelegramBot`), for messages. */
function creatorName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    if (current.type === 'FunctionDeclaration' && current.id) return current.id.name;
    const parent = current.parent;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property') && !parent.computed) return staticName(parent.key, false);
    return undefined;
  }
  return undefined;
}

/**
 * An exported module-level function that returns `local` and creates it only when it is
 * missing: one of the creations, or a call of the function that holds one, sits behind a test
 * of `local` (`if (!bot) initTelegramBot(); return bot!`, `return bot ?? initTelegramBot()`).
 * An init function that creates a new bot on every call is not a getter: a second call polls twice.
 */
function creatingGetter(parsed: ParsedFile, local: string, creations: readonly BotCreation[]): string | undefined {
  const functions = moduleFunctions(parsed.ast);
  const creators = new Set<string>();
  for (const [name, fn] of functions) {
    if (creations.some((creation) => contains(fn, creation.node))) creators.add(name);
  }
  for (const [name, fn] of functions) {
    if (!returnsLocal(fn, local, parsed.visitorKeys)) continue;
    const creates =
      creations.some((creation) => contains(fn, creation.node) && onlyWhenMissing(creation.node, fn, local)) ||
      callsAny(fn, creators, parsed.visitorKeys, (call) => onlyWhenMissing(call, fn, local));
    if (!creates) continue;
    const exported = exportNameOf(parsed.ast, name);
    if (exported && exported !== 'default' && exported !== 'module.exports') return exported;
  }
  return undefined;
}

function moduleFunctions(program: TSESTree.Program): Map<string, TSESTree.FunctionLike> {
  const functions = new Map<string, TSESTree.FunctionLike>();
  for (const item of program.body) {
    const statement = item.type === 'ExportNamedDeclaration' && item.declaration ? item.declaration : item;
    if (statement.type === 'FunctionDeclaration' && statement.id) functions.set(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init && unwrap(declarator.init);
        if (declarator.id.type === 'Identifier' && init && isFunction(init)) functions.set(declarator.id.name, init);
      }
    }
  }
  return functions;
}

/** Does the function give back the variable (`return bot`, `return bot!`, `=> bot ?? (bot = …)`)? */
function returnsLocal(fn: TSESTree.FunctionLike, local: string, visitorKeys: ParsedFile['visitorKeys']): boolean {
  const isLocal = (node: Node | null | undefined): boolean => {
    if (!node) return false;
    const value = unwrap(node);
    if (value.type === 'Identifier') return value.name === local;
    if (value.type === 'LogicalExpression') return isLocal(value.left) || isLocal(value.right);
    if (value.type === 'AssignmentExpression') return isLocal(value.left);
    return false;
  };
  if (fn.type === 'ArrowFunctionExpression' && fn.expression) return isLocal(fn.body);
  let found = false;
  walk(fn.body ?? fn, visitorKeys, (node) => {
    if (node.type === 'ReturnStatement' && enclosingFunction(node) === fn && isLocal(node.argument)) found = true;
  });
  return found;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

function callsAny(fn: TSESTree.FunctionLike, names: ReadonlySet<string>, visitorKeys: ParsedFile['visitorKeys'], accept: (call: Node) => boolean): boolean {
  if (names.size === 0 || !fn.body) return false;
  let found = false;
  walk(fn.body, visitorKeys, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier' && names.has(callee.name) && accept(node)) found = true;
  });
  return found;
}

/** Does `node` run only when `local` is not set yet (`if (!bot)`, `bot ?? …`, `bot ||= …`)? */
function onlyWhenMissing(node: Node, fn: Node, local: string): boolean {
  const isLocal = (candidate: Node) => {
    const value = unwrap(candidate);
    return value.type === 'Identifier' && value.name === local;
  };
  const testsLocal = (test: Node): boolean => {
    const value = unwrap(test);
    if (isLocal(value)) return true;
    if (value.type === 'UnaryExpression' && value.operator === '!') return testsLocal(value.argument);
    if (value.type === 'BinaryExpression') return isLocal(value.left) || isLocal(value.right);
    if (value.type === 'LogicalExpression') return testsLocal(value.left) || testsLocal(value.right);
    return false;
  };
  for (let child = node, parent = node.parent; parent && child !== fn; child = parent, parent = parent.parent) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test && testsLocal(parent.test)) return true;
    if (parent.type === 'LogicalExpression' && child === parent.right && parent.operator !== '&&' && isLocal(parent.left)) return true;
    if (parent.type === 'AssignmentExpression' && child === parent.right && (parent.operator === '??=' || parent.operator === '||=') && isLocal(parent.left)) return true;
  }
  return false;
}

/** The name a module exports a module-level binding under, if it does. */
export function exportNameOf(program: TSESTree.Program, local: string): string | undefined {
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'VariableDeclaration' && declaration.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === local)) {
        return local;
      }
      if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === local) return local;
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

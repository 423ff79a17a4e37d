/**
 * Where a bot instance is held (`const`, a `let` assigned later, `this.x`, `obj.x`) and which
 * instances an expression denotes: the detection engine (pollers.ts) follows these to find the
 * calls that start an instance, however the code passes it around.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, memberName, unwrap, valueParent, type Node } from './ast.js';
import type { BotCreation } from './pollers.js';
import { findVariable, singleInitializer, type GetScope, type Variable } from './scope.js';

/** Where an instance is kept, so that later calls on it can be found. */
export type Holder =
  | { readonly kind: 'variable'; readonly variable: Variable; readonly name: string }
  | { readonly kind: 'this-member'; readonly owner: Node; readonly property: string }
  | { readonly kind: 'object-member'; readonly object: Variable | string; readonly property: string }
  | { readonly kind: 'none' };

/** Where the result of a creation is stored. Conditional and logical wrappers are looked through. */
export function holderOf(node: Node, getScope: GetScope): Holder {
  let { parent, child } = valueParent(node);
  while (
    parent &&
    (parent.type === 'LogicalExpression' || (parent.type === 'ConditionalExpression' && child !== parent.test))
  ) {
    ({ parent, child } = valueParent(parent));
  }
  if (!parent) return { kind: 'none' };
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' && child === parent.init) {
    const variable = findVariable(getScope(parent.id), parent.id.name);
    return variable ? { kind: 'variable', variable, name: parent.id.name } : { kind: 'none' };
  }
  if (parent.type === 'AssignmentExpression' && child === parent.right) return holderOfTarget(parent.left, getScope);
  if (parent.type === 'PropertyDefinition' && child === parent.value && !parent.static) {
    const property = parent.computed ? undefined : parent.key.type === 'Identifier' ? parent.key.name : undefined;
    const owner = parent.parent.parent;
    return property && owner ? { kind: 'this-member', owner, property } : { kind: 'none' };
  }
  return { kind: 'none' };
}

function holderOfTarget(target: Node, getScope: GetScope): Holder {
  const value = unwrap(target);
  if (value.type === 'Identifier') {
    const variable = findVariable(getScope(value), value.name);
    return variable ? { kind: 'variable', variable, name: value.name } : { kind: 'none' };
  }
  if (value.type !== 'MemberExpression') return { kind: 'none' };
  const property = memberName(value);
  if (property === undefined) return { kind: 'none' };
  const object = unwrap(value.object);
  if (object.type === 'ThisExpression') {
    const owner = thisOwner(object);
    // `const service = { init() { this.bot = new … } }`: `this` is `service`, so `this.bot` and
    // `service.bot` are one holder.
    if (owner.type === 'ObjectExpression') {
      const { parent, child } = valueParent(owner);
      if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' && child === parent.init) {
        const variable = findVariable(getScope(parent.id), parent.id.name);
        if (variable) return { kind: 'object-member', object: variable, property };
      }
    }
    return { kind: 'this-member', owner, property };
  }
  if (object.type === 'Identifier') {
    return { kind: 'object-member', object: findVariable(getScope(object), object.name) ?? `global:${object.name}`, property };
  }
  return { kind: 'none' };
}

/** What `this` means at a node: the enclosing class, the object literal of an object method,
 * or the enclosing non-arrow function. */
function thisOwner(node: Node): Node {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return current.parent;
    if (current.type === 'FunctionDeclaration') return current;
    if (current.type === 'FunctionExpression') {
      const parent = current.parent;
      if (parent?.type === 'MethodDefinition') continue;
      // `{ init() { this.x } }` and `{ init: function () { this.x } }`: `this` is the object, not
      // an enclosing class further out.
      if (parent?.type === 'Property' && parent.value === current) return parent.parent;
      return current;
    }
  }
  return node;
}

/** Creations grouped by where they are held: a `let` may hold several (one per branch). */
export class HolderIndex {
  private readonly index = new Map<unknown, Map<string, BotCreation[]>>();
  /** Return statements by their enclosing function, to follow `getBot()` to what it returns. */
  readonly returnsOf = new Map<Node, TSESTree.ReturnStatement[]>();

  constructor(returns: readonly TSESTree.ReturnStatement[]) {
    for (const statement of returns) {
      const fn = enclosingFunction(statement);
      if (!fn) continue;
      const list = this.returnsOf.get(fn);
      if (list) list.push(statement);
      else this.returnsOf.set(fn, [statement]);
    }
  }

  add(creation: BotCreation): void {
    const key = holderKey(creation.holder);
    if (!key) return;
    let byProperty = this.index.get(key[0]);
    if (!byProperty) this.index.set(key[0], (byProperty = new Map()));
    const list = byProperty.get(key[1]);
    if (list) list.push(creation);
    else byProperty.set(key[1], [creation]);
  }

  get(holder: Holder): readonly BotCreation[] {
    const key = holderKey(holder);
    return (key && this.index.get(key[0])?.get(key[1])) || [];
  }
}

function holderKey(holder: Holder): [unknown, string] | undefined {
  switch (holder.kind) {
    case 'variable':
      return [holder.variable, ''];
    case 'this-member':
      return [holder.owner, holder.property];
    case 'object-member':
      return [holder.object, holder.property];
    default:
      return undefined;
  }
}

/** The creations an expression denotes: a creation itself, or what its holder holds. */
export function instancesAt(
  node: Node,
  holders: HolderIndex,
  byNode: Map<Node, BotCreation>,
  getScope: GetScope,
  depth = 0,
): readonly BotCreation[] {
  if (depth > 8) return [];
  const value = unwrap(node);
  const direct = byNode.get(value);
  if (direct) return [direct];
  if (value.type === 'Identifier') {
    const variable = findVariable(getScope(value), value.name);
    if (!variable) return [];
    const held = holders.get({ kind: 'variable', variable, name: value.name });
    if (held.length > 0) return held;
    // const b = bot; b.launch()  /  const bot = getBot(); bot.startPolling()
    const init = singleInitializer(variable);
    const initType = init && unwrap(init).type;
    return init && (initType === 'Identifier' || initType === 'CallExpression') && init !== node
      ? instancesAt(init, holders, byNode, getScope, depth + 1)
      : [];
  }
  if (value.type === 'MemberExpression') {
    const holder = holderOfTarget(value, getScope);
    return holder.kind === 'none' ? [] : holders.get(holder);
  }
  // `return instance ?? (instance = new …)` and `return cond ? a : b`: either side.
  if (value.type === 'LogicalExpression') {
    return [...instancesAt(value.left, holders, byNode, getScope, depth + 1), ...instancesAt(value.right, holders, byNode, getScope, depth + 1)];
  }
  if (value.type === 'ConditionalExpression') {
    return [...instancesAt(value.consequent, holders, byNode, getScope, depth + 1), ...instancesAt(value.alternate, holders, byNode, getScope, depth + 1)];
  }
  if (value.type === 'AssignmentExpression') return instancesAt(value.right, holders, byNode, getScope, depth + 1);
  // Lazy singleton getters (`if (!x) x = new …; return x`) are used as `getBot().launch()` or
  // `const bot = getBot(); bot.launch()`: the instance is whatever the local function returns.
  if (value.type === 'CallExpression') {
    const fn = localFunction(value.callee, getScope);
    const returned = fn ? returnedValues(fn, holders) : [];
    return [...new Set(returned.flatMap((result) => instancesAt(result, holders, byNode, getScope, depth + 1)))];
  }
  return [];
}

/** The function a callee names when the file declares it once (`function f` or `const f = () => …`). */
function localFunction(callee: Node, getScope: GetScope): TSESTree.FunctionLike | undefined {
  const value = unwrap(callee);
  if (value.type !== 'Identifier') return undefined;
  const variable = findVariable(getScope(value), value.name);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def?.type === 'FunctionName') return def.node as TSESTree.FunctionDeclaration;
  const init = singleInitializer(variable);
  const fn = init && unwrap(init);
  return fn && isFunction(fn) ? fn : undefined;
}

function returnedValues(fn: TSESTree.FunctionLike, holders: HolderIndex): Node[] {
  if (fn.type === 'ArrowFunctionExpression' && fn.expression) return [fn.body];
  return (holders.returnsOf.get(fn) ?? []).flatMap((statement) => (statement.argument ? [statement.argument] : []));
}

function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

/** Every creation whose start method could be the callee `receiver.a.b`. */
export function startCandidates(
  callee: TSESTree.MemberExpression,
  holders: HolderIndex,
  byNode: Map<Node, BotCreation>,
  getScope: GetScope,
): readonly BotCreation[] {
  // The receiver is the callee's object for `bot.launch()`, one level further for `tg.updates.startPolling()`.
  const direct = instancesAt(callee.object, holders, byNode, getScope);
  const object = unwrap(callee.object);
  if (object.type !== 'MemberExpression') return direct;
  return [...direct, ...instancesAt(object.object, holders, byNode, getScope)];
}

/**
 * The detection engine: finds every bot the catalogue knows in one file, follows each
 * instance to where it is held (`const`, a `let` assigned later, `this.x`, `obj.x`) and from
 * there to the calls that start polling. The rules, the codemods and the project check all
 * call `analyzeFile`.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { librarySources, type BotClass, type StartMethod, type StarterFunction } from '../catalogue/libraries.js';
import { findProperty, isFunction, memberName, unwrap, valueParent, walk, type Node } from './ast.js';
import { mutuallyExclusive } from './branches.js';
import { botClassOf, resolveModuleValue, starterFunctionOf } from './bindings.js';
import { findVariable, singleInitializer, type GetScope, type Variable } from './scope.js';
import { resolveTokenKeys } from './token.js';

export interface AnalysisInput {
  readonly ast: TSESTree.Program;
  readonly text: string;
  readonly visitorKeys: Readonly<Record<string, readonly string[] | undefined>>;
  readonly getScope: GetScope;
}

/** Where an instance is kept, so that later calls on it can be found. */
export type Holder =
  | { readonly kind: 'variable'; readonly variable: Variable; readonly name: string }
  | { readonly kind: 'this-member'; readonly owner: Node; readonly property: string }
  | { readonly kind: 'object-member'; readonly object: Variable | string; readonly property: string }
  | { readonly kind: 'none' };

export type PollingReason =
  | { readonly kind: 'constructor-option'; readonly node: Node }
  | { readonly kind: 'start-method'; readonly node: TSESTree.CallExpression; readonly start: StartMethod }
  | StarterReason;

/** `run(bot)`, `longPoll(bot.api)`: a library function handed the instance. */
export interface StarterReason {
  readonly kind: 'starter-function';
  readonly node: TSESTree.CallExpression;
  readonly starter: StarterFunction;
  /** The instance was handed over through the starter's `instanceMember` (`bot.api`). */
  readonly throughMember: boolean;
}

export interface BotCreation {
  /** The `new …` expression or factory call. */
  readonly node: TSESTree.NewExpression | TSESTree.CallExpression;
  readonly botClass: BotClass;
  /** The expression that carries the token, if any. */
  readonly tokenNode: Node | undefined;
  /** Env var names or bot ids; empty when unknown. */
  readonly tokenKeys: readonly string[];
  readonly holder: Holder;
  /** What makes this instance poll; empty for send-only and webhook bots. */
  readonly reasons: PollingReason[];
  /** Calls that put its token in webhook mode (`setWebHook`, `launch({ webhook })`, …). */
  readonly webhooks: TSESTree.CallExpression[];
}

export interface FileAnalysis {
  readonly creations: readonly BotCreation[];
  /** The creations that poll, in source order. */
  readonly pollers: readonly BotCreation[];
  /** Every `new` and call of the file (empty when no bot was found), for later questions such
   * as "is this function called at import?". */
  readonly invocations: readonly (TSESTree.NewExpression | TSESTree.CallExpression)[];
}

const EMPTY: FileAnalysis = { creations: [], pollers: [], invocations: [] };

/**
 * One regex over the catalogue's specifiers, compiled once. Perf: the alternation scans the text
 * once, where a test per specifier scans it once each (about 2.8 µs against 11.5 µs for a 4 kB
 * file). Specifiers that contain another (`grammy/web`, `@grammyjs/runner`) add nothing.
 */
const LIBRARY_MENTION = new RegExp(
  librarySources
    .filter((source) => !librarySources.some((other) => other !== source && source.includes(other)))
    .map((source) => source.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
);

// Perf: the rules of one file and `analyzeFile` ask about the same text in turn; remember the
// last answer so the text is scanned once per file, not once per caller.
let lastText: string | undefined;
let lastMentions = false;

/** Cheap text test: a file that names no catalogued library cannot hold a bot. */
export function mentionsBotLibrary(text: string): boolean {
  if (text !== lastText) {
    lastMentions = LIBRARY_MENTION.test(text);
    lastText = text;
  }
  return lastMentions;
}

export function analyzeFile(input: AnalysisInput): FileAnalysis {
  if (!mentionsBotLibrary(input.text)) return EMPTY;
  const { getScope } = input;

  const news: (TSESTree.NewExpression | TSESTree.CallExpression)[] = [];
  const calls: TSESTree.CallExpression[] = [];
  const returns: TSESTree.ReturnStatement[] = [];
  walk(input.ast, input.visitorKeys, (node) => {
    if (node.type === 'NewExpression') news.push(node);
    else if (node.type === 'CallExpression') calls.push(node);
    else if (node.type === 'ReturnStatement') returns.push(node);
  });

  const creations: BotCreation[] = [];
  const byNode = new Map<Node, BotCreation>();
  for (const node of [...news, ...calls]) {
    const botClass = creationClass(node, getScope);
    if (!botClass) continue;
    const tokenNode = tokenArgument(node, botClass);
    const creation: BotCreation = {
      node,
      botClass,
      tokenNode,
      tokenKeys: resolveTokenKeys(tokenNode, getScope),
      holder: holderOf(node, getScope),
      reasons: [],
      webhooks: [],
    };
    const option = constructorPollingNode(node, botClass, getScope);
    if (option) creation.reasons.push({ kind: 'constructor-option', node: option });
    creations.push(creation);
    byNode.set(node, creation);
  }
  if (creations.length === 0) return EMPTY;

  const holders = new HolderIndex(returns);
  for (const creation of creations) holders.add(creation);

  for (const call of calls) {
    const callee = unwrap(call.callee);
    const starterCall = starterCallOf(call, getScope);
    if (starterCall) {
      const { receiver, ...reason } = starterCall;
      for (const creation of receiver ? instancesAt(receiver, holders, byNode, getScope) : []) {
        if (mutuallyExclusive(creation.node, call)) continue;
        creation.reasons.push(reason);
      }
      continue;
    }
    if (callee.type !== 'MemberExpression') continue;
    const method = memberName(callee);
    if (method === undefined) continue;
    for (const creation of startCandidates(callee, holders, byNode, getScope)) {
      // `if (prod) bot = new X(webhook) else { bot = new X(); bot.start() }`: the start is the else arm's.
      if (mutuallyExclusive(creation.node, call)) continue;
      if (endsWithPath(callee, creation.botClass.webhookMethods)) {
        creation.webhooks.push(call);
        continue;
      }
      const start = matchingStart(creation.botClass, callee);
      if (!start) continue;
      if (startPolls(start, call, creation, getScope)) {
        creation.reasons.push({ kind: 'start-method', node: call, start });
      } else {
        // `bot.launch({ webhook })`, or a start under webhook config: webhook mode.
        creation.webhooks.push(call);
      }
    }
  }

  const ordered = creations.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return {
    creations: ordered,
    pollers: ordered.filter((creation) => creation.reasons.length > 0),
    invocations: [...news, ...calls],
  };
}

/** A call of a catalogue starter function, and the expression that holds the instance it polls. */
export function starterCallOf(call: TSESTree.CallExpression, getScope: GetScope): (StarterReason & { readonly receiver: Node | undefined }) | undefined {
  const starter = starterFunctionOf(resolveModuleValue(unwrap(call.callee), getScope));
  if (!starter) return undefined;
  const argument = call.arguments[starter.instanceArg];
  const value = argument && unwrap(argument);
  const throughMember = !!starter.instanceMember && value?.type === 'MemberExpression' && memberName(value) === starter.instanceMember;
  const receiver = throughMember && value?.type === 'MemberExpression' ? value.object : value;
  return { kind: 'starter-function', node: call, starter, throughMember, receiver };
}

/** Is the instance kept in a variable of the module's top scope? */
export function isModuleLevel(creation: BotCreation): boolean {
  if (creation.holder.kind !== 'variable') return false;
  const scope = creation.holder.variable.scope;
  // CommonJS files get Node's module wrapper: a function scope whose block is the Program.
  return scope.type === 'module' || scope.type === 'global' || scope.block.type === 'Program';
}

/** The catalogue class a `new X(…)` or `X.fromToken(…)` creates, if any. */
function creationClass(node: TSESTree.NewExpression | TSESTree.CallExpression, getScope: GetScope): BotClass | undefined {
  const callee = unwrap(node.callee);
  if (node.type === 'NewExpression') return botClassOf(resolveModuleValue(callee, getScope));
  if (callee.type !== 'MemberExpression') return undefined;
  const factory = memberName(callee);
  if (factory === undefined) return undefined;
  const botClass = botClassOf(resolveModuleValue(callee.object, getScope));
  return botClass?.factories?.includes(factory) ? botClass : undefined;
}

function tokenArgument(node: TSESTree.NewExpression | TSESTree.CallExpression, botClass: BotClass): Node | undefined {
  const argument = node.arguments[botClass.token.arg];
  if (!argument) return undefined;
  const value = unwrap(argument);
  if (value.type === 'ObjectExpression' && botClass.token.property) {
    return findProperty(value, botClass.token.property)?.value;
  }
  return argument;
}

/** Where the result of a creation is stored. Conditional and logical wrappers are looked through. */
function holderOf(node: Node, getScope: GetScope): Holder {
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
class HolderIndex {
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
function instancesAt(
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
function startCandidates(
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

/** Does the callee end with one of these member paths (`bot.telegram.setWebhook`)? */
function endsWithPath(callee: TSESTree.MemberExpression, paths: readonly (readonly string[])[]): boolean {
  return paths.some((path) => {
    let current: Node = callee;
    for (let i = path.length - 1; i >= 0; i--) {
      if (current.type !== 'MemberExpression' || memberName(current) !== path[i]) return false;
      current = unwrap(current.object);
    }
    return true;
  });
}

/** The catalogue start method a callee ends with; the longest path wins
 * (`tg.updates.startPolling()` is puregram 2.x's `updates.startPolling`, not 3.x's `startPolling`). */
export function matchingStart(botClass: BotClass, callee: TSESTree.MemberExpression): StartMethod | undefined {
  const longestFirst = [...botClass.startMethods].sort((a, b) => b.path.length - a.path.length);
  return longestFirst.find((start) => endsWithPath(callee, [start.path]));
}

function startPolls(start: StartMethod, call: TSESTree.CallExpression, creation: BotCreation, getScope: GetScope): boolean {
  const webhookArgKey = start.notWhenArgHasKey;
  if (webhookArgKey) {
    for (const argument of call.arguments) {
      const object = objectLiteralOf(argument, getScope);
      if (object && findProperty(object, webhookArgKey)) return false;
    }
  }
  const webhookKey = creation.botClass.webhookConfigKey;
  if (webhookKey) {
    const config = creation.node.arguments[0];
    const object = config && objectLiteralOf(config, getScope);
    if (object && findProperty(object, webhookKey)) return false;
  }
  return true;
}

/** An object literal, directly or through a `const` that holds one. */
function objectLiteralOf(node: Node, getScope: GetScope, depth = 0): TSESTree.ObjectExpression | undefined {
  const value = unwrap(node);
  if (value.type === 'ObjectExpression') return value;
  if (value.type !== 'Identifier' || depth > 4) return undefined;
  const variable = findVariable(getScope(value), value.name);
  const init = variable && singleInitializer(variable);
  return init && objectLiteralOf(init, getScope, depth + 1);
}

/**
 * node-telegram-bot-api 0.x/1.x: the constructor polls when `polling` is truthy or of unknown
 * value, unless `polling.autoStart` is `false`. Returns the node that decides it, or undefined.
 */
function constructorPollingNode(node: TSESTree.NewExpression | TSESTree.CallExpression, botClass: BotClass, getScope: GetScope): Node | undefined {
  const rule = botClass.constructorPolling;
  if (!rule) return undefined;
  const options = node.arguments[rule.optionsArg];
  if (!options) return undefined;
  return optionsPoll(options, rule.key, rule.autoStartKey, getScope, 0);
}

function optionsPoll(options: Node, key: string, autoStartKey: string, getScope: GetScope, depth: number): Node | undefined {
  if (depth > 6) return options;
  const value = unwrap(options);
  if (value.type === 'ConditionalExpression') {
    return (
      optionsPoll(value.consequent, key, autoStartKey, getScope, depth + 1) ??
      optionsPoll(value.alternate, key, autoStartKey, getScope, depth + 1)
    );
  }
  if (value.type === 'Identifier') {
    if (value.name === 'undefined') return undefined;
    const variable = findVariable(getScope(value), value.name);
    const init = variable && singleInitializer(variable);
    // Options from elsewhere: unknown, so polling may be on.
    return init ? optionsPoll(init, key, autoStartKey, getScope, depth + 1) : value;
  }
  if (value.type !== 'ObjectExpression') return isFalsyLiteral(value) ? undefined : value;
  const property = findProperty(value, key);
  if (!property) {
    // A spread of unknown options may carry `polling`.
    const spread = value.properties.find((p) => p.type === 'SpreadElement');
    return spread && spread.type === 'SpreadElement' ? optionsPoll(spread.argument, key, autoStartKey, getScope, depth + 1) : undefined;
  }
  return pollingValue(property.value, autoStartKey, getScope, depth);
}

function pollingValue(node: Node, autoStartKey: string, getScope: GetScope, depth: number): Node | undefined {
  const value = unwrap(node);
  if (isFalsyLiteral(value)) return undefined;
  if (value.type === 'ObjectExpression') {
    const autoStart = findProperty(value, autoStartKey);
    return autoStart && isFalsyLiteral(unwrap(autoStart.value)) ? undefined : node;
  }
  if (value.type === 'ConditionalExpression') {
    return pollingValue(value.consequent, autoStartKey, getScope, depth + 1) ?? pollingValue(value.alternate, autoStartKey, getScope, depth + 1);
  }
  if (value.type === 'Identifier' && depth < 6) {
    const variable = findVariable(getScope(value), value.name);
    const init = variable && singleInitializer(variable);
    if (init) return pollingValue(init, autoStartKey, getScope, depth + 1) && node;
  }
  return node;
}

function isFalsyLiteral(node: Node): boolean {
  if (node.type === 'Literal') return !node.value && !('regex' in node && node.regex);
  if (node.type === 'Identifier') return node.name === 'undefined';
  if (node.type === 'UnaryExpression' && node.operator === 'void') return true;
  return false;
}

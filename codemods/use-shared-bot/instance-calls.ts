/**
 * Calls made on one bot instance: after a duplicate is replaced by the owner's instance, its
 * lifecycle calls (`stopPolling()`, `stop()`, …) stop the shared bot for every module, and the
 * handlers it registers next to the owner's identical ones answer each update twice.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { contains, isFunction, memberName, unwrap, type Node } from '../../src/core/ast.js';
import type { ParsedFile } from '../../src/core/parse.js';
import type { BotCreation } from '../../src/core/pollers.js';
import { findVariable } from '../../src/core/scope.js';

/** Methods that stop, close or reset an instance (directly or through `bot.api`/`bot.telegram`). */
const LIFECYCLE = new Set(['stopPolling', 'stop', 'close', 'logOut', 'deleteWebhook', 'deleteWebHook', 'closeWebHook', 'removeAllListeners']);

/** Methods that register a handler, keyed by their first argument when it is a literal. */
const HANDLERS = new Set(['on', 'onText', 'command', 'hears', 'action', 'callbackQuery', 'inlineQuery', 'start', 'help', 'settings']);

/** Members that lead from an instance to its API client. */
const CLIENTS = new Set(['api', 'telegram']);

export interface InstanceCall {
  readonly call: TSESTree.CallExpression;
  /** The method called: `stopPolling`, or `logOut` for `bot.api.logOut()`. */
  readonly method: string;
  /** Called through the instance's client (`bot.api.close()`). */
  readonly viaClient: boolean;
}

/** Every `instance.method(…)` and `instance.api.method(…)` on the instance a creation is held in. */
export function callsOnInstance(parsed: ParsedFile, creation: BotCreation, calls: readonly Node[]): InstanceCall[] {
  const found: InstanceCall[] = [];
  for (const call of calls) {
    if (call.type !== 'CallExpression') continue;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') continue;
    const method = memberName(callee);
    if (method === undefined) continue;
    const receiver = unwrap(callee.object);
    if (holds(parsed, creation, receiver, call)) {
      found.push({ call, method, viaClient: false });
    } else if (receiver.type === 'MemberExpression' && CLIENTS.has(memberName(receiver) ?? '') && holds(parsed, creation, unwrap(receiver.object), call)) {
      found.push({ call, method, viaClient: true });
    }
  }
  return found;
}

/** Does `node` read where the creation is held (its variable, `this.bot`, `service.bot`)? */
function holds(parsed: ParsedFile, creation: BotCreation, node: Node, at: Node): boolean {
  const holder = creation.holder;
  if (node === creation.node) return true;
  if (node.type === 'Identifier') {
    return holder.kind === 'variable' && findVariable(parsed.getScope(node), node.name) === holder.variable;
  }
  if (node.type !== 'MemberExpression' || memberName(node) === undefined) return false;
  const object = unwrap(node.object);
  const property = memberName(node);
  if (holder.kind === 'this-member') return object.type === 'ThisExpression' && property === holder.property && contains(holder.owner, at);
  if (holder.kind === 'object-member' && object.type === 'Identifier' && property === holder.property) {
    const variable = findVariable(parsed.getScope(object), object.name);
    return typeof holder.object === 'string' ? !variable && holder.object === `global:${object.name}` : variable === holder.object;
  }
  return false;
}

/** Lifecycle calls on the instance: these reach every module once the instance is shared. */
export function lifecycleCalls(parsed: ParsedFile, creation: BotCreation, calls: readonly Node[]): InstanceCall[] {
  return callsOnInstance(parsed, creation, calls).filter((entry) => LIFECYCLE.has(entry.method) && !isStartMethod(creation, entry));
}

function isStartMethod(creation: BotCreation, entry: InstanceCall): boolean {
  return !entry.viaClient && creation.botClass.startMethods.some((start) => start.path.length === 1 && start.path[0] === entry.method);
}

/** Calls whose function argument runs again and again, or after a failure: restart territory. */
const RETRYING = new Set(['on', 'once', 'catch', 'then', 'finally', 'setInterval']);

/**
 * Start calls of a restart loop: a second start of the same instance, or a start inside an
 * event handler, `.catch()`/`.then()` or `setInterval` callback. The rewrite removes the start
 * calls; whatever stopped the bot before it now stops the shared one.
 */
export function restartCalls(creation: BotCreation): TSESTree.CallExpression[] {
  const starts = creation.reasons.flatMap((reason) => (reason.kind === 'constructor-option' ? [] : [reason.node]));
  const hasConstructorStart = creation.reasons.some((reason) => reason.kind === 'constructor-option');
  return starts.filter((call, index) => index > 0 || hasConstructorStart || insideRetryingCallback(call));
}

function insideRetryingCallback(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    const parent = current.parent;
    if (parent?.type !== 'CallExpression' || !parent.arguments.includes(current as TSESTree.CallExpressionArgument)) continue;
    const callee = unwrap(parent.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    if (name && RETRYING.has(name)) return true;
  }
  return false;
}

/** `bot.on('message', …)` → `on('message')`; a handler method without a literal key → `start()`. */
export function handlerKey(creation: BotCreation, entry: InstanceCall): string | undefined {
  if (entry.viaClient || !HANDLERS.has(entry.method)) return undefined;
  // grammY's `start()` starts polling; telegraf's registers the /start handler.
  if (entry.method === 'start' && !creation.botClass.notPolling.includes('start')) return undefined;
  const first = entry.call.arguments[0];
  const value = first && unwrap(first);
  if (!value || isFunction(value)) return ['start', 'help', 'settings'].includes(entry.method) ? `${entry.method}()` : undefined;
  if (value.type === 'Literal') {
    if ('regex' in value && value.regex) return `${entry.method}(/${value.regex.pattern}/${value.regex.flags})`;
    return typeof value.value === 'string' ? `${entry.method}('${value.value}')` : undefined;
  }
  if (value.type === 'TemplateLiteral' && value.expressions.length === 0) return `${entry.method}('${value.quasis[0]?.value.cooked ?? ''}')`;
  return undefined;
}

/** The owner's handlers, by key, with the line of the first registration. */
export function handlerRegistrations(parsed: ParsedFile, creations: readonly BotCreation[], calls: readonly Node[]): Map<string, number> {
  const handlers = new Map<string, number>();
  for (const creation of creations) {
    for (const entry of callsOnInstance(parsed, creation, calls)) {
      const key = handlerKey(creation, entry);
      if (key && !handlers.has(key)) handlers.set(key, entry.call.loc.start.line);
    }
  }
  return handlers;
}

/**
 * Token identity. A token expression resolves to a set of keys: env var names
 * (`TELEGRAM_BOT_TOKEN`) or, for a hard-coded token, its bot id (the digits before the
 * colon). The secret part is never kept. An empty set means "unknown": such a site may
 * be any bot, so nothing treats it as the same token as another.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { memberName, staticName, stringValue, unwrap, type Node } from './ast.js';
import { findVariable, isGlobal, singleInitializer, type GetScope } from './scope.js';

/** A Telegram bot token: the bot id, a colon, and a 35-character secret (34 in the Bot API docs example). */
const TOKEN_SHAPE = /^(\d{5,15}):[A-Za-z0-9_-]{34,35}$/;
/**
 * The same shape inside longer text, such as `https://api.telegram.org/bot<token>/getMe`.
 * Bounded on both sides, so `1700000000:<40-character sha1>` is not a token. Global: use
 * `findTokens` rather than sharing its `lastIndex`.
 */
export const TOKEN_IN_TEXT = /(?<![\d])(\d{5,15}):[A-Za-z0-9_-]{34,35}(?![A-Za-z0-9_-])/g;

export interface TokenMatch {
  /** Offset of the token in the text. */
  readonly index: number;
  readonly length: number;
  readonly botId: string;
}

/** Every token in a text (stateless: a fresh regex per call). */
export function findTokens(text: string): TokenMatch[] {
  return [...text.matchAll(new RegExp(TOKEN_IN_TEXT.source, 'g'))].map((match) => ({
    index: match.index,
    length: match[0].length,
    botId: match[1] as string,
  }));
}

/** The bot id of a string that is exactly a token, else undefined. */
export function botIdOf(text: string): string | undefined {
  return TOKEN_SHAPE.exec(text.trim())?.[1];
}

/** A key that is all digits is a hard-coded token's bot id; env var names cannot start with a digit. */
export function isBotIdKey(key: string): boolean {
  return /^\d+$/.test(key);
}

/** How a key reads in a message: never more than the bot id of a hard-coded token. */
export function describeTokenKey(key: string): string {
  return isBotIdKey(key) ? `hard-coded token of bot ${key}` : key;
}

const MAX_DEPTH = 12;

export function resolveTokenKeys(node: Node | undefined, getScope: GetScope): string[] {
  if (!node) return [];
  const keys = new Set<string>();
  collect(node, getScope, keys, 0);
  return [...keys];
}

function collect(node: Node, getScope: GetScope, keys: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const value = unwrap(node);
  const literal = stringValue(value);
  if (literal !== undefined) {
    const botId = botIdOf(literal);
    if (botId) keys.add(botId);
    return;
  }
  switch (value.type) {
    case 'MemberExpression': {
      const envName = envVarName(value, getScope);
      if (envName) keys.add(envName);
      // `token.trim()` style calls are handled under CallExpression.
      return;
    }
    case 'TemplateLiteral':
      // `${token}` alone carries the token unchanged.
      if (value.expressions.length === 1 && value.quasis.every((quasi) => quasi.value.cooked === '')) {
        collect(value.expressions[0] as Node, getScope, keys, depth + 1);
      }
      return;
    case 'LogicalExpression':
      if (value.operator !== '&&') collect(value.left, getScope, keys, depth + 1);
      collect(value.right, getScope, keys, depth + 1);
      return;
    case 'ConditionalExpression':
      collect(value.consequent, getScope, keys, depth + 1);
      collect(value.alternate, getScope, keys, depth + 1);
      return;
    case 'CallExpression':
      collectFromCall(value, getScope, keys, depth);
      return;
    case 'Identifier':
      collectFromIdentifier(value, getScope, keys, depth);
      return;
    default:
      return;
  }
}

/** Helpers that read the env var (or config key) named by their string argument. */
const ENV_READERS = new Set(['requireEnv', 'getEnv', 'mustGetEnv', 'getRequiredEnv', 'readEnv', 'env', 'envOrThrow']);
/** `configService.get('X')`, `config.get('X')`, `env.get('X')`: a `get` on a config-like object. */
const CONFIG_OBJECT = /config|env|settings/i;

/** The name an env-reading helper call reads, if the call is one. */
export function envHelperKey(call: TSESTree.CallExpression): string | undefined {
  const [first] = call.arguments;
  const name = first && call.arguments.length <= 2 ? stringValue(first) : undefined;
  if (!name || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return ENV_READERS.has(callee.name) ? name : undefined;
  if (callee.type !== 'MemberExpression') return undefined;
  const method = memberName(callee);
  if (method !== 'get' && method !== 'getOrThrow') return undefined;
  const object = unwrap(callee.object);
  const objectName =
    object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? memberName(object) : undefined;
  return objectName && CONFIG_OBJECT.test(objectName) ? name : undefined;
}

function collectFromCall(call: TSESTree.CallExpression, getScope: GetScope, keys: Set<string>, depth: number): void {
  const helperKey = envHelperKey(call);
  if (helperKey) {
    keys.add(helperKey);
    return;
  }
  const callee = unwrap(call.callee);
  // String(x) keeps the value.
  if (callee.type === 'Identifier' && callee.name === 'String' && call.arguments[0]) {
    collect(call.arguments[0], getScope, keys, depth + 1);
    return;
  }
  // x.trim(), x.toString() keep the token.
  if (callee.type === 'MemberExpression' && call.arguments.length === 0) {
    const method = memberName(callee);
    if (method === 'trim' || method === 'toString') collect(callee.object, getScope, keys, depth + 1);
  }
}

function collectFromIdentifier(identifier: TSESTree.Identifier, getScope: GetScope, keys: Set<string>, depth: number): void {
  const variable = findVariable(getScope(identifier), identifier.name);
  if (!variable) return;
  const init = singleInitializer(variable);
  if (init) {
    collect(init, getScope, keys, depth + 1);
    return;
  }
  // const { BOT_TOKEN } = process.env
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable') return;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'ObjectPattern' || !declarator.init || !isProcessEnv(declarator.init, getScope)) return;
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property') continue;
    const target = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    const key = staticName(property.key, property.computed);
    if (target === def.name && key) keys.add(key);
  }
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the name X. */
export function envVarName(member: TSESTree.MemberExpression, getScope: GetScope): string | undefined {
  const name = memberName(member);
  if (name === undefined) return undefined;
  return isProcessEnv(member.object, getScope) ? name : undefined;
}

function isProcessEnv(node: Node, getScope: GetScope): boolean {
  const value = unwrap(node);
  if (value.type !== 'MemberExpression' || memberName(value) !== 'env') return false;
  const object = unwrap(value.object);
  if (object.type === 'MetaProperty') return object.meta.name === 'import' && object.property.name === 'meta';
  return object.type === 'Identifier' && object.name === 'process' && isGlobalOrImportedProcess(object, getScope);
}

function isGlobalOrImportedProcess(identifier: TSESTree.Identifier, getScope: GetScope): boolean {
  if (isGlobal(identifier, getScope)) return true;
  // import process from 'node:process'
  const def = findVariable(getScope(identifier), identifier.name)?.defs[0];
  const declaration = def?.type === 'ImportBinding' ? def.node.parent : undefined;
  return declaration?.type === 'ImportDeclaration' && /^(node:)?process$/.test(declaration.source.value);
}

/**
 * Env names that hold one token in a deployment (`sameToken`), merged into one key per group.
 * Only names the user put in one group meet: different tokens stay different bots.
 */
export class TokenGroups {
  private readonly canonicalOf = new Map<string, string>();

  constructor(groups: readonly (readonly string[])[] = []) {
    for (const group of groups) {
      // Union with any earlier group that shares a name, so overlapping groups agree.
      const roots = new Set(group.map((key) => this.canonical(key)));
      const root = [...roots].sort()[0];
      if (root === undefined) continue;
      for (const [key, canonical] of this.canonicalOf) if (roots.has(canonical)) this.canonicalOf.set(key, root);
      for (const key of group) this.canonicalOf.set(key, root);
    }
  }

  canonical(key: string): string {
    return this.canonicalOf.get(key) ?? key;
  }

  /** Do two key sets name a token in common? Unknown (empty) sets never do. */
  overlap(a: readonly string[], b: readonly string[]): string | undefined {
    const canonicalB = new Set(b.map((key) => this.canonical(key)));
    return a.find((key) => canonicalB.has(this.canonical(key)));
  }
}

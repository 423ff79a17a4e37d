/**
 * A constructor that polls by itself (node-telegram-bot-api 0.x/1.x `{ polling: true }`): which
 * node of its options decides it, read through constants, conditionals and spreads.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { BotClass } from '../catalogue/libraries.js';
import { findProperty, unwrap, type Node } from './ast.js';
import { findVariable, singleInitializer, type GetScope } from './scope.js';

/**
 * node-telegram-bot-api 0.x/1.x: the constructor polls when `polling` is truthy or of unknown
 * value, unless `polling.autoStart` is `false`. Returns the node that decides it, or undefined.
 */
export function constructorPollingNode(node: TSESTree.NewExpression | TSESTree.CallExpression, botClass: BotClass, getScope: GetScope): Node | undefined {
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

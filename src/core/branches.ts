/** Two sites in different arms of one `if`/`else`, ternary or `switch` never both run:
 * they count as one poller. */
import type { TSESTree } from '@typescript-eslint/utils';

import type { Node } from './ast.js';

function armOf(parent: Node, child: Node): unknown {
  switch (parent.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      if (child === parent.consequent) return 'then';
      if (child === parent.alternate) return 'else';
      return undefined;
    case 'SwitchStatement':
      return child.type === 'SwitchCase' ? child : undefined;
    default:
      return undefined;
  }
}

/**
 * Does control leave a case for good at its end? A case that does not falls through into
 * the next one, so both run (`case 'a': x(); case 'b': y();`). Only a last statement that is
 * an unlabeled `break`, a `return`, `throw` or `continue` (directly or as the last statement
 * of a block) counts as an exit: anything else may fall through.
 */
function caseExits(switchCase: TSESTree.SwitchCase): boolean {
  const last = lastStatement(switchCase.consequent.at(-1));
  if (!last) return false;
  if (last.type === 'BreakStatement') return last.label === null;
  return last.type === 'ReturnStatement' || last.type === 'ThrowStatement' || last.type === 'ContinueStatement';
}

function lastStatement(statement: Node | undefined): Node | undefined {
  let last = statement;
  while (last?.type === 'BlockStatement') last = last.body.at(-1);
  return last;
}

/** An `if` arm that always leaves its function (`return`/`throw` last): code after the `if` runs only when it did not. */
function armReturns(arm: Node): boolean {
  const last = lastStatement(arm);
  return last?.type === 'ReturnStatement' || last?.type === 'ThrowStatement';
}

/**
 * `if (prod) { return new Bot(t, webhook) } return new Bot(t, polling)`: a site inside an `if`
 * arm that always returns, and a site after that `if` in the same block, never both run.
 */
function afterReturningArm(inside: Node, after: Node): boolean {
  for (let child = inside, parent = inside.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'IfStatement' && (child === parent.consequent || child === parent.alternate) && armReturns(child)) {
      const block = parent.parent;
      if (block && isStatementList(block) && after.range[0] >= parent.range[1] && after.range[1] <= block.range[1]) return true;
    }
    if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') return false;
  }
  return false;
}

function isStatementList(node: Node): boolean {
  return node.type === 'BlockStatement' || node.type === 'Program' || node.type === 'SwitchCase' || node.type === 'StaticBlock';
}


/** Two different cases of one switch are exclusive unless the earlier falls through to the later. */
function casesExclusive(statement: TSESTree.SwitchStatement, a: TSESTree.SwitchCase, b: TSESTree.SwitchCase): boolean {
  const [first, second] = [statement.cases.indexOf(a), statement.cases.indexOf(b)].sort((x, y) => x - y) as [number, number];
  for (let i = first; i < second; i++) if (caseExits(statement.cases[i]!)) return true;
  return false;
}

export function mutuallyExclusive(a: Node, b: Node): boolean {
  if (afterReturningArm(a, b) || afterReturningArm(b, a)) return true;
  const armsOfA = new Map<Node, unknown>();
  for (let child = a, parent = a.parent; parent; child = parent, parent = parent.parent) {
    const arm = armOf(parent, child);
    if (arm !== undefined) armsOfA.set(parent, arm);
  }
  for (let child = b, parent = b.parent; parent; child = parent, parent = parent.parent) {
    const arm = armOf(parent, child);
    if (arm === undefined || !armsOfA.has(parent)) continue;
    const armOfA = armsOfA.get(parent);
    if (armOfA === arm) return false;
    if (parent.type === 'SwitchStatement') {
      return casesExclusive(parent, armOfA as TSESTree.SwitchCase, arm as TSESTree.SwitchCase);
    }
    return true;
  }
  return false;
}

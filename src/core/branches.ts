/** Two sites in different arms of one `if`/`else`, ternary or `switch` never both run:
 * they count as one poller. */
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

export function mutuallyExclusive(a: Node, b: Node): boolean {
  const armsOfA = new Map<Node, unknown>();
  for (let child = a, parent = a.parent; parent; child = parent, parent = parent.parent) {
    const arm = armOf(parent, child);
    if (arm !== undefined) armsOfA.set(parent, arm);
  }
  for (let child = b, parent = b.parent; parent; child = parent, parent = parent.parent) {
    const arm = armOf(parent, child);
    if (arm !== undefined && armsOfA.has(parent)) return armsOfA.get(parent) !== arm;
  }
  return false;
}

/** Small AST helpers shared by the detection core. ESTree as produced by espree and
 * typescript-estree; TypeScript-only wrappers are looked through. */
import type { TSESTree } from '@typescript-eslint/utils';

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

const TRANSPARENT = new Set<string>([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ChainExpression',
  'ParenthesizedExpression',
]);

/** `x as T`, `x!`, `x satisfies T`, `<T>x` and `a?.b` wrappers carry the same value. */
export function unwrap(node: Node): Node {
  let current = node;
  while (TRANSPARENT.has(current.type)) {
    current = (current as { expression: Node }).expression;
  }
  return current;
}

/** The nearest ancestor that is not a transparent wrapper, and the child it was reached from. */
export function valueParent(node: Node): { parent: Node | undefined; child: Node } {
  let child = node;
  let parent = node.parent;
  while (parent && TRANSPARENT.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

/** The name of a non-computed member or property key, or of a string-literal computed one. */
export function staticName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function memberName(node: TSESTree.MemberExpression): string | undefined {
  return staticName(node.property, node.computed);
}

/** The value of a string literal or an interpolation-free template literal. */
export function stringValue(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The property of an object literal with the given static key (last one wins, as at run time). */
export function findProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && staticName(property.key, property.computed) === key) found = property;
  }
  return found;
}

/** Depth-first walk over every node, setting `parent` where the parser did not. */
export function walk(root: Node, visitorKeys: VisitorKeys, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    visit(node);
    const keys = visitorKeys[node.type] ?? fallbackKeys(node);
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k] as string];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as Node | null;
          if (child && typeof child.type === 'string') {
            if (!child.parent) (child as { parent?: Node }).parent = node;
            stack.push(child);
          }
        }
      } else if (value && typeof (value as Node).type === 'string') {
        const child = value as Node;
        if (!child.parent) (child as { parent?: Node }).parent = node;
        stack.push(child);
      }
    }
  }
}

function fallbackKeys(node: Node): string[] {
  return Object.keys(node).filter(
    (key) => key !== 'parent' && key !== 'loc' && key !== 'range' && key !== 'tokens' && key !== 'comments',
  );
}

/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

export function isFunction(node: Node): node is TSESTree.FunctionLike {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression'
  );
}

/** Scope look-ups that work the same under ESLint (any parser) and under a stand-alone parse. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;
export type GetScope = (node: TSESTree.Node) => Scope;

/** The innermost scope of a node, as ESLint's `sourceCode.getScope` computes it. */
export function scopeGetter(scopeManager: TSESLint.Scope.ScopeManager): GetScope {
  return (node) => {
    const inner = node.type !== 'Program';
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const scope = scopeManager.acquire(current, inner) as Scope | null;
      if (scope) return scope.type === 'function-expression-name' ? (scope.childScopes[0] as Scope) : scope;
    }
    return scopeManager.globalScope as Scope;
  };
}

export function findVariable(scope: Scope, name: string): Variable | undefined {
  for (let current: Scope | null = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

/** The variable an identifier refers to, if the file declares it. */
export function variableOf(identifier: TSESTree.Identifier, getScope: GetScope): Variable | undefined {
  const variable = findVariable(getScope(identifier), identifier.name);
  return variable && variable.defs.length > 0 ? variable : undefined;
}

/** True when the identifier names a global the file does not shadow. Globals declared
 * only through the config (`languageOptions.globals`) count as globals, and so do
 * undeclared ones: users lint Node code both with and without node globals. */
export function isGlobal(identifier: TSESTree.Identifier, getScope: GetScope): boolean {
  return variableOf(identifier, getScope) === undefined;
}

/** The initializer of a variable that is written once, at its declaration. */
export function singleInitializer(variable: Variable): TSESTree.Expression | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (!def || def.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  if (writes.some((reference) => reference.identifier !== declarator.id)) return undefined;
  return declarator.init;
}

/** Names a codemod may add without clashing with anything the file declares or references. */
import type { TSESLint } from '@typescript-eslint/utils';

import type { ParsedFile } from '../../src/core/parse.js';

/** Every name declared in any scope of the file, or referenced as a global. */
export function namesInUse(parsed: ParsedFile): Set<string> {
  const names = new Set<string>();
  const visit = (scope: TSESLint.Scope.Scope): void => {
    for (const variable of scope.variables) names.add(variable.name);
    for (const reference of scope.through) names.add(reference.identifier.name);
    for (const child of scope.childScopes) visit(child);
  };
  let root: TSESLint.Scope.Scope = parsed.getScope(parsed.ast);
  while (root.upper) root = root.upper;
  visit(root);
  return names;
}

/** The first candidate not in use (then `${last}2`, `${last}3`, …); it is marked as used. */
export function pickName(names: Set<string>, candidates: readonly string[]): string {
  const last = candidates.at(-1) ?? 'value';
  const all = [...candidates];
  for (let n = 2; n < 1000; n++) all.push(`${last}${n}`);
  const name = all.find((candidate) => !names.has(candidate)) ?? `${last}_${names.size}`;
  names.add(name);
  return name;
}

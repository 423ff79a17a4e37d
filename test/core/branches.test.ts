/** mutuallyExclusive: sites in different arms of one if/else, ternary or switch never both run. */
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import type { Node } from '../../src/core/ast.js';
import { mutuallyExclusive } from '../../src/core/branches.js';

/**
 * Parses `code` (parents set, as ESLint sets them) and returns the calls `a()`, `b()`, … by
 * callee name, in source order.
 */
function sites(code: string): Record<string, Node[]> {
  const { ast, visitorKeys } = parseForESLint(code, { range: true, loc: true });
  const found: Record<string, Node[]> = {};
  const visit = (node: Node, parent: Node | undefined): void => {
    (node as { parent?: Node }).parent = parent;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier') (found[node.callee.name] ??= []).push(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof (child as Node).type === 'string') visit(child as Node, node);
      }
    }
  };
  visit(ast as TSESTree.Program, undefined);
  return found;
}

function exclusive(code: string): boolean {
  const found = sites(code);
  const a = found.a?.[0];
  const b = found.b?.[0];
  if (!a || !b) throw new Error(`no a() / b() in ${code}`);
  const forward = mutuallyExclusive(a, b);
  // The relation is symmetric.
  expect(mutuallyExclusive(b, a)).toBe(forward);
  return forward;
}

describe('mutuallyExclusive', () => {
  it('if / else arms', () => {
    expect(exclusive('if (x) a(); else b();')).toBe(true);
    expect(exclusive('if (x) { a(); } else { b(); }')).toBe(true);
    expect(exclusive('if (x) { const y = () => a(); } else { b(); }')).toBe(true);
  });

  it('else-if chains', () => {
    expect(exclusive('if (x) a(); else if (y) b();')).toBe(true);
    expect(exclusive('if (x) c(); else if (y) a(); else b();')).toBe(true);
  });

  it('ternary arms', () => {
    expect(exclusive('const v = x ? a() : b();')).toBe(true);
    expect(exclusive('const v = x ? (y ? a() : 1) : b();')).toBe(true);
  });

  it('nested arms: different inner arms of one outer arm', () => {
    expect(exclusive('if (x) { if (y) a(); else b(); }')).toBe(true);
  });

  it('same arm, or one site outside the conditional', () => {
    expect(exclusive('if (x) { a(); b(); }')).toBe(false);
    expect(exclusive('if (x) a(); b();')).toBe(false);
    expect(exclusive('a(); if (x) b(); else c();')).toBe(false);
    expect(exclusive('if (x) { if (y) a(); } else c(); b();')).toBe(false);
  });

  it('an inner conditional inside one outer arm does not separate it from the same outer arm', () => {
    expect(exclusive('if (x) { if (y) a(); b(); } else c();')).toBe(false);
  });

  it('two separate ifs may both run', () => {
    expect(exclusive('if (x) a(); if (y) b();')).toBe(false);
    expect(exclusive('if (x) a(); else c(); if (y) b(); else d();')).toBe(false);
  });

  it('the test of a conditional runs together with either arm', () => {
    expect(exclusive('if (a()) b();')).toBe(false);
    expect(exclusive('if (a()) c(); else b();')).toBe(false);
    expect(exclusive('const v = a() ? b() : 1;')).toBe(false);
    expect(exclusive('const v = a() ? 1 : b();')).toBe(false);
  });

  it('logical operators are not exclusive arms', () => {
    expect(exclusive('x && a() || b();')).toBe(false);
    expect(exclusive('const v = a() ?? b();')).toBe(false);
  });

  it('switch cases that end in break, return, throw or continue', () => {
    expect(exclusive('switch (x) { case 1: a(); break; case 2: b(); break; }')).toBe(true);
    expect(exclusive('switch (x) { case 1: { a(); break; } default: b(); }')).toBe(true);
    expect(exclusive('function f() { switch (x) { case 1: a(); return; default: b(); } }')).toBe(true);
    expect(exclusive('switch (x) { case 1: a(); throw new Error(); default: b(); }')).toBe(true);
    expect(exclusive('for (;;) { switch (x) { case 1: a(); continue; default: b(); } }')).toBe(true);
    expect(exclusive('switch (x) { case 1: a(); break; case 2: c(); case 3: b(); }')).toBe(true);
  });

  it('a switch case that falls through runs the next cases too', () => {
    expect(exclusive('switch (x) { case 1: a(); case 2: b(); break; }')).toBe(false);
    expect(exclusive('switch (x) { case 1: a(); case 2: case 3: b(); }')).toBe(false);
    expect(exclusive('switch (x) { case 1: a(); case 2: c(); default: b(); }')).toBe(false);
    expect(exclusive('switch (x) { case 1: { a(); } case 2: b(); }')).toBe(false);
    // A labeled break leaves an outer statement, not the case: treated as not ending it.
    expect(exclusive('out: { switch (x) { case 1: a(); if (y) break out; case 2: b(); } }')).toBe(false);
  });

  it('the same case, or the discriminant, is not exclusive', () => {
    expect(exclusive('switch (x) { case 1: a(); b(); break; }')).toBe(false);
    expect(exclusive('switch (a()) { case 1: b(); break; }')).toBe(false);
  });

  it('a site after an if arm that always returns or throws runs only when the arm did not', () => {
    expect(exclusive('function f() { if (x) { return a(); } return b(); }')).toBe(true);
    expect(exclusive('function f() { if (x) { a(); return; } b(); }')).toBe(true);
    expect(exclusive('function f() { if (x) { a(); throw new Error(); } else { c(); } b(); }')).toBe(true);
    expect(exclusive('function f() { if (x) return a(); if (y) { b(); } }')).toBe(true);
  });

  it('an if arm that does not always leave the function separates nothing', () => {
    expect(exclusive('function f() { if (x) { a(); } b(); }')).toBe(false);
    expect(exclusive('function f() { if (x) { if (y) return; a(); } b(); }')).toBe(false);
    // The return belongs to the inner arrow, not to f.
    expect(exclusive('function f() { if (x) { run(() => { a(); return; }); } b(); }')).toBe(false);
    // b() before the if runs together with a().
    expect(exclusive('function f() { b(); if (x) { a(); return; } }')).toBe(false);
  });

  it('a site with itself is not exclusive', () => {
    const { a } = sites('if (x) a(); else b();');
    expect(mutuallyExclusive(a![0]!, a![0]!)).toBe(false);
  });
});

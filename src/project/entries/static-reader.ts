/**
 * Reads a configuration module (a PM2 ecosystem file) as data, from its AST, without running
 * it: literals, top-level constants, spreads and paths built from `__dirname`.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

export type Expression = TSESTree.Node;

/** Reads literals, top-level constants and `path.join(__dirname, …)` from a module's AST. */
export class StaticReader {
  private readonly constants = new Map<string, Expression>();

  constructor(
    private readonly program: TSESTree.Program,
    private readonly dir: string,
  ) {
    for (const statement of program.body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type !== 'VariableDeclaration') continue;
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.init) this.constants.set(declarator.id.name, declarator.init);
      }
    }
  }

  /** `module.exports = X`, `export default X`, `module.exports.apps = [...]`, `export const apps = [...]`. */
  exported(): Expression | undefined {
    for (const statement of this.program.body) {
      if (statement.type === 'ExportDefaultDeclaration') return this.deref(statement.declaration as Expression);
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
      const target = memberPath(statement.expression.left);
      if (target === 'module.exports') return this.deref(statement.expression.right);
      if (target === 'module.exports.apps' || target === 'exports.apps') return this.deref(statement.expression.right);
    }
    return this.constants.has('apps') && this.program.body.some((statement) => statement.type === 'ExportNamedDeclaration') ? this.deref(this.constants.get('apps') as Expression) : undefined;
  }

  /** Follows identifiers to the constants they name (a few steps, so cycles end). */
  deref(node: Expression | undefined): Expression | undefined {
    let current = node;
    for (let step = 0; step < 5 && current; step++) {
      if (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression') current = current.expression;
      else if (current.type === 'Identifier' && this.constants.has(current.name)) current = this.constants.get(current.name);
      else break;
    }
    return current;
  }

  /** A property of an object literal; later ones and spreads win the way they do at run time. */
  property(node: Expression, key: string): Expression | undefined {
    const object = this.deref(node);
    if (object?.type !== 'ObjectExpression') return undefined;
    let found: Expression | undefined;
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        const spread = this.property(property.argument, key);
        if (spread) found = spread;
      } else if (!property.computed && propertyName(property.key) === key) {
        found = property.value as Expression;
      }
    }
    return found;
  }

  /** The items of an array literal (spreads of constant arrays included); undefined when computed. */
  elements(node: Expression): Expression[] | undefined {
    const array = this.deref(node);
    if (array?.type !== 'ArrayExpression') return undefined;
    const items: Expression[] = [];
    for (const element of array.elements) {
      if (!element) continue;
      if (element.type === 'SpreadElement') {
        const spread = this.elements(element.argument);
        if (!spread) return undefined;
        items.push(...spread);
      } else {
        items.push(element);
      }
    }
    return items;
  }

  /** A literal value; `process.env.X || 'max'` gives its fallback; paths built from `__dirname` are resolved. */
  value(node: Expression | undefined): string | number | undefined {
    const current = this.deref(node);
    if (!current) return undefined;
    switch (current.type) {
      case 'Literal':
        return typeof current.value === 'string' || typeof current.value === 'number' ? current.value : undefined;
      case 'TemplateLiteral': {
        let text = current.quasis[0]?.value.cooked ?? '';
        for (let index = 0; index < current.expressions.length; index++) {
          const part = this.value(current.expressions[index]);
          if (part === undefined) return undefined;
          text += String(part) + (current.quasis[index + 1]?.value.cooked ?? '');
        }
        return text;
      }
      case 'UnaryExpression': {
        const argument = this.value(current.argument);
        return current.operator === '-' && typeof argument === 'number' ? -argument : undefined;
      }
      case 'LogicalExpression':
        return current.operator === '&&' ? undefined : this.value(current.right);
      case 'Identifier':
        return current.name === '__dirname' ? this.dir : undefined;
      case 'MemberExpression':
        return memberPath(current) === 'import.meta.dirname' ? this.dir : undefined;
      case 'CallExpression': {
        const callee = memberPath(current.callee);
        if (callee !== 'path.join' && callee !== 'path.resolve' && callee !== 'join' && callee !== 'resolve') return undefined;
        const parts = current.arguments.map((argument) => this.value(argument as Expression));
        if (parts.some((part) => part === undefined)) return undefined;
        return (callee.endsWith('resolve') ? path.resolve : path.join)(...parts.map(String));
      }
      default:
        return undefined;
    }
  }
}

function propertyName(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** `module.exports.apps` for a chain of plain member accesses, else undefined. */
function memberPath(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MetaProperty') return `${node.meta.name}.${node.property.name}`;
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return undefined;
  const object = memberPath(node.object);
  return object === undefined ? undefined : `${object}.${node.property.name}`;
}

// Over 400 lines on purpose: one Summarizer records every fact in a single walk of the AST, so a file is walked once.
/**
 * One file's summary for the project model: plain data (no AST), so it can be cached by the
 * file's content and linked with other files' summaries later. It records what the file
 * creates (bots the catalogue knows), what its functions and classes do when they run (calls,
 * `new`, `this.x = …`), what it exports and imports, and where each call sits (line, branch,
 * entry guard). Values are kept as expressions (`Expr`) that the evaluator resolves across
 * modules; nothing is decided here that needs another file.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, memberName, staticName, stringValue, unwrap, walk, type Node } from '../core/ast.js';
import { patternPath, requiredSource } from '../core/bindings.js';
import { isEntryGuard, type ImportTimeContext } from '../core/import-time.js';
import { analyzeFile, mentionsBotLibrary, type AnalysisInput } from '../core/pollers.js';
import { findVariable, isGlobal, type Variable } from '../core/scope.js';
import { botIdOf, envHelperKey } from '../core/token.js';

/** Bumped whenever the shape or meaning of a summary changes (cached summaries are then ignored). */
export const SUMMARY_VERSION = 1;

/** A symbolic value, resolved by the evaluator. */
export type Expr =
  | { readonly t: 'unknown' }
  | { readonly t: 'null' }
  | { readonly t: 'str'; readonly v: string }
  /** A hard-coded token: only its bot id is kept. */
  | { readonly t: 'botId'; readonly v: string }
  | { readonly t: 'bool'; readonly v: boolean }
  /** `process.env` (or `import.meta.env`). */
  | { readonly t: 'envObject' }
  /** `require.main === module` and its kin: true only in the module run directly. */
  | { readonly t: 'mainGuard' }
  | { readonly t: 'either'; readonly of: readonly Expr[] }
  | { readonly t: 'var'; readonly id: number }
  | { readonly t: 'param'; readonly fn: number; readonly index: number; readonly path: readonly string[] }
  | { readonly t: 'this' }
  | { readonly t: 'super' }
  | { readonly t: 'import'; readonly source: string; readonly path: readonly string[] }
  | { readonly t: 'member'; readonly object: Expr; readonly name: string | Expr }
  | { readonly t: 'call'; readonly site: number; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly t: 'new'; readonly site: number; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly t: 'fn'; readonly id: number }
  | { readonly t: 'class'; readonly id: number }
  | { readonly t: 'object'; readonly props: readonly (readonly [string, Expr])[] }
  | { readonly t: 'array'; readonly items: readonly Expr[] };

/** Where a call or `new` sits. `branch` lists the `if`/ternary/switch arms around it, for "never both run". */
export interface SiteSummary {
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
  readonly branch: readonly string[];
  /** Static keys of an object literal first argument (`launch({ webhook })`). */
  readonly argKeys?: readonly string[];
  /** The result is stored for the module's lifetime (`let bot` at module level) or in `this.x`: one instance, however often the code runs. */
  readonly bound?: 'module' | 'this';
}

/** A bot the catalogue knows, created at a site. */
export interface CreationSummary {
  readonly site: number;
  readonly classId: string;
  /** Keys this file alone resolves (env names, bot ids); empty when the token comes from elsewhere. */
  readonly tokenKeys: readonly string[];
  /** The token expression, followed across modules when `tokenKeys` is empty. */
  readonly token: Expr;
  /** Its constructor options start polling (node-telegram-bot-api `{ polling: true }`). */
  readonly pollsOnCreate: boolean;
  /** Whether it polls depends on a value known only at run time (`{ polling: usePolling }`). */
  readonly pollingConditional: boolean;
  /** Created with a webhook config, so its start methods do not poll (telebot `{ webhook }`). */
  readonly webhookConfigured: boolean;
}

export type Guard = 'main' | 'not-main' | undefined;

export type Effect =
  | { readonly kind: 'eval'; readonly expr: Expr; readonly guard: Guard }
  | { readonly kind: 'assign'; readonly object: Expr; readonly name: string; readonly value: Expr; readonly guard: Guard };

export interface FunctionSummary {
  readonly id: number;
  readonly name: string | undefined;
  readonly line: number;
  readonly params: readonly { readonly default?: Expr }[];
  readonly effects: Effect[];
  readonly returns: Expr[];
  /** The class whose constructor, method or field initializer this is. */
  readonly classId?: number;
}

export interface ClassSummary {
  readonly id: number;
  readonly name: string | undefined;
  readonly superClass?: Expr;
  readonly constructorFn?: number;
  /** Instance field initializers, run before the constructor body. */
  readonly fieldsFn?: number;
  readonly methods: Readonly<Record<string, number>>;
  readonly statics: Readonly<Record<string, number>>;
}

export interface VariableSummary {
  readonly name: string;
  /** The function that declares it (0: the module). */
  readonly fn: number;
  readonly values: Expr[];
}

export interface FileSummary {
  readonly version: number;
  readonly mentionsLibrary: boolean;
  readonly sites: SiteSummary[];
  readonly creations: CreationSummary[];
  readonly variables: VariableSummary[];
  /** Index 0 is the module body. */
  readonly functions: FunctionSummary[];
  readonly classes: ClassSummary[];
  /** ESM exports and `exports.x = …` by name (`default` included). */
  readonly exports: Record<string, Expr>;
  /** `module.exports = …` (CommonJS), when assigned as a whole. */
  moduleExports?: Expr;
  /** `export * from 'x'`. */
  readonly exportAll: string[];
  /** Specifiers loaded when the module is evaluated (static imports and re-exports). */
  readonly staticImports: string[];
  /** Every specifier the file may load at run time (static, `require`, `import()`). */
  readonly runtimeImports: string[];
}

const UNKNOWN: Expr = { t: 'unknown' };
const MAX_STRING = 200;

/** Summarises one parsed file (from ESLint's AST or a stand-alone parse). */
export function summarizeFile(input: AnalysisInput): FileSummary {
  // A stand-alone parse has no `parent` links (ESLint adds them while it traverses): add them.
  if (input.ast.body.length > 0 && !input.ast.body[0]?.parent) walk(input.ast, input.visitorKeys, () => undefined);
  return new Summarizer(input).run();
}

class Summarizer {
  private readonly summary: FileSummary;
  private readonly variableIds = new Map<Variable, number>();
  private readonly functionIds = new Map<Node, number>();
  private readonly classIds = new Map<Node, number>();
  private readonly siteIds = new Map<Node, number>();
  private readonly creationNodes = new Map<Node, number>();
  private readonly importContext: ImportTimeContext;
  /** `const isMain = require.main === module`. */
  private readonly guardVariables = new Set<Variable>();

  constructor(private readonly input: AnalysisInput) {
    this.summary = {
      version: SUMMARY_VERSION,
      mentionsLibrary: mentionsBotLibrary(input.text),
      sites: [],
      creations: [],
      variables: [],
      functions: [],
      classes: [],
      exports: {},
      exportAll: [],
      staticImports: [],
      runtimeImports: [],
    };
    this.importContext = { ast: input.ast, getScope: input.getScope, calls: [] };
  }

  run(): FileSummary {
    const { ast } = this.input;
    // The module body is function 0, whatever the creations below register first.
    const moduleFn: FunctionSummary = { id: 0, name: undefined, line: 1, params: [], effects: [], returns: [] };
    this.functionIds.set(ast, 0);
    this.summary.functions.push(moduleFn);
    if (this.summary.mentionsLibrary) {
      const analysis = analyzeFile(this.input);
      for (const creation of analysis.creations) {
        const site = this.siteOf(creation.node);
        this.creationNodes.set(creation.node, site);
        this.summary.creations.push({
          site,
          classId: creation.botClass.id,
          tokenKeys: creation.tokenKeys,
          token: creation.tokenNode ? this.expr(creation.tokenNode) : UNKNOWN,
          pollsOnCreate: creation.reasons.some((reason) => reason.kind === 'constructor-option'),
          pollingConditional: creation.reasons.some((reason) => reason.kind === 'constructor-option' && !definitelyOn(reason.node)),
          webhookConfigured: webhookConfigured(creation.node, creation.botClass.webhookConfigKey),
        });
      }
    }
    this.collectEffects(ast, moduleFn);
    this.collectModuleInterface(ast);
    return this.summary;
  }

  // -------------------------------------------------------------------------------------------
  // Functions, classes and their effects

  private functionSummary(node: Node, name: string | undefined, classId: number | undefined): number {
    const known = this.functionIds.get(node);
    if (known !== undefined) return known;
    const id = this.summary.functions.length;
    this.functionIds.set(node, id);
    const params = isFunction(node) ? node.params.map((param) => this.paramSummary(param)) : [];
    const summary: FunctionSummary = { id, name, line: node.loc.start.line, params, effects: [], returns: [], ...(classId === undefined ? {} : { classId }) };
    this.summary.functions.push(summary);
    if (isFunction(node) && node.body) {
      // An arrow's expression body is its return value.
      if (node.body.type !== 'BlockStatement') summary.returns.push(this.expr(node.body));
      this.collectEffects(node.body, summary);
    }
    return id;
  }

  private paramSummary(param: TSESTree.Parameter): { default?: Expr } {
    const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
    if (inner.type === 'AssignmentPattern') return { default: this.expr(inner.right) };
    return {};
  }

  /** Walks a function body (not nested functions) for calls, `new`, assignments and returns. */
  private collectEffects(body: Node, fn: FunctionSummary): void {
    const visit = (node: Node, guard: Guard): void => {
      switch (node.type) {
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          this.functionSummary(node, functionName(node), undefined);
          return;
        case 'ClassDeclaration':
        case 'ClassExpression':
          this.classSummary(node);
          // Class decorators run when the class is defined (`@Module({ providers })`).
          for (const decorator of node.decorators ?? []) visit(decorator.expression, guard);
          return;
        case 'IfStatement': {
          visit(node.test, guard);
          const armGuard = this.guardOf(node.test);
          visit(node.consequent, armGuard ?? guard);
          if (node.alternate) visit(node.alternate, flip(armGuard) ?? guard);
          return;
        }
        case 'ConditionalExpression': {
          visit(node.test, guard);
          const armGuard = this.guardOf(node.test);
          visit(node.consequent, armGuard ?? guard);
          visit(node.alternate, flip(armGuard) ?? guard);
          return;
        }
        case 'LogicalExpression':
          if (node.operator === '&&') {
            visit(node.left, guard);
            visit(node.right, this.guardOf(node.left) ?? guard);
            return;
          }
          break;
        case 'ReturnStatement':
          if (node.argument) fn.returns.push(this.expr(node.argument));
          break;
        case 'CallExpression':
        case 'NewExpression':
        case 'ImportExpression':
          fn.effects.push({ kind: 'eval', expr: this.expr(node), guard });
          break;
        case 'AssignmentExpression': {
          const target = unwrap(node.left);
          if (target.type === 'MemberExpression') {
            const name = memberName(target);
            if (name !== undefined && !isExportsTarget(target)) {
              fn.effects.push({ kind: 'assign', object: this.expr(target.object), name, value: this.expr(node.right), guard });
            }
          } else if (target.type === 'Identifier') {
            this.recordWrite(target, node.right);
          }
          break;
        }
        case 'VariableDeclarator':
          this.declare(node);
          break;
        default:
          break;
      }
      for (const child of children(node, this.input.visitorKeys)) visit(child, guard);
    };
    // Statements of one block are visited in order, so an early-return guard covers what follows.
    if (body.type === 'Program' || body.type === 'BlockStatement') {
      let guard: Guard;
      for (const statement of body.body as Node[]) {
        visit(statement, guard);
        if (statement.type === 'IfStatement' && this.guardOf(statement.test) === 'not-main' && alwaysLeaves(statement.consequent)) guard = 'main';
      }
    } else {
      visit(body, undefined);
    }
  }

  private classSummary(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): number {
    const known = this.classIds.get(node);
    if (known !== undefined) return known;
    const id = this.summary.classes.length;
    this.classIds.set(node, id);
    const methods: Record<string, number> = {};
    const statics: Record<string, number> = {};
    const summary: { -readonly [K in keyof ClassSummary]: ClassSummary[K] } = {
      id,
      name: node.id?.name ?? classVariableName(node),
      methods,
      statics,
    };
    this.summary.classes.push(summary);
    if (node.superClass) summary.superClass = this.expr(node.superClass);
    const fieldEffects: Effect[] = [];
    for (const member of node.body.body) {
      if (member.type === 'MethodDefinition') {
        const name = staticName(member.key, member.computed);
        const fnId = this.functionSummary(member.value, name, id);
        if (member.kind === 'constructor') summary.constructorFn = fnId;
        else if (name !== undefined) (member.static ? statics : methods)[name] = fnId;
      } else if (member.type === 'PropertyDefinition' && member.value) {
        const name = staticName(member.key, member.computed);
        const value = member.value;
        if (isFunction(value)) {
          const fnId = this.functionSummary(value, name, id);
          if (name !== undefined) (member.static ? statics : methods)[name] = fnId;
        } else if (!member.static && name !== undefined) {
          fieldEffects.push({ kind: 'assign', object: { t: 'this' }, name, value: this.expr(value), guard: undefined });
        }
      }
    }
    if (fieldEffects.length > 0) {
      const fieldsId = this.summary.functions.length;
      this.summary.functions.push({ id: fieldsId, name: undefined, line: node.loc.start.line, params: [], effects: fieldEffects, returns: [], classId: id });
      summary.fieldsFn = fieldsId;
    }
    return id;
  }

  /** Is this test an entry guard (`require.main === module`, `isMain`), or its negation? */
  private guardOf(test: Node): Guard {
    const value = unwrap(test);
    if (value.type === 'UnaryExpression' && value.operator === '!') return flip(this.guardOf(value.argument));
    if (value.type === 'BinaryExpression' && (value.operator === '!==' || value.operator === '!=')) {
      const equal = { ...value, operator: '===' } as TSESTree.BinaryExpression;
      return isEntryGuard(equal, this.importContext) ? 'not-main' : undefined;
    }
    if (isEntryGuard(value, this.importContext)) return 'main';
    if (value.type === 'Identifier') {
      const variable = findVariable(this.input.getScope(value), value.name);
      if (variable && this.isGuardVariable(variable)) return 'main';
    }
    return undefined;
  }

  private isGuardVariable(variable: Variable): boolean {
    if (this.guardVariables.has(variable)) return true;
    const def = variable.defs[0];
    if (variable.defs.length !== 1 || def?.type !== 'Variable') return false;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== 'Identifier' || !declarator.init) return false;
    if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== declarator.id)) return false;
    if (!isEntryGuard(declarator.init, this.importContext)) return false;
    this.guardVariables.add(variable);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Variables

  private variableId(variable: Variable): number {
    let id = this.variableIds.get(variable);
    if (id === undefined) {
      id = this.summary.variables.length;
      this.variableIds.set(variable, id);
      this.summary.variables.push({ name: variable.name, fn: this.ownerFunction(variable), values: [] });
    }
    return id;
  }

  private ownerFunction(variable: Variable): number {
    for (let scope: Variable['scope'] | null = variable.scope; scope; scope = scope.upper) {
      const block = scope.block as Node;
      if (block.type === 'Program') return 0;
      const known = this.functionIds.get(block);
      if (known !== undefined) return known;
      if (isFunction(block)) return this.functionSummary(block, functionName(block), undefined);
    }
    return 0;
  }

  private declare(declarator: TSESTree.VariableDeclarator): void {
    if (!declarator.init) return;
    const init = this.expr(declarator.init);
    this.bindPattern(declarator.id, init, []);
  }

  private bindPattern(pattern: Node, value: Expr, path: readonly string[]): void {
    if (pattern.type === 'Identifier') {
      const variable = findVariable(this.input.getScope(pattern), pattern.name);
      if (!variable) return;
      this.summary.variables[this.variableId(variable)]?.values.push(memberPath(value, path));
      return;
    }
    if (pattern.type === 'AssignmentPattern') {
      this.bindPattern(pattern.left, { t: 'either', of: [memberPath(value, path), this.expr(pattern.right)] }, []);
      return;
    }
    if (pattern.type === 'ObjectPattern') {
      for (const property of pattern.properties) {
        if (property.type !== 'Property') continue;
        const key = staticName(property.key, property.computed);
        if (key !== undefined) this.bindPattern(property.value, value, [...path, key]);
      }
    }
  }

  private recordWrite(target: TSESTree.Identifier, value: Node): void {
    const variable = findVariable(this.input.getScope(target), target.name);
    if (!variable || variable.defs.length === 0) return;
    this.summary.variables[this.variableId(variable)]?.values.push(this.expr(value));
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private siteOf(node: Node): number {
    let id = this.siteIds.get(node);
    if (id !== undefined) return id;
    id = this.summary.sites.length;
    this.siteIds.set(node, id);
    const argument = 'arguments' in node ? (node.arguments as Node[])[0] : undefined;
    const argKeys = argument && unwrap(argument).type === 'ObjectExpression' ? objectKeys(unwrap(argument) as TSESTree.ObjectExpression) : undefined;
    const bound = boundHolder(node, this.input.getScope);
    this.summary.sites.push({
      line: node.loc.start.line,
      column: node.loc.start.column,
      start: node.range[0],
      end: node.range[1],
      branch: branchPath(node),
      ...(argKeys ? { argKeys } : {}),
      ...(bound ? { bound } : {}),
    });
    return id;
  }

  expr(node: Node, depth = 0): Expr {
    if (depth > 40) return UNKNOWN;
    const value = unwrap(node);
    const text = stringValue(value);
    if (text !== undefined) {
      const botId = botIdOf(text);
      if (botId) return { t: 'botId', v: botId };
      return text.length <= MAX_STRING ? { t: 'str', v: text } : UNKNOWN;
    }
    switch (value.type) {
      case 'Literal':
        if (value.value === null) return { t: 'null' };
        if (typeof value.value === 'boolean') return { t: 'bool', v: value.value };
        return UNKNOWN;
      case 'TemplateLiteral':
        if (value.expressions.length === 1 && value.quasis.every((quasi) => quasi.value.cooked === '')) return this.expr(value.expressions[0] as Node, depth + 1);
        return UNKNOWN;
      case 'Identifier':
        return this.identifier(value);
      case 'ThisExpression':
        return { t: 'this' };
      case 'Super':
        return { t: 'super' };
      case 'MemberExpression':
        return this.member(value, depth);
      case 'CallExpression':
        return this.call(value, depth);
      case 'NewExpression':
        return { t: 'new', site: this.siteOf(value), callee: this.expr(value.callee, depth + 1), args: value.arguments.map((argument) => this.expr(argument, depth + 1)) };
      case 'ImportExpression': {
        const source = stringValue(value.source);
        return source === undefined ? UNKNOWN : { t: 'import', source, path: [] };
      }
      case 'AwaitExpression':
        return this.expr(value.argument, depth + 1);
      case 'LogicalExpression':
        return { t: 'either', of: value.operator === '&&' ? [this.expr(value.right, depth + 1)] : [this.expr(value.left, depth + 1), this.expr(value.right, depth + 1)] };
      case 'ConditionalExpression':
        return { t: 'either', of: [this.expr(value.consequent, depth + 1), this.expr(value.alternate, depth + 1)] };
      case 'SequenceExpression':
        return this.expr(value.expressions[value.expressions.length - 1] as Node, depth + 1);
      case 'AssignmentExpression':
        return this.expr(value.right, depth + 1);
      case 'BinaryExpression':
        if (isEntryGuard(value, this.importContext)) return { t: 'mainGuard' };
        return UNKNOWN;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        return { t: 'fn', id: this.functionSummary(value, functionName(value), undefined) };
      case 'ClassExpression':
      case 'ClassDeclaration':
        return { t: 'class', id: this.classSummary(value) };
      case 'ObjectExpression':
        return this.object(value, depth);
      case 'ArrayExpression':
        return { t: 'array', items: value.elements.map((element) => (element && element.type !== 'SpreadElement' ? this.expr(element, depth + 1) : UNKNOWN)) };
      case 'MetaProperty':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private identifier(identifier: TSESTree.Identifier): Expr {
    const variable = findVariable(this.input.getScope(identifier), identifier.name);
    if (!variable || variable.defs.length === 0) return identifier.name === 'undefined' ? { t: 'null' } : UNKNOWN;
    const def = variable.defs[0];
    if (!def) return UNKNOWN;
    switch (def.type) {
      case 'ImportBinding':
        return this.importBinding(def.node as Node);
      case 'FunctionName':
        return { t: 'fn', id: this.functionSummary(def.node as Node, identifier.name, undefined) };
      case 'ClassName':
        return { t: 'class', id: this.classSummary(def.node as TSESTree.ClassDeclaration) };
      case 'Parameter':
        return this.parameter(def.node as TSESTree.FunctionLike, def.name as TSESTree.Identifier);
      case 'Variable':
        if (this.isGuardVariable(variable)) return { t: 'mainGuard' };
        return { t: 'var', id: this.variableId(variable) };
      default:
        return UNKNOWN;
    }
  }

  private importBinding(node: Node): Expr {
    if (node.type === 'TSImportEqualsDeclaration') {
      if (node.importKind === 'type' || node.moduleReference.type !== 'TSExternalModuleReference') return UNKNOWN;
      const source = stringValue(node.moduleReference.expression);
      return source === undefined ? UNKNOWN : { t: 'import', source, path: [] };
    }
    const declaration = node.parent;
    if (declaration?.type !== 'ImportDeclaration' || declaration.importKind === 'type') return UNKNOWN;
    const source = declaration.source.value;
    if (node.type === 'ImportDefaultSpecifier') return { t: 'import', source, path: ['default'] };
    if (node.type === 'ImportNamespaceSpecifier') return { t: 'import', source, path: [] };
    if (node.type === 'ImportSpecifier' && node.importKind !== 'type') {
      const imported = node.imported.type === 'Identifier' ? node.imported.name : String(node.imported.value);
      return { t: 'import', source, path: [imported] };
    }
    return UNKNOWN;
  }

  private parameter(fn: TSESTree.FunctionLike, name: TSESTree.Identifier): Expr {
    const fnId = this.functionSummary(fn, functionName(fn), undefined);
    for (const [index, param] of fn.params.entries()) {
      const path = patternPath(param.type === 'TSParameterProperty' ? param.parameter : param, name);
      if (path) return { t: 'param', fn: fnId, index, path };
    }
    return UNKNOWN;
  }

  private member(member: TSESTree.MemberExpression, depth: number): Expr {
    const object = unwrap(member.object);
    const name = memberName(member);
    // process.env, import.meta.env
    if (name === 'env') {
      if (object.type === 'Identifier' && object.name === 'process' && isGlobal(object, this.input.getScope)) return { t: 'envObject' };
      if (object.type === 'MetaProperty' && object.meta.name === 'import') return { t: 'envObject' };
    }
    if (name === 'main' && object.type === 'Identifier' && object.name === 'require') return UNKNOWN;
    const objectExpr = this.expr(object, depth + 1);
    if (name !== undefined) return { t: 'member', object: objectExpr, name };
    return { t: 'member', object: objectExpr, name: this.expr(member.property, depth + 1) };
  }

  private call(call: TSESTree.CallExpression, depth: number): Expr {
    const source = requiredSource(call, this.input.getScope);
    if (source !== undefined) return { t: 'import', source, path: [] };
    const callee = unwrap(call.callee);
    // String(x), x.trim(), x.toString(): the same token.
    if (callee.type === 'Identifier' && callee.name === 'String' && call.arguments[0] && isGlobal(callee, this.input.getScope)) return this.expr(call.arguments[0], depth + 1);
    if (callee.type === 'MemberExpression' && call.arguments.length === 0 && ['trim', 'toString'].includes(memberName(callee) ?? '')) {
      return { t: 'either', of: [this.expr(callee.object, depth + 1)] };
    }
    const site = this.siteOf(call);
    const expr: Expr = { t: 'call', site, callee: this.expr(callee, depth + 1), args: call.arguments.map((argument) => this.expr(argument, depth + 1)) };
    // `getEnv('X')` of a helper the evaluator cannot follow (a library's): keep the env name as a fallback.
    const helperKey = envHelperKey(call);
    if (helperKey) return { t: 'either', of: [expr, { t: 'member', object: { t: 'envObject' }, name: helperKey }] };
    return expr;
  }

  private object(object: TSESTree.ObjectExpression, depth: number): Expr {
    const props: [string, Expr][] = [];
    for (const property of object.properties) {
      if (property.type !== 'Property') continue;
      const key = staticName(property.key, property.computed);
      if (key === undefined) continue;
      props.push([key, this.expr(property.value, depth + 1)]);
    }
    return { t: 'object', props };
  }

  // -------------------------------------------------------------------------------------------
  // Module interface

  private collectModuleInterface(program: TSESTree.Program): void {
    const { exports } = this.summary;
    const staticImports = new Set<string>();
    const runtimeImports = new Set<string>();
    for (const statement of program.body) {
      if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') {
        const typeOnly = statement.specifiers.length > 0 && statement.specifiers.every((specifier) => specifier.type === 'ImportSpecifier' && specifier.importKind === 'type');
        if (!typeOnly) staticImports.add(statement.source.value);
      } else if (statement.type === 'TSImportEqualsDeclaration' && statement.importKind !== 'type' && statement.moduleReference.type === 'TSExternalModuleReference') {
        const source = stringValue(statement.moduleReference.expression);
        if (source !== undefined) staticImports.add(source);
      } else if (statement.type === 'ExportAllDeclaration' && statement.exportKind !== 'type') {
        staticImports.add(statement.source.value);
        if (statement.exported) exports[nameOf(statement.exported)] = { t: 'import', source: statement.source.value, path: [] };
        else this.summary.exportAll.push(statement.source.value);
      } else if (statement.type === 'ExportNamedDeclaration' && statement.exportKind !== 'type') {
        this.namedExport(statement, staticImports);
      } else if (statement.type === 'ExportDefaultDeclaration') {
        exports.default = this.expr(statement.declaration as Node);
      } else if (statement.type === 'TSExportAssignment') {
        this.summary.moduleExports = this.expr(statement.expression);
      }
    }
    // CommonJS: module.exports = …, module.exports.x = …, exports.x = … (anywhere at top level).
    walk(program, this.input.visitorKeys, (node) => {
      if (node.type === 'CallExpression' || node.type === 'ImportExpression') {
        const source = node.type === 'ImportExpression' ? stringValue(node.source) : requiredSource(node, this.input.getScope);
        if (source !== undefined) runtimeImports.add(source);
      }
      if (node.type !== 'AssignmentExpression') return;
      const target = unwrap(node.left);
      if (target.type !== 'MemberExpression') return;
      if (isModuleExports(target)) {
        this.summary.moduleExports = this.expr(node.right);
        return;
      }
      const object = unwrap(target.object);
      const name = memberName(target);
      if (name !== undefined && (isModuleExports(object) || (object.type === 'Identifier' && object.name === 'exports' && isGlobal(object, this.input.getScope)))) {
        exports[name] = this.expr(node.right);
      }
    });
    for (const source of staticImports) runtimeImports.add(source);
    this.summary.staticImports.push(...staticImports);
    this.summary.runtimeImports.push(...runtimeImports);
  }

  private namedExport(statement: TSESTree.ExportNamedDeclaration, staticImports: Set<string>): void {
    const { exports } = this.summary;
    const declaration = statement.declaration;
    if (declaration) {
      if (declaration.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          for (const identifier of patternIdentifiers(declarator.id)) exports[identifier.name] = this.identifier(identifier);
        }
      } else if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
        exports[declaration.id.name] = this.expr(declaration);
      }
      return;
    }
    const source = statement.source?.value;
    if (source !== undefined) staticImports.add(source);
    for (const specifier of statement.specifiers) {
      if (specifier.exportKind === 'type') continue;
      const exported = nameOf(specifier.exported);
      const local = nameOf(specifier.local);
      if (source !== undefined) exports[exported] = { t: 'import', source, path: local === 'default' ? ['default'] : [local] };
      else if (specifier.local.type === 'Identifier') exports[exported] = this.identifier(specifier.local);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function flip(guard: Guard): Guard {
  if (guard === 'main') return 'not-main';
  if (guard === 'not-main') return 'main';
  return undefined;
}

function alwaysLeaves(statement: Node): boolean {
  let last: Node | undefined = statement;
  while (last?.type === 'BlockStatement') last = last.body.at(-1);
  return last?.type === 'ReturnStatement' || last?.type === 'ThrowStatement' || (last?.type === 'ExpressionStatement' && isProcessExit(last.expression));
}

function isProcessExit(node: Node): boolean {
  const value = unwrap(node);
  if (value.type !== 'CallExpression') return false;
  const callee = unwrap(value.callee);
  return callee.type === 'MemberExpression' && memberName(callee) === 'exit' && unwrap(callee.object).type === 'Identifier' && (unwrap(callee.object) as TSESTree.Identifier).name === 'process';
}

function children(node: Node, visitorKeys: AnalysisInput['visitorKeys']): Node[] {
  const keys = visitorKeys[node.type] ?? [];
  const found: Node[] = [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof (child as Node).type === 'string') found.push(child as Node);
    } else if (value && typeof (value as Node).type === 'string') {
      found.push(value as Node);
    }
  }
  return found;
}

function functionName(fn: Node): string | undefined {
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && !parent.computed) {
    return parent.key.type === 'Identifier' ? parent.key.name : undefined;
  }
  return undefined;
}

function classVariableName(node: Node): string | undefined {
  const parent = node.parent;
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}

function memberPath(value: Expr, path: readonly string[]): Expr {
  let result = value;
  for (const name of path) result = { t: 'member', object: result, name };
  return result;
}

function patternIdentifiers(pattern: Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'AssignmentPattern':
      return patternIdentifiers(pattern.left);
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) => (property.type === 'Property' ? patternIdentifiers(property.value) : patternIdentifiers(property.argument)));
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternIdentifiers(element) : []));
    case 'RestElement':
      return patternIdentifiers(pattern.argument);
    default:
      return [];
  }
}

function objectKeys(object: TSESTree.ObjectExpression): string[] {
  const keys: string[] = [];
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const key = staticName(property.key, property.computed);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

function webhookConfigured(node: TSESTree.NewExpression | TSESTree.CallExpression, key: string | undefined): boolean {
  if (!key) return false;
  const config = node.arguments[0] && unwrap(node.arguments[0]);
  return config?.type === 'ObjectExpression' && objectKeys(config).includes(key);
}

/** `polling: true` or `polling: { … }`: on whatever the deployment; anything else is decided at run time. */
function definitelyOn(option: Node): boolean {
  let value = unwrap(option);
  if (value.type === 'Property') value = unwrap(value.value);
  else if (value.type === 'ObjectExpression') {
    const property = value.properties.find((candidate) => candidate.type === 'Property' && staticName(candidate.key, candidate.computed) === 'polling');
    if (property?.type === 'Property') value = unwrap(property.value);
  }
  return (value.type === 'Literal' && value.value === true) || value.type === 'ObjectExpression';
}

function isModuleExports(node: Node): boolean {
  const value = unwrap(node);
  if (value.type !== 'MemberExpression' || memberName(value) !== 'exports') return false;
  const object = unwrap(value.object);
  return object.type === 'Identifier' && object.name === 'module';
}

function isExportsTarget(node: TSESTree.MemberExpression): boolean {
  const object = unwrap(node.object);
  return isModuleExports(node) || isModuleExports(object) || (object.type === 'Identifier' && object.name === 'exports');
}

/** The arms of `if`/ternary/`switch` around a node, as `<offset>:<arm>`; two sites whose paths name one branch point with different arms never both run. */
function branchPath(node: Node): string[] {
  const path: string[] = [];
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') {
      if (child === parent.consequent) path.push(`${parent.range[0]}:then`);
      else if (child === parent.alternate) path.push(`${parent.range[0]}:else`);
    } else if (parent.type === 'SwitchStatement' && child.type === 'SwitchCase') {
      const last = child.consequent.at(-1);
      // A case that falls through runs with the next one: not exclusive.
      if (last && (last.type === 'BreakStatement' || last.type === 'ReturnStatement' || last.type === 'ThrowStatement')) path.push(`${parent.range[0]}:${child.range[0]}`);
    }
  }
  return path;
}

/** Does the value of this call or `new` go straight into a module-level variable or `this.x`? */
function boundHolder(node: Node, getScope: AnalysisInput['getScope']): 'module' | 'this' | undefined {
  let child = node;
  let parent = node.parent;
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'LogicalExpression' || (parent.type === 'ConditionalExpression' && parent.test !== child))) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  let target: Node | undefined;
  if (parent.type === 'VariableDeclarator' && parent.init === child) target = parent.id;
  else if (parent.type === 'AssignmentExpression' && parent.right === child) target = unwrap(parent.left);
  else if (parent.type === 'PropertyDefinition' && parent.value === child && !parent.static) return 'this';
  if (!target) return undefined;
  if (target.type === 'MemberExpression' && unwrap(target.object).type === 'ThisExpression') return 'this';
  if (target.type !== 'Identifier') return undefined;
  const variable = findVariable(getScope(target), target.name);
  return variable?.scope.block.type === 'Program' || variable?.scope.type === 'module' ? 'module' : undefined;
}

// Over 400 lines: the plan (which provider gets which bot) and its edits (constructor parameter, removed field and starts) are checked against each other.
/**
 * A bot that a framework module creates (NestJS's `TelegrafModule.forRoot()`) is never rewritten:
 * no user code creates it. A second bot of its token in the same Nest app is pointed at it
 * instead: the provider gets the framework's bot through `@InjectBot()` as a constructor
 * parameter, its own `new …` and start calls go. Where that cannot be done safely (not a field
 * of a provider class, JavaScript, a start call whose value is used, another library, …) the
 * site stays, with the reason.
 *
 * Which bots run beside which comes from the project model: the framework's registration and
 * the duplicate must start in one process.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import path from 'node:path';

import { apiLabel, botClasses, frameworkInjections, frameworkModules, nestModule, type BotClass, type FrameworkInjection, type FrameworkModule } from '../../src/catalogue/libraries.js';
import { unwrap, valueParent, type Node } from '../../src/core/ast.js';
import { mergeIntoImport, quoted, type EditingFile, editingFile } from '../../src/core/imports.js';
import { insertImportLines, preserveComments, removeStatement, survivingReads } from '../../src/core/import-edits.js';
import { sameApi } from '../../src/core/owner-facts.js';
import { checkSyntax, parseFile, type ParsedFile } from '../../src/core/parse.js';
import { analyzeFile, type BotCreation } from '../../src/core/pollers.js';
import { findVariable } from '../../src/core/scope.js';
import { describeTokenKey, type TokenGroups } from '../../src/core/token.js';
import { indentAt, lineStart, statementRemovalRange } from '../../src/core/text-edits.js';
import type { ProjectModel } from '../../src/project/model.js';
import { namesInUse } from '../shared/names.js';
import type { MigrationWarning } from './engine.js';
import { lifecycleCalls } from './instance-calls.js';
import { canonicalKeys } from './owner.js';

/** Why a site beside a framework bot stays (the summary counts sites by kind). */
export type InjectionLeftKind = 'framework bot';

/** A bot created and started by a framework module. */
export interface FrameworkBot {
  readonly file: string;
  readonly line: number;
  /** `TelegrafModule.forRootAsync()`, for people. */
  readonly label: string;
  readonly framework: FrameworkModule;
  readonly injection: FrameworkInjection | undefined;
  readonly botClass: BotClass;
  /** Canonical token keys. */
  readonly keys: readonly string[];
  readonly tokenLabel: string;
  /** The name it is registered under: undefined for the default bot, null when not followed. */
  readonly botName: string | undefined | null;
}

/** A creation (by its start offset) that starts in the same process as a framework bot of its token. */
export interface BesideFramework {
  readonly start: number;
  readonly bot: FrameworkBot;
}

export interface FrameworkPlan {
  readonly bots: readonly FrameworkBot[];
  readonly besides: ReadonlyMap<string, readonly BesideFramework[]>;
}

/** Import specifiers of the framework modules: a project that names none has no framework bot. */
export const frameworkSources: readonly string[] = [...new Set(frameworkModules.flatMap((framework) => framework.sources))];

const classById = new Map(botClasses.map((botClass) => [botClass.id, botClass]));

/** The framework bots of the project's processes, and the creations that start beside one of their token. */
export function frameworkPlan(model: ProjectModel, groups: TokenGroups): FrameworkPlan {
  const bots = new Map<string, FrameworkBot>();
  const besides = new Map<string, BesideFramework[]>();
  for (const process of model.processes()) {
    const inProcess: FrameworkBot[] = [];
    for (const event of process.events) {
      const { instance } = event;
      if (!instance.framework || instance.tokenKeys.length === 0) continue;
      const framework = frameworkModules.find((candidate) => candidate.id === instance.framework?.id);
      const botClass = framework && classById.get(framework.creates);
      if (!framework || !botClass) continue;
      let bot = bots.get(instance.key);
      if (!bot) {
        const keys = canonicalKeys(instance.tokenKeys, groups);
        bot = {
          file: instance.file,
          line: instance.site.line,
          label: event.how,
          framework,
          injection: frameworkInjections.find((injection) => injection.framework === framework.id),
          botClass,
          keys,
          tokenLabel: keys.map(describeTokenKey).join(' | '),
          botName: instance.framework.botName,
        };
        bots.set(instance.key, bot);
      }
      inProcess.push(bot);
    }
    if (inProcess.length === 0) continue;
    for (const event of process.events) {
      const { instance } = event;
      if (event.kind !== 'start' || instance.framework || instance.tokenKeys.length === 0) continue;
      const bot = inProcess.find((candidate) => groups.overlap(candidate.keys, instance.tokenKeys) !== undefined);
      if (!bot) continue;
      const known = besides.get(instance.file) ?? [];
      if (!known.some((site) => site.start === instance.site.start)) besides.set(instance.file, [...known, { start: instance.site.start, bot }]);
    }
  }
  return { bots: [...bots.values()], besides };
}

export interface FileInjection {
  /** The new text, or undefined when the file does not change. */
  readonly output: string | undefined;
  /** Lines of the creations replaced by an injection. */
  readonly sites: readonly number[];
  readonly left: readonly { readonly line: number; readonly kind: InjectionLeftKind; readonly reason: string }[];
  readonly warnings: readonly MigrationWarning[];
  /** Lines of every creation this plan took care of, rewritten or left. */
  readonly handled: ReadonlySet<number>;
}

const NOTHING: FileInjection = { output: undefined, sites: [], left: [], warnings: [], handled: new Set() };

/** Rewrites the creations of one file that start beside a framework bot of their token into injections of it. */
export function injectFrameworkBots(file: string, source: string, besides: readonly BesideFramework[], groups: TokenGroups, strict = false): FileInjection {
  if (besides.length === 0) return NOTHING;
  const parsed = parseFile(file, source);
  const analysis = analyzeFile(parsed);
  const context = { ...editingFile(file, parsed), usedNames: namesInUse(parsed), injectedClasses: new Set<Node>(), decoratorNames: new Map<string, string>() };
  const left: { line: number; kind: InjectionLeftKind; reason: string }[] = [];
  const warnings: MigrationWarning[] = [];
  const sites: number[] = [];
  const handled = new Set<number>();
  for (const poller of analysis.pollers) {
    const beside = besides.find((site) => site.start === poller.node.range[0]);
    if (!beside) continue;
    const line = poller.node.loc.start.line;
    handled.add(line);
    const plan = planInjection(context, poller, beside.bot, groups);
    if ('reason' in plan) {
      left.push({ line, kind: 'framework bot', reason: plan.reason });
      continue;
    }
    plan.apply();
    sites.push(line);
    for (const { call, method, viaClient } of lifecycleCalls(parsed, poller, analysis.invocations)) {
      warnings.push({
        line: call.loc.start.line,
        message: `calls \`${viaClient ? '….' : ''}${method}()\` on the bot, which is now the one ${beside.bot.label} creates: it would ${method === 'removeAllListeners' ? "remove every provider's handlers" : 'stop or reset it for the whole app'}`,
      });
    }
  }
  if (sites.length === 0) return { ...NOTHING, left, handled };
  if (strict && warnings.length > 0) {
    // --strict: a rewrite that changes what the program does is left for a human.
    const lines = [...new Set(warnings.map((warning) => warning.line))].sort((a, b) => a - b).join(', ');
    for (const line of sites) left.push({ line, kind: 'framework bot', reason: `--strict: the injection would change what this provider does (see lines ${lines}); left as it is` });
    return { ...NOTHING, left, handled };
  }
  context.edits.joinRemovals(parsed.text);
  const output = (parsed.hasBom ? '\uFEFF' : '') + context.edits.apply(parsed.text);
  // Never hand back a file that does not parse.
  checkSyntax(file, output);
  warnings.sort((a, b) => a.line - b.line);
  return { output: output === source ? undefined : output, sites, left, warnings, handled };
}

interface InjectionContext extends EditingFile {
  readonly usedNames: Set<string>;
  /** Classes that already get a parameter in this run: a second one is left for a human. */
  readonly injectedClasses: Set<Node>;
  /** The local name of each framework's decorator, once imported or found. */
  readonly decoratorNames: Map<string, string>;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Everything checked before anything is edited: a plan applies whole, or the site stays. */
function planInjection(context: InjectionContext, poller: BotCreation, bot: FrameworkBot, groups: TokenGroups): { reason: string } | { apply: () => void } {
  const where = `the bot ${bot.label} creates (${path.basename(bot.file)}:${bot.line})`;
  const leave = (why: string) => ({ reason: `${why}; inject ${where} with @${bot.injection?.decorator ?? 'InjectBot'}() by hand, or remove this bot` });
  const keys = canonicalKeys(poller.tokenKeys, groups);
  if (keys.length !== bot.keys.length || keys.some((key, index) => key !== bot.keys[index])) {
    return { reason: `its token (${keys.map(describeTokenKey).join(' | ')}) is not exactly the one of ${where} (${bot.tokenLabel}); replacing it could turn one bot into another` };
  }
  if (!sameApi(poller.botClass, bot.botClass)) {
    return {
      reason: `different library: this is a ${apiLabel(poller.botClass)} bot, ${where} is ${apiLabel(bot.botClass)}, another API; move its handlers to that bot, or give this one a token of its own`,
    };
  }
  const injection = bot.injection;
  if (!injection) return { reason: `${bot.framework.library} has no injection known to this tool; use ${where}, or remove this bot` };
  const registeredName = bot.botName;
  if (registeredName === null) return leave(`the name (\`${injection.botNameKey}\`) ${bot.label} registers its bot under could not be followed`);
  if (!context.parsed.isTypeScript) return leave('a JavaScript file: parameter decorators need TypeScript');

  const shape = fieldShape(poller);
  if ('reason' in shape) return leave(shape.reason);
  const { cls, field, assignment } = shape;
  const name = (field.key as TSESTree.Identifier).name;
  if (context.injectedClasses.has(cls)) return leave('its class already gets an injected bot in this run');
  if (!isNestProvider(context.parsed, cls, bot.framework)) return leave('its class is not a Nest provider (no @Injectable() or other Nest class decorator), so Nest would not inject into it');

  const starts: Node[] = [];
  for (const reason of poller.reasons) {
    const statement = reason.kind === 'constructor-option' ? undefined : unusedStatement(reason.node);
    if (!statement) return leave(`its start call on line ${reason.node.loc.start.line} cannot be removed cleanly (its value is used)`);
    starts.push(statement);
  }

  const constructors = cls.body.body.filter((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor');
  const constructor = constructors.find((member) => member.value.type === 'FunctionExpression');
  if (constructors.length > 1 || (constructors.length === 1 && !constructor)) return leave('its constructor has overloads');
  if (!constructor && cls.superClass) return leave('its class extends another, so a new constructor would have to call super()');
  const params = constructor?.value.params ?? [];
  if (params.some((param) => param.type === 'RestElement')) return leave('its constructor takes a rest parameter');
  if (params.some((param) => parameterName(param) === name)) return leave(`its constructor already has a parameter named ${name}`);
  const type = typeText(context.parsed, field, poller);
  if (!type) return leave('the type of the bot cannot be written from its creation');
  const decorator = decoratorName(context, bot.framework, injection);
  if (!decorator) return leave(`the file already uses the name ${injection.decorator}`);

  return {
    apply: () => {
      context.injectedClasses.add(cls);
      const botName = registeredName === undefined ? '' : quoted(context, registeredName.replace(/\\/g, '\\\\').replaceAll(context.quote, `\\${context.quote}`));
      const modifiers = [field.accessibility ?? (field.readonly ? undefined : 'public'), field.readonly ? 'readonly' : undefined].filter(Boolean).join(' ');
      const parameter = `${decorator.local}(${botName}) ${modifiers} ${name}: ${type}`;
      decorator.add();
      const removed = [...starts, ...(assignment ? [assignment] : [])];
      if (constructor) {
        removeMember(context, field);
        addParameter(context, constructor, parameter);
      } else {
        context.edits.replace(field.range[0], field.range[1], `constructor(${parameter}) {}`);
      }
      removeStatements(context, removed);
      removeUnusedTokenConstant(context, poller);
    },
  };
}

/**
 * `private readonly bot = new Telegraf(…)`, or a declared field `private bot: Telegraf` that one
 * method or the constructor assigns: `this.bot = new Telegraf(…)` as a statement of its own.
 */
function fieldShape(poller: BotCreation): { reason: string } | { cls: ClassNode; field: TSESTree.PropertyDefinition; assignment: Node | undefined } {
  const { parent, child } = valueParent(poller.node);
  let field: TSESTree.PropertyDefinition | undefined;
  let assignment: Node | undefined;
  if (parent?.type === 'PropertyDefinition' && child === parent.value) {
    field = parent;
  } else if (parent?.type === 'AssignmentExpression' && parent.operator === '=' && child === parent.right) {
    const target = unwrap(parent.left);
    const statement = parent.parent;
    const method = statement?.parent?.parent?.parent;
    if (target.type !== 'MemberExpression' || target.computed || target.property.type !== 'Identifier' || unwrap(target.object).type !== 'ThisExpression') {
      return { reason: 'it is not held in a field of its class' };
    }
    if (statement?.type !== 'ExpressionStatement' || statement.parent?.type !== 'BlockStatement' || method?.type !== 'MethodDefinition' || method.static) {
      return { reason: 'it is assigned inside an expression or a nested function' };
    }
    const cls = method.parent.parent;
    const property = target.property.name;
    field = cls.body.body.find(
      (member): member is TSESTree.PropertyDefinition => member.type === 'PropertyDefinition' && !member.static && !member.computed && member.key.type === 'Identifier' && member.key.name === property,
    );
    if (!field) return { reason: `its class declares no field ${property}` };
    if (field.value) return { reason: `its field ${property} has an initial value as well` };
    assignment = statement;
  } else {
    return { reason: 'it is not a field of a class (Nest injects only into the constructor of a provider)' };
  }
  const cls = field.parent.parent;
  if (field.static || field.computed || field.key.type !== 'Identifier') return { reason: 'its field is static, computed or #private' };
  if (field.decorators.length > 0 || field.declare || field.optional || field.override) {
    return { reason: 'its field has decorators or modifiers that a constructor parameter cannot keep' };
  }
  const name = field.key.name;
  const writes = assignmentsTo(cls, name).filter((write) => write !== assignment);
  if (writes.length > 0) return { reason: `its class assigns this.${name} elsewhere too (line ${writes[0]?.loc.start.line})` };
  return { cls, field, assignment };
}

/** Statements `this.<name> = …` anywhere in the class (nested functions included). */
function assignmentsTo(cls: ClassNode, name: string): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'AssignmentExpression') {
      const target = unwrap(node.left);
      if (target.type === 'MemberExpression' && !target.computed && target.property.type === 'Identifier' && target.property.name === name && unwrap(target.object).type === 'ThisExpression') {
        found.push(node.parent?.type === 'ExpressionStatement' ? node.parent : node);
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || !value || typeof value !== 'object') continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof (item as Node).type === 'string') visit(item as Node);
      }
    }
  };
  visit(cls.body);
  return found;
}

/** Nest manages (and injects into) a class it knows by a decorator of @nestjs/common or of the framework's package. */
function isNestProvider(parsed: ParsedFile, cls: ClassNode, framework: FrameworkModule): boolean {
  const sources = new Set<string>([...nestModule.sources, ...framework.sources]);
  return cls.decorators.some((decorator) => {
    const expression = unwrap(decorator.expression);
    const callee = expression.type === 'CallExpression' ? unwrap(expression.callee) : expression;
    if (callee.type !== 'Identifier') return false;
    const definition = findVariable(parsed.getScope(callee), callee.name)?.defs[0];
    const declaration = definition?.type === 'ImportBinding' ? definition.parent : undefined;
    return declaration?.type === 'ImportDeclaration' && sources.has(declaration.source.value);
  });
}

/** The statement of a call whose value is unused, in a list of statements (`void`/`await` allowed). */
function unusedStatement(call: Node): Node | undefined {
  let current = call;
  while (
    current.parent &&
    (current.parent.type === 'AwaitExpression' || current.parent.type === 'ChainExpression' || (current.parent.type === 'UnaryExpression' && current.parent.operator === 'void'))
  ) {
    current = current.parent;
  }
  const statement = current.parent;
  if (statement?.type !== 'ExpressionStatement') return undefined;
  const list = statement.parent?.type;
  return list === 'BlockStatement' || list === 'Program' || list === 'StaticBlock' || list === 'SwitchCase' ? statement : undefined;
}

function parameterName(param: TSESTree.Parameter): string | undefined {
  const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
  const target = inner.type === 'AssignmentPattern' ? inner.left : inner;
  return target.type === 'Identifier' ? target.name : undefined;
}

/** The field's own annotation, else the class the bot is created from (`Telegraf`, `Telegraf<MyContext>`, `tg.Telegraf`). */
function typeText(parsed: ParsedFile, field: TSESTree.PropertyDefinition, poller: BotCreation): string | undefined {
  const text = parsed.text;
  if (field.typeAnnotation) return text.slice(field.typeAnnotation.typeAnnotation.range[0], field.typeAnnotation.typeAnnotation.range[1]);
  if (poller.node.type !== 'NewExpression') return undefined;
  const callee = unwrap(poller.node.callee);
  const dotted = (node: Node): boolean => node.type === 'Identifier' || (node.type === 'MemberExpression' && !node.computed && dotted(node.object));
  if (!dotted(callee)) return undefined;
  const typeArguments = poller.node.typeArguments;
  return text.slice(callee.range[0], callee.range[1]) + (typeArguments ? text.slice(typeArguments.range[0], typeArguments.range[1]) : '');
}

/** The decorator's local name, and how to import it (a no-op when the file already does). */
function decoratorName(context: InjectionContext, framework: FrameworkModule, injection: FrameworkInjection): { local: string; add: () => void } | undefined {
  const known = context.decoratorNames.get(framework.id);
  if (known) return { local: `@${known}`, add: () => undefined };
  const imports = context.parsed.ast.body.filter(
    (statement): statement is TSESTree.ImportDeclaration =>
      statement.type === 'ImportDeclaration' && statement.importKind !== 'type' && framework.sources.includes(statement.source.value) && !statement.specifiers.some((s) => s.type === 'ImportNamespaceSpecifier'),
  );
  for (const declaration of imports) {
    for (const specifier of declaration.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue;
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      if (imported === injection.decorator) return { local: `@${specifier.local.name}`, add: () => undefined };
    }
  }
  if (context.usedNames.has(injection.decorator)) return undefined;
  const local = injection.decorator;
  return {
    local: `@${local}`,
    add: () => {
      context.usedNames.add(local);
      context.decoratorNames.set(framework.id, local);
      const existing = imports[0];
      if (existing) mergeIntoImport(context, existing, [local]);
      else insertImportLines(context, `import { ${local} } from ${quoted(context, framework.sources[0] as string)}${context.semicolon}${context.eol}`);
    },
  };
}

/** A parameter after the constructor's last one, on a line of its own when they each have one. */
function addParameter(context: InjectionContext, constructor: TSESTree.MethodDefinition, parameter: string): void {
  const text = context.parsed.text;
  const params = constructor.value.params;
  const last = params.at(-1);
  if (!last) {
    context.edits.insert(text.indexOf('(', constructor.key.range[1]) + 1, parameter);
    return;
  }
  const first = params[0] as Node;
  const open = text.lastIndexOf('(', first.range[0]);
  const ownLines = lineStart(text, open) !== lineStart(text, first.range[0]);
  const after = /^\s*,/.exec(text.slice(last.range[1]));
  if (ownLines) {
    const indent = indentAt(text, first.range[0]);
    if (after) context.edits.insert(last.range[1] + after[0].length, `${context.eol}${indent}${parameter},`);
    else context.edits.insert(last.range[1], `,${context.eol}${indent}${parameter}`);
  } else {
    context.edits.insert(last.range[1], `, ${parameter}`);
  }
}

/** Removes a class member; the first member takes the blank line under it along, as it leaves the body's top. */
function removeMember(context: InjectionContext, member: TSESTree.PropertyDefinition): void {
  const text = context.parsed.text;
  const range = statementRemovalRange(text, member.range[0], member.range[1]);
  const first = member.parent.body[0] === member;
  const wholeLines = range.start === lineStart(text, range.start) && /\n$/.test(text.slice(range.start, range.end));
  const blankNext = /^[ \t]*\r?\n/.exec(text.slice(range.end));
  if (!first || !wholeLines || !blankNext) {
    removeStatement(context, member);
    return;
  }
  preserveComments(context, member.range[0], member.range[1], member);
  context.edits.replace(range.start, range.end + blankNext[0].length, '');
}

/** Removes statements; a block they empty entirely (and that holds no comment) becomes `{}`. */
function removeStatements(context: InjectionContext, statements: readonly Node[]): void {
  const byBlock = new Map<Node, Node[]>();
  for (const statement of statements) {
    const block = statement.parent;
    if (block?.type === 'BlockStatement') byBlock.set(block, [...(byBlock.get(block) ?? []), statement]);
    else removeStatement(context, statement);
  }
  for (const [block, removed] of byBlock) {
    const body = (block as TSESTree.BlockStatement).body;
    const comments = (context.parsed.ast.comments ?? []).some((comment) => comment.range[0] > block.range[0] && comment.range[1] < block.range[1]);
    if (!comments && body.every((statement) => removed.includes(statement))) context.edits.replace(block.range[0], block.range[1], '{}');
    else for (const statement of removed) removeStatement(context, statement);
  }
}

/** A module-level `const TOKEN = …` that only the removed creation read. */
function removeUnusedTokenConstant(context: InjectionContext, poller: BotCreation): void {
  const token = poller.tokenNode && unwrap(poller.tokenNode);
  if (token?.type !== 'Identifier') return;
  const variable = findVariable(context.parsed.getScope(token), token.name);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.type !== 'Variable') return;
  const declaration = (definition.node as TSESTree.VariableDeclarator).parent;
  if (declaration.type !== 'VariableDeclaration' || declaration.kind !== 'const' || declaration.declarations.length !== 1 || declaration.parent?.type !== 'Program') return;
  // The creation's read went with the field or the assignment (the edits cover it).
  const reads = survivingReads(context, variable);
  if (reads.values === 0 && reads.types === 0) removeStatement(context, declaration);
}

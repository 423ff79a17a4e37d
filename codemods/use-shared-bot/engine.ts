// Over 400 lines: one rewrite planned as a whole, so each edit sees what the others remove; instance-calls.ts and owner.ts hold what stands apart.
/**
 * use-shared-bot: rewrite duplicate pollers of an owned token into uses of the owner's
 * exported instance. Detection is the shared core's (`analyzeFile`); this file only plans
 * text edits. A site whose token is unknown, or not exactly an owner's, is never touched.
 */

import type { TSESTree } from '@typescript-eslint/utils';

import path from 'node:path';

import { apiLabel } from '../../src/catalogue/libraries.js';
import { unwrap, type Node } from '../../src/core/ast.js';
import { sameApi } from '../../src/core/owner-facts.js';
import { checkSyntax, parseFile, type ParsedFile } from '../../src/core/parse.js';
import { analyzeFile, mentionsBotLibrary, type BotCreation } from '../../src/core/pollers.js';
import { findVariable, type Variable } from '../../src/core/scope.js';
import { describeTokenKey, type TokenGroups } from '../../src/core/token.js';
import {
  editingFile,
  importOf,
  mergeIntoImport,
  mergeIntoPattern,
  quoted,
  requirePatternOf,
  specifierFor,
  type EditingFile,
} from '../../src/core/imports.js';
import { cleanUpLibraryBinding, insertImportLines, preserveComments, removeStatement, survivingReads } from '../../src/core/import-edits.js';
import type { LeftSite as SharedLeftSite } from '../shared/left-site.js';
import { namesInUse, pickName } from '../shared/names.js';
import { callsOnInstance, handlerKey, lifecycleCalls, restartCalls } from './instance-calls.js';
import { canonicalKeys, type OwnerInstance, type ProjectFacts } from './owner.js';

export interface MigrationSettings {
  readonly owners: readonly OwnerInstance[];
  readonly groups: TokenGroups;
  /** What the project model knows of a file's bots (migrate has it; the jscodeshift transform does not). */
  readonly project?: (file: string) => ProjectFacts | undefined;
  /** Leave a file unchanged when its rewrite comes with warnings (lifecycle calls, duplicate handlers). */
  readonly strict?: boolean;
}

/** Why a site stays: the summary counts sites by kind. */
export type LeftKind =
  | 'unknown token'
  | 'different token'
  | 'no owner'
  | 'second poller in owner'
  | 'different library'
  | 'lazy owner'
  | 'owner never polls'
  | 'start call used as a value'
  | 'strict'
  | 'type errors';

/** A polling site the codemod did not change, why, and which kind of why (counted in summaries). */
export interface LeftSite extends SharedLeftSite {
  readonly kind: LeftKind;
}

/** Something a rewrite changes in what the program does, for the user to review. */
export interface MigrationWarning {
  readonly line: number;
  readonly message: string;
}

export interface SourceResult {
  /** The new text, or undefined when the file does not change. */
  readonly output: string | undefined;
  readonly migrated: number;
  /** Lines of the creations replaced. */
  readonly sites: readonly number[];
  readonly left: readonly LeftSite[];
  readonly warnings: readonly MigrationWarning[];
  /** Owners this file now imports that start polling when imported: so does this file now. */
  readonly pollingOwners: readonly string[];
  /** Owner modules this file now imports: an owner gets its new export only when one does. */
  readonly importedOwners: readonly string[];
}

const UNCHANGED: SourceResult = { output: undefined, migrated: 0, sites: [], left: [], warnings: [], pollingOwners: [], importedOwners: [] };

/** Everything known about one file while its edits are planned. */
interface FileContext extends EditingFile {
  readonly usedNames: Set<string>;
  /** Per owner instance: the name this file reaches it by, and specifiers to add. */
  readonly imports: Map<OwnerInstance, PlannedImport>;
  /** Where the first replaced creation starts: a `require` merged into must come before it. */
  firstSite: number;
}

interface PlannedImport {
  /** Local name for shapes that use the instance in an expression (created on demand). */
  shared?: string;
  /** `import { bot as local }` specifiers for removed module-level declarations. */
  readonly declaredLocals: string[];
}

/**
 * One file, owner or not: an owner only ever gets its instance exported (its other pollers
 * are still reported); any other file is migrated. The transform and `migrate` both call this.
 */
export function migrateFile(file: string, source: string, settings: MigrationSettings): SourceResult {
  const result = migrateSource(file, source, settings);
  const owner = settings.owners.find((instance) => instance.file === file);
  if (!owner) return result;
  const exported = settings.owners.find((instance) => instance.file === file && instance.exportedSource !== undefined)?.exportedSource;
  return { output: exported === source ? undefined : exported, migrated: 0, sites: [], left: result.left, warnings: [], pollingOwners: [], importedOwners: [] };
}

export function migrateSource(file: string, source: string, settings: MigrationSettings): SourceResult {
  if (!mentionsBotLibrary(source)) return UNCHANGED;
  const parsed = parseFile(file, source);
  const analysis = analyzeFile(parsed);
  if (analysis.pollers.length === 0) return UNCHANGED;

  const context = createContext(file, parsed);
  const project = settings.project?.(file);
  const left: LeftSite[] = [];
  const migrated: BotCreation[] = [];
  const warnings: MigrationWarning[] = [];
  const owners = new Set<OwnerInstance>();
  for (const poller of analysis.pollers) {
    const line = poller.node.loc.start.line;
    const decision = decide(file, poller, settings, project);
    if (decision.kind === 'skip') continue;
    if (decision.kind === 'leave') {
      left.push({ line, kind: decision.leftKind, reason: decision.reason });
      continue;
    }
    // A restart (after a stop, in an error handler) stays: it now restarts the shared bot, as
    // the warning says; removing it would leave the shared bot stopped.
    const restarts = new Set<Node>(restartCalls(poller));
    const unsafe = unsafeStartCall(poller, restarts);
    if (unsafe) {
      left.push({ line, kind: 'start call used as a value', reason: `its start call on line ${unsafe.loc.start.line} is used as a value; remove it by hand, then run again` });
      continue;
    }
    replaceCreation(context, poller, decision.owner);
    for (const reason of poller.reasons) {
      if (reason.kind !== 'constructor-option' && !restarts.has(reason.node)) removeStatement(context, startStatement(reason.node));
    }
    warnings.push(...behaviourChanges(parsed, analysis.invocations, poller, decision.owner));
    owners.add(decision.owner);
    migrated.push(poller);
  }
  if (migrated.length === 0) return { output: undefined, migrated: 0, sites: [], left, warnings: [], pollingOwners: [], importedOwners: [] };
  const sites = migrated.map((poller) => poller.node.loc.start.line);
  if (settings.strict && warnings.length > 0) {
    // --strict: a rewrite that changes what the program does is left for a human.
    const lines = [...new Set(warnings.map((warning) => warning.line))].sort((a, b) => a - b).join(', ');
    for (const line of sites) left.push({ line, kind: 'strict', reason: `--strict: the rewrite would change what this module does (see lines ${lines}); left as it is` });
    return { output: undefined, migrated: 0, sites: [], left, warnings, pollingOwners: [], importedOwners: [] };
  }
  const pollingOwners = [...owners].filter((owner) => owner.pollsAtImport).map((owner) => owner.file);

  removeDeadBindings(context, migrated);
  addImports(context);
  context.edits.joinRemovals(parsed.text);
  const text = context.edits.apply(parsed.text);
  const output = (parsed.hasBom ? '\uFEFF' : '') + text;
  // Never hand back a file that does not parse.
  checkSyntax(file, output);
  warnings.sort((a, b) => a.line - b.line);
  return { output: output === source ? undefined : output, migrated: migrated.length, sites, left, warnings, pollingOwners: [...new Set(pollingOwners)], importedOwners: [...new Set([...owners].map((owner) => owner.file))] };
}

/**
 * What the program does differently once this poller is the owner's instance: lifecycle calls
 * now stop or reset the shared bot, restarts restart it, and handlers the owner registers too
 * run twice per update.
 */
function behaviourChanges(parsed: ParsedFile, calls: readonly Node[], poller: BotCreation, owner: OwnerInstance): MigrationWarning[] {
  const warnings: MigrationWarning[] = [];
  for (const { call, method, viaClient } of lifecycleCalls(parsed, poller, calls)) {
    warnings.push({
      line: call.loc.start.line,
      message: `calls \`${viaClient ? '….' : ''}${method}()\` on the bot, which is now the shared one: it would ${method === 'removeAllListeners' ? "remove every module's handlers" : 'stop or reset it for every module'}`,
    });
  }
  for (const call of restartCalls(poller)) {
    warnings.push({ line: call.loc.start.line, message: 'restarts polling here (a restart loop): it stays, and now restarts the shared bot for every module' });
  }
  for (const entry of callsOnInstance(parsed, poller, calls)) {
    const key = handlerKey(poller, entry);
    const ownerLine = key && owner.handlers.get(key);
    if (!key || ownerLine === undefined) continue;
    warnings.push({
      line: entry.call.loc.start.line,
      message: `registers \`${key}\` as the owner does (${path.basename(owner.file)}:${ownerLine}): on the shared bot both handlers run, so each update is answered twice`,
    });
  }
  return warnings;
}

type Decision = { kind: 'skip' } | { kind: 'leave'; leftKind: LeftKind; reason: string } | { kind: 'migrate'; owner: OwnerInstance };

function decide(file: string, poller: BotCreation, settings: MigrationSettings, project: ProjectFacts | undefined): Decision {
  // A token this file alone does not tell (a config module's, an env helper's) is the model's.
  const keys = canonicalKeys(poller.tokenKeys.length > 0 ? poller.tokenKeys : (project?.tokenKeysAt(poller) ?? []), settings.groups);
  const label = keys.map(describeTokenKey).join(' | ');
  if (keys.length === 0) return { kind: 'leave', leftKind: 'unknown token', reason: 'its token is unknown, so it may be a different bot' };
  const owner = settings.owners.find((candidate) => sameKeys(candidate.keys, keys));
  if (owner && owner.file === file) {
    if (poller.holder.kind === 'variable' && poller.holder.name === owner.local) return { kind: 'skip' };
    return { kind: 'leave', leftKind: 'second poller in owner', reason: `a second poller of ${label} inside its owner module; merge it by hand` };
  }
  if (owner) return sameKind(poller, owner) ?? { kind: 'migrate', owner };
  const related = settings.owners.find((candidate) => candidate.keys.some((key) => keys.includes(key)));
  if (related) {
    return {
      kind: 'leave',
      leftKind: 'different token',
      reason: `its token (${label}) is not exactly the owner's (${related.tokenLabel}); replacing it could turn one bot into another`,
    };
  }
  return { kind: 'leave', leftKind: 'no owner', reason: `no owner module for token ${label}` };
}

/**
 * The owner's instance may replace this one only when it is the same kind of object (same
 * library and major API), polls (a send-only bot would leave this module's handlers without
 * updates) and exists when the rewritten line runs: a lazily created owner is reached through
 * its getter, or not at all.
 */
function sameKind(poller: BotCreation, owner: OwnerInstance): Decision | undefined {
  const ownerFile = path.basename(owner.file);
  if (!owner.botClasses.every((botClass) => sameApi(botClass, poller.botClass))) {
    const theirs = owner.botClasses.map(apiLabel).join(' / ');
    return {
      kind: 'leave',
      leftKind: 'different library',
      reason: `different library: this is a ${apiLabel(poller.botClass)} bot, the owner's (${ownerFile}) is ${theirs}, another API; move its handlers to the owner's bot, or give it a token of its own`,
    };
  }
  if (owner.neverPolls) {
    return {
      kind: 'leave',
      leftKind: 'owner never polls',
      reason: `the owner's bot (${ownerFile}) never polls: nothing in the project starts it, so this module would stop receiving updates; start the owner's bot (in the owner or the entry point), then run again`,
    };
  }
  if (owner.lazy && !owner.getter) {
    const creator = owner.lazy.creator;
    const create = creator ? `${creator}()` : `${owner.local} = new …`;
    const nonNull = /\.[cm]?tsx?$/.test(owner.file) ? '!' : '';
    const where = creator ? `in ${creator}()` : 'inside a function';
    const getter = `function getBot() { if (!${owner.local}) ${create}; return ${owner.local}${nonNull}; }`;
    const change = owner.esmExports ? `\`export ${getter}\`` : `\`${getter}\` and \`module.exports.getBot = getBot\``;
    return {
      kind: 'leave',
      leftKind: 'lazy owner',
      reason: `owner creates its bot ${where}; export a getter: add ${change} to ${ownerFile} (one that creates the bot when it is missing), then run again`,
    };
  }
  return undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

function createContext(file: string, parsed: ParsedFile): FileContext {
  return {
    ...editingFile(file, parsed),
    usedNames: namesInUse(parsed),
    imports: new Map(),
    firstSite: Number.POSITIVE_INFINITY,
  };
}



/** `bot`, else `sharedBot`, `sharedBot2`, …: never a name the file already uses. */
function freeName(context: FileContext, preferred: string): string {
  const base = /^[A-Za-z_$][\w$]*$/.test(preferred) ? preferred : 'bot';
  const capitalized = base.charAt(0).toUpperCase() + base.slice(1);
  return pickName(context.usedNames, [base, `shared${capitalized}`]);
}

function plannedImport(context: FileContext, owner: OwnerInstance): PlannedImport {
  let planned = context.imports.get(owner);
  if (!planned) context.imports.set(owner, (planned = { declaredLocals: [] }));
  return planned;
}

/** The expression that reaches the shared instance from anywhere in this file. */
function sharedExpression(context: FileContext, owner: OwnerInstance): string {
  const planned = plannedImport(context, owner);
  if (!planned.shared) {
    const preferred = importedName(owner) === 'default' || importedName(owner) === 'module.exports' ? owner.local : importedName(owner);
    planned.shared = freeName(context, context.form === 'import-equals' ? `${preferred}Module` : preferred);
  }
  const reference = context.form === 'import-equals' ? `${planned.shared}.${importedName(owner)}` : planned.shared;
  // A lazily created instance is reached through the owner's getter, which creates it.
  return owner.getter ? `${reference}()` : reference;
}

/** What this file imports from the owner: the instance, or the getter of a lazy owner. */
function importedName(owner: OwnerInstance): string {
  return owner.getter ?? owner.exportName;
}

/**
 * A module-level `const bot = new …` becomes an import under the same name; every other
 * shape (a `let` assigned later, `this.bot = …`, `obj.bot = …`, a function-local bot) takes
 * the shared instance in place of the `new`.
 */
function replaceCreation(context: FileContext, poller: BotCreation, owner: OwnerInstance): void {
  context.firstSite = Math.min(context.firstSite, poller.node.range[0]);
  const declaration = owner.getter ? undefined : moduleLevelDeclaration(context, poller);
  if (declaration && context.form !== 'import-equals') {
    const { statement, declarator, local } = declaration;
    if (context.form === 'cjs') {
      // `const { sendTeamReport } = require('../services/telegramBot')` above: add to it, as
      // the ESM path merges into an existing import, instead of a second require.
      const destructurable = owner.exportName !== 'module.exports' && owner.exportName !== 'default';
      const existing = destructurable ? requirePatternOf(context, owner.file, statement.range[0]) : undefined;
      if (existing) {
        mergeIntoPattern(context, existing, owner.exportName === local ? local : `${owner.exportName}: ${local}`);
        removeStatement(context, statement);
        return;
      }
      preserveComments(context, statement.range[0], statement.range[1], statement);
      const pattern = owner.exportName === 'module.exports' ? local : owner.exportName === local ? `{ ${local} }` : `{ ${owner.exportName}: ${local} }`;
      const kind = declarator.parent.type === 'VariableDeclaration' ? declarator.parent.kind : 'const';
      context.edits.replace(statement.range[0], statement.range[1], `${kind} ${pattern} = require(${quoted(context, specifierFor(context, owner.file))})${context.semicolon}`);
      return;
    }
    plannedImport(context, owner).declaredLocals.push(local);
    context.usedNames.add(local);
    // removeStatement keeps the comments itself: preserving them here as well printed them twice.
    if (statement.type === 'ExportNamedDeclaration') {
      preserveComments(context, statement.range[0], statement.range[1], statement);
      context.edits.replace(statement.range[0], statement.range[1], `export { ${local} }${context.semicolon}`);
    } else {
      removeStatement(context, statement);
    }
    return;
  }
  preserveComments(context, poller.node.range[0], poller.node.range[1], enclosingStatement(poller.node));
  context.edits.replace(poller.node.range[0], poller.node.range[1], sharedExpression(context, owner));
}

interface ModuleDeclaration {
  readonly statement: TSESTree.VariableDeclaration | TSESTree.ExportNamedDeclaration;
  readonly declarator: TSESTree.VariableDeclarator;
  readonly local: string;
}

/** `[export] const bot = new Lib(…)` alone at module level, never reassigned. */
function moduleLevelDeclaration(context: FileContext, poller: BotCreation): ModuleDeclaration | undefined {
  const declarator = poller.node.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
  if (unwrap(declarator.init) !== poller.node) return undefined;
  const declaration = declarator.parent;
  if (declaration.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.declare) return undefined;
  const statement = declaration.parent?.type === 'ExportNamedDeclaration' ? declaration.parent : declaration;
  if (statement.parent?.type !== 'Program') return undefined;
  const variable = findVariable(context.parsed.getScope(declarator.id), declarator.id.name);
  // An import binding cannot be reassigned.
  if (!variable || variable.references.some((reference) => reference.isWrite() && reference.identifier !== declarator.id)) return undefined;
  return { statement, declarator, local: declarator.id.name };
}

function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && !isStatementList(current.parent)) current = current.parent;
  return current;
}

function isStatementList(node: Node): boolean {
  return node.type === 'Program' || node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'SwitchCase' || node.type === 'TSModuleBlock';
}

/**
 * What goes with a start call whose value is unused: its statement, and an `if` without
 * `else` whose test has no side effects when the call was all it did. A human would not keep
 * `if (require.main === module) {}`, and `if (dev) bot.launch();` is as safe to drop.
 */
function startStatement(call: TSESTree.CallExpression): Node {
  let target: Node = safeStartStatement(call) as TSESTree.ExpressionStatement;
  for (;;) {
    const parent: Node | undefined = target.parent;
    const block: TSESTree.BlockStatement | undefined = parent?.type === 'BlockStatement' && parent.body.length === 1 ? parent : undefined;
    const candidate: Node | undefined = block ? block.parent : parent;
    const inner: Node = block ?? target;
    if (candidate?.type !== 'IfStatement' || candidate.consequent !== inner || candidate.alternate || !isPure(candidate.test)) break;
    if (!candidate.parent || !isStatementList(candidate.parent)) break;
    target = candidate;
  }
  return target;
}

/** An expression that reads and compares only: removing it cannot drop a side effect. */
function isPure(node: Node): boolean {
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
    case 'ThisExpression':
      return true;
    case 'MemberExpression':
      return isPure(node.object) && (!node.computed || isPure(node.property));
    case 'ChainExpression':
    case 'TSNonNullExpression':
    case 'TSAsExpression':
      return isPure(node.expression);
    case 'UnaryExpression':
      return node.operator !== 'delete' && isPure(node.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return isPure(node.left) && isPure(node.right);
    case 'TemplateLiteral':
      return node.expressions.every(isPure);
    default:
      return false;
  }
}

/** The statement of a start call when the call's value is unused and it can go. An `if`
 * without braces and without `else` may hold it too: startStatement then drops the `if`. */
function safeStartStatement(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | undefined {
  let current: Node = call;
  while (
    current.parent &&
    (current.parent.type === 'AwaitExpression' ||
      current.parent.type === 'ChainExpression' ||
      (current.parent.type === 'UnaryExpression' && current.parent.operator === 'void'))
  ) {
    current = current.parent;
  }
  const statement = current.parent;
  if (statement?.type !== 'ExpressionStatement' || !statement.parent) return undefined;
  if (isStatementList(statement.parent)) return statement;
  const holder = statement.parent;
  if (holder.type === 'IfStatement' && holder.consequent === statement && !holder.alternate && isPure(holder.test) && holder.parent && isStatementList(holder.parent)) {
    return statement;
  }
  return undefined;
}

function unsafeStartCall(poller: BotCreation, kept: ReadonlySet<Node>): TSESTree.CallExpression | undefined {
  for (const reason of poller.reasons) {
    if (reason.kind !== 'constructor-option' && !kept.has(reason.node) && !safeStartStatement(reason.node)) return reason.node;
  }
  return undefined;
}



/** Remove the library import and token constant that only the replaced creations used. */
function removeDeadBindings(context: FileContext, migrated: readonly BotCreation[]): void {
  const seen = new Set<Variable>();
  for (const poller of migrated) {
    const callee = unwrap(poller.node.callee);
    const classRef = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
    if (classRef.type === 'Identifier') {
      const variable = findVariable(context.parsed.getScope(classRef), classRef.name);
      if (variable && !seen.has(variable)) {
        seen.add(variable);
        cleanUpLibraryBinding(context, variable);
      }
    }
    // `run(bot)` went with the creation: its `import { run } from '@grammyjs/runner'` is dead too.
    for (const reason of poller.reasons) {
      if (reason.kind !== 'starter-function') continue;
      const starter = unwrap(reason.node.callee);
      const starterRef = starter.type === 'MemberExpression' ? unwrap(starter.object) : starter;
      if (starterRef.type !== 'Identifier') continue;
      const variable = findVariable(context.parsed.getScope(starterRef), starterRef.name);
      if (variable && !seen.has(variable)) {
        seen.add(variable);
        cleanUpLibraryBinding(context, variable);
      }
    }
    const token = poller.tokenNode && unwrap(poller.tokenNode);
    if (token?.type === 'Identifier') {
      const variable = findVariable(context.parsed.getScope(token), token.name);
      if (variable && !seen.has(variable)) {
        seen.add(variable);
        removeUnusedConstant(context, variable);
      }
    }
  }
}




/** A module-level `const TOKEN = …` that nothing reads once the creations are gone. */
function removeUnusedConstant(context: FileContext, variable: Variable): void {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1 || def.type !== 'Variable') return;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const declaration = declarator.parent;
  if (declaration.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.parent?.type !== 'Program') return;
  if (declaration.kind !== 'const') return;
  const { values, types } = survivingReads(context, variable);
  if (values === 0 && types === 0) removeStatement(context, declaration);
}




/** Write the planned imports: merged into an existing import of the owner, or added after the last one. */
function addImports(context: FileContext): void {
  const { eol, semicolon } = context;
  const lines: string[] = [];
  for (const [owner, planned] of context.imports) {
    const specifier = specifierFor(context, owner.file);
    if (context.form === 'import-equals') {
      if (planned.shared) lines.push(`import ${planned.shared} = require(${quoted(context, specifier)})${semicolon}`);
      continue;
    }
    if (context.form === 'cjs') {
      const destructurable = importedName(owner) !== 'module.exports' && importedName(owner) !== 'default';
      const existing = planned.shared && destructurable ? requirePatternOf(context, owner.file, context.firstSite) : undefined;
      if (existing && planned.shared) {
        mergeIntoPattern(context, existing, importedName(owner) === planned.shared ? planned.shared : `${importedName(owner)}: ${planned.shared}`);
      } else if (planned.shared) {
        const pattern = importedName(owner) === 'module.exports' ? planned.shared : importedName(owner) === planned.shared ? `{ ${planned.shared} }` : `{ ${importedName(owner)}: ${planned.shared} }`;
        lines.push(`const ${pattern} = require(${quoted(context, specifier)})${semicolon}`);
      }
      continue;
    }
    const locals = [...planned.declaredLocals, ...(planned.shared ? [planned.shared] : [])];
    const isDefault = importedName(owner) === 'default' || importedName(owner) === 'module.exports';
    const named = locals.map((local) => (importedName(owner) === local ? local : `${isDefault ? 'default' : importedName(owner)} as ${local}`));
    const existing = importOf(context, owner.file);
    if (existing && !isDefault) {
      mergeIntoImport(context, existing, named);
      continue;
    }
    const clause = isDefault && locals.length === 1 ? (locals[0] as string) : `{ ${named.join(', ')} }`;
    lines.push(`import ${clause} from ${quoted(context, specifier)}${semicolon}`);
  }
  if (lines.length === 0) return;
  insertImportLines(context, lines.map((line) => line + eol).join(''));
}






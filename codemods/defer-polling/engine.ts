/**
 * defer-polling: turn a module that starts polling when it is imported into one that creates
 * its bot without polling and exports a `start…()` function, called once from the entry point.
 * The "runs at import" question is the core's (`runsAtImport`); this file plans text edits.
 */
import { findProperty, unwrap, type Node } from '../../src/core/ast.js';
import { runsAtImport, type ImportTimeContext } from '../../src/core/import-time.js';
import { parseFile, type ParsedFile } from '../../src/core/parse.js';
import { analyzeFile, type BotCreation, type PollingReason } from '../../src/core/pollers.js';
import {
  editingFile,
  importOf,
  insertAfterImports,
  mergeIntoImport,
  mergeIntoPattern,
  quoted,
  requirePatternOf,
  specifierFor,
} from '../shared/imports.js';
import { namesInUse, pickName } from '../shared/names.js';
import { detectEol, lineStart, TextEdits } from '../shared/text-edits.js';

/** A site the codemod did not change, and why. */
export interface LeftSite {
  readonly line: number;
  readonly reason: string;
}

export interface DeferredModule {
  /** The module's new text, undefined when nothing changes. */
  readonly output: string | undefined;
  /** The start functions this run added (none on a second run: nothing polls at import then). */
  readonly startFunctions: readonly string[];
  readonly left: readonly LeftSite[];
}

interface Plan {
  readonly creation: BotCreation;
  readonly local: string;
  /** Statements to run from the start function, as text. */
  readonly body: string[];
  isAsync: boolean;
}

/** Rewrite one module; see the file comment. */
export function deferModule(file: string, source: string): DeferredModule {
  const parsed = parseFile(file, source);
  const analysis = analyzeFile(parsed);
  const context: ImportTimeContext = { ast: parsed.ast, getScope: parsed.getScope, calls: analysis.invocations };
  const edits = new TextEdits();
  const eol = detectEol(parsed.text);
  const left: LeftSite[] = [];
  const plans = new Map<BotCreation, Plan>();

  for (const poller of analysis.pollers) {
    const atImport = poller.reasons.filter((reason) => runsAtImport(reason.node, context));
    if (atImport.length === 0) continue;
    const line = atImport[0]?.node.loc.start.line ?? poller.node.loc.start.line;
    if (poller.holder.kind !== 'variable' || !isModuleLevel(poller)) {
      left.push({ line, reason: 'the bot is not kept in a module-level variable, so a start function cannot reach it; move it by hand' });
      continue;
    }
    const plan: Plan = { creation: poller, local: poller.holder.name, body: [], isAsync: false };
    let ok = true;
    for (const reason of atImport) {
      const problem = reason.kind === 'constructor-option' ? deferConstructor(parsed, edits, plan, reason.node) : moveStartStatement(parsed, edits, plan, reason);
      if (problem) {
        left.push({ line: reason.node.loc.start.line, reason: problem });
        ok = false;
      }
    }
    if (ok) plans.set(poller, plan);
  }

  const startFunctions: string[] = [];
  if (plans.size > 0) {
    const names = namesInUse(parsed);
    const functions: string[] = [];
    for (const plan of plans.values()) {
      const name = startFunctionName(plan.local, names);
      startFunctions.push(name);
      functions.push(startFunctionText(parsed, plan, name, eol));
    }
    const ending = parsed.text.endsWith('\n') ? '' : eol;
    edits.insert(parsed.text.length, ending + functions.map((text) => eol + text).join(''));
  }
  if (edits.size === 0) return { output: undefined, startFunctions, left };
  const output = (parsed.hasBom ? '\uFEFF' : '') + edits.apply(parsed.text);
  // Never hand back a file that does not parse.
  parseFile(file, output);
  return { output, startFunctions, left };
}

function isModuleLevel(creation: BotCreation): boolean {
  if (creation.holder.kind !== 'variable') return false;
  const scope = creation.holder.variable.scope;
  // CommonJS files get Node's module wrapper: a function scope whose block is the Program.
  return scope.type === 'module' || scope.type === 'global' || scope.block.type === 'Program';
}

/**
 * node-telegram-bot-api: `polling: true` becomes `polling: false`; an object keeps its settings
 * and gets `autoStart: false`. The start function then calls `startPolling()` once.
 */
function deferConstructor(parsed: ParsedFile, edits: TextEdits, plan: Plan, decisive: Node): string | undefined {
  const value = unwrap(decisive);
  const property = decisive.parent;
  if (property?.type !== 'Property' || property.value !== decisive) {
    return 'the polling options are not an object literal here; set `polling: false` by hand and call startPolling() from the entry point';
  }
  if (value.type === 'Literal' && value.value === true) {
    edits.replace(decisive.range[0], decisive.range[1], 'false');
  } else if (value.type === 'ObjectExpression') {
    const autoStart = findProperty(value, 'autoStart');
    if (autoStart) edits.replace(autoStart.value.range[0], autoStart.value.range[1], 'false');
    else edits.insert(value.range[0] + 1, value.properties.length > 0 ? ' autoStart: false,' : ' autoStart: false ');
  } else {
    return '`polling` is not `true` or an object here; set it to `false` by hand and call startPolling() from the entry point';
  }
  plan.body.push(`if (!${plan.local}.isPolling()) {`, `${indentUnit(parsed)}void ${plan.local}.startPolling();`, '}');
  return undefined;
}

/** A module-level start statement (`bot.launch();`, `await bot.start();`, `run(bot);`) moves into the function. */
function moveStartStatement(parsed: ParsedFile, edits: TextEdits, plan: Plan, reason: PollingReason): string | undefined {
  const statement = topLevelStatement(reason.node);
  if (!statement || statement.type !== 'ExpressionStatement') {
    return 'the start call is not a statement of its own at module level (its value is kept); move it by hand';
  }
  if (edits.covers(statement.range[0], statement.range[1])) return undefined;
  const start = leadingCommentsStart(parsed, statement);
  const text = parsed.text.slice(start, statement.range[1]);
  for (const line of text.split(/\r?\n/)) plan.body.push(line);
  if (containsAwait(statement)) plan.isAsync = true;
  const lineBegin = lineStart(parsed.text, start);
  let end = statement.range[1];
  const newline = parsed.text.indexOf('\n', end);
  if (/^[ \t]*\r?$/.test(parsed.text.slice(end, newline === -1 ? parsed.text.length : newline))) end = newline === -1 ? parsed.text.length : newline + 1;
  edits.replace(lineBegin, end, '');
  return undefined;
}

function topLevelStatement(node: Node): Node | undefined {
  let current: Node = node;
  while (current.parent && current.parent.type !== 'Program') current = current.parent;
  return current.parent ? current : undefined;
}

/** Comments directly above a statement (no blank line between) travel with it. */
function leadingCommentsStart(parsed: ParsedFile, statement: Node): number {
  let start = statement.range[0];
  const comments = [...(parsed.ast.comments ?? [])].reverse();
  for (const comment of comments) {
    if (comment.range[1] > start) continue;
    const between = parsed.text.slice(comment.range[1], start);
    if (!/^[ \t]*\r?\n?[ \t]*$/.test(between)) break;
    if (!/^[ \t]*$/.test(parsed.text.slice(lineStart(parsed.text, comment.range[0]), comment.range[0]))) break;
    start = comment.range[0];
  }
  return start;
}

function containsAwait(node: Node): boolean {
  let found = false;
  const visit = (current: unknown): void => {
    if (found || !current || typeof current !== 'object') return;
    const candidate = current as { type?: string };
    if (candidate.type === 'AwaitExpression') {
      found = true;
      return;
    }
    if (candidate.type && /Function/.test(candidate.type)) return;
    for (const [key, value] of Object.entries(current)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && 'type' in value) visit(value);
    }
  };
  visit(node);
  return found;
}

export function startFunctionName(local: string, names: Set<string>): string {
  const capitalized = local.charAt(0).toUpperCase() + local.slice(1);
  return pickName(names, [`start${capitalized}`, `start${capitalized}Polling`]);
}

function startFunctionText(parsed: ParsedFile, plan: Plan, name: string, eol: string): string {
  const indent = indentUnit(parsed);
  const body = plan.body.map((line) => (line.trim() === '' ? '' : indent + line)).join(eol);
  const comment = `// Starts polling. Call it once, from the entry point: importing this module no longer polls.`;
  const keyword = `${plan.isAsync ? 'async ' : ''}function ${name}()`;
  if (parsed.isModule) return `${comment}${eol}export ${keyword} {${eol}${body}${eol}}${eol}`;
  return `${comment}${eol}${keyword} {${eol}${body}${eol}}${eol}module.exports.${name} = ${name};${eol}`;
}

/** Two spaces unless the file indents otherwise. */
function indentUnit(parsed: ParsedFile): string {
  const match = /\n(\t+|[ ]{2,8})\S/.exec(parsed.text);
  if (!match?.[1]) return '  ';
  return match[1].startsWith('\t') ? '\t' : match[1].length >= 4 ? '    ' : '  ';
}

export interface WiredEntry {
  /** The entry's new text, undefined when it already calls every start function. */
  readonly output: string | undefined;
  /** The names the entry calls them by (an alias when the name was taken). */
  readonly calls: readonly string[];
}

/**
 * Import each start function into the entry file (merged into an existing import of the
 * module, in the entry's own import style) and call it once, at the end of the file.
 */
export function wireEntry(entryFile: string, entrySource: string, moduleFile: string, startFunctions: readonly string[]): WiredEntry {
  if (startFunctions.length === 0) return { output: undefined, calls: [] };
  const parsed = parseFile(entryFile, entrySource);
  const context = editingFile(entryFile, parsed);
  const names = namesInUse(parsed);
  const locals = startFunctions.map((name) => pickName(names, [name, `${name}FromModule`]));
  const specifiers = startFunctions.map((name, index) => (name === locals[index] ? name : `${name} as ${locals[index]}`));
  if (context.form === 'cjs') {
    const pattern = requirePatternOf(context, moduleFile, Number.POSITIVE_INFINITY);
    const properties = startFunctions.map((name, index) => (name === locals[index] ? name : `${name}: ${locals[index]}`));
    if (pattern) for (const property of properties) mergeIntoPattern(context, pattern, property);
    else insertAfterImports(context, `const { ${properties.join(', ')} } = require(${quoted(context, specifierFor(context, moduleFile))})${context.semicolon}${context.eol}`);
  } else {
    const existing = importOf(context, moduleFile);
    if (existing) mergeIntoImport(context, existing, specifiers);
    else insertAfterImports(context, `import { ${specifiers.join(', ')} } from ${quoted(context, specifierFor(context, moduleFile))}${context.semicolon}${context.eol}`);
  }
  const ending = parsed.text.endsWith('\n') || parsed.text.length === 0 ? '' : context.eol;
  const comment = '// Start polling once, here in the entry point (not when a module is imported).';
  context.edits.insert(parsed.text.length, `${ending}${context.eol}${comment}${context.eol}${locals.map((local) => `${local}()${context.semicolon}${context.eol}`).join('')}`);
  const output = (parsed.hasBom ? '\uFEFF' : '') + context.edits.apply(parsed.text);
  parseFile(entryFile, output);
  return { output, calls: locals };
}

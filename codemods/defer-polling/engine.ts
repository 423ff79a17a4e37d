/**
 * defer-polling: turn a module that starts polling when it is imported into one that creates
 * its bot without polling and exports a `start…()` function, called once from the entry point.
 * The "runs at import" question is the core's (`runsAtImport`); this file plans text edits.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { findProperty, unwrap, type Node } from '../../src/core/ast.js';
import { runsAtImport, type ImportTimeContext } from '../../src/core/import-time.js';
import { checkSyntax, parseFile, type ParsedFile } from '../../src/core/parse.js';
import { analyzeFile, isModuleLevel, type BotCreation, type PollingReason } from '../../src/core/pollers.js';
import {
  detectSemicolon,
  editingFile,
  importOf,
  insertAfterImports,
  mergeIntoImport,
  mergeIntoPattern,
  quoted,
  requirePatternOf,
  specifierFor,
} from '../../src/core/imports.js';
import type { LeftSite } from '../shared/left-site.js';
import { namesInUse, pickName } from '../shared/names.js';
import { detectEol, indentAt, lineStart, statementRemovalRange, TextEdits } from '../../src/core/text-edits.js';

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
    // Check every site before editing any: a bot whose constructor already says
    // `polling: false` while another of its starts is left would simply stop polling.
    const steps: (() => void)[] = [];
    const problems: LeftSite[] = [];
    for (const reason of atImport) {
      const step = reason.kind === 'constructor-option' ? deferConstructor(parsed, edits, plan, reason.node) : moveStartStatement(parsed, edits, plan, reason);
      if (typeof step === 'string') problems.push({ line: reason.node.loc.start.line, reason: step });
      else steps.push(step);
    }
    if (problems.length > 0) {
      left.push(...problems);
      continue;
    }
    for (const step of steps) step();
    plans.set(poller, plan);
  }

  const startFunctions: string[] = [];
  const functions: string[] = [];
  if (plans.size > 0) {
    const names = namesInUse(parsed);
    for (const plan of plans.values()) {
      const name = startFunctionName(plan.local, names);
      startFunctions.push(name);
      functions.push(startFunctionText(parsed, plan, name, eol));
    }
  }
  if (edits.size === 0) return { output: undefined, startFunctions, left };
  // Two moved statements next to each other leave one gap, not two.
  edits.joinRemovals(parsed.text);
  const edited = edits.apply(parsed.text);
  // Appended to the edited text, not planned against the original: when the file's last
  // statement moved (and its last line had no line break) the gap is judged on what is left.
  const output = (parsed.hasBom ? '\uFEFF' : '') + edited + appendedBlock(edited, eol, functions);
  // Never hand back a file that does not parse.
  checkSyntax(file, output);
  return { output, startFunctions, left };
}

/**
 * Blocks to append at the end of a file, each after a blank line: no second blank line when the
 * file already ends with one, and a line break first when its last line has none.
 */
function appendedBlock(text: string, eol: string, blocks: readonly string[]): string {
  if (blocks.length === 0) return '';
  const ending = text.length === 0 || text.endsWith('\n') ? '' : eol;
  const endsBlank = text.length === 0 || /(?:^|\n)[ \t]*\r?\n$/.test(text);
  return ending + blocks.map((block, index) => (index === 0 && endsBlank ? '' : eol) + block).join('');
}

/**
 * A constructor that polls (node-telegram-bot-api's `polling: true`) is told not to, in the
 * catalogue's terms: `true` becomes `false`; an object keeps its settings and gets the
 * auto-start key set to `false`. The start function then starts it once, unless it polls already.
 * Returns why the site is left, or the step that edits it.
 */
function deferConstructor(parsed: ParsedFile, edits: TextEdits, plan: Plan, decisive: Node): string | (() => void) {
  const polling = plan.creation.botClass.constructorPolling;
  if (!polling) return 'the constructor starts polling in a way the catalogue cannot defer; move it by hand';
  const value = unwrap(decisive);
  const property = decisive.parent;
  const callLater = `call ${polling.startMethod}() from the entry point`;
  if (property?.type !== 'Property' || property.value !== decisive) {
    return `the polling options are not an object literal here; set \`${polling.key}: false\` by hand and ${callLater}`;
  }
  let edit: () => void;
  if (value.type === 'Literal' && value.value === true) {
    edit = () => edits.replace(decisive.range[0], decisive.range[1], 'false');
  } else if (value.type === 'ObjectExpression') {
    const autoStart = findProperty(value, polling.autoStartKey);
    if (autoStart) edit = () => edits.replace(autoStart.value.range[0], autoStart.value.range[1], 'false');
    else edit = () => insertFirstProperty(parsed, edits, value, `${polling.autoStartKey}: false`);
  } else {
    return `\`${polling.key}\` is not \`true\` or an object here; set it to \`false\` by hand and ${callLater}`;
  }
  return () => {
    edit();
    // Semicolons as the file writes them: a no-semicolon file stays without.
    const start = `void ${plan.local}.${polling.startMethod}()${detectSemicolon(parsed)}`;
    plan.body.push(`if (!${plan.local}.${polling.isPollingMethod}()) {`, `${indentUnit(parsed)}${start}`, '}');
  };
}

/**
 * `property` as the object's first: on the same line in a one-line object, on a line of its
 * own (indented like the next one) when the properties stand one per line.
 */
function insertFirstProperty(parsed: ParsedFile, edits: TextEdits, object: TSESTree.ObjectExpression, property: string): void {
  const first = object.properties[0];
  if (!first) {
    edits.insert(object.range[0] + 1, ` ${property} `);
    return;
  }
  const text = parsed.text;
  const lineOfFirst = lineStart(text, first.range[0]);
  if (lineOfFirst > object.range[0] && /^[ \t]*$/.test(text.slice(lineOfFirst, first.range[0]))) {
    // One property a line: the new one gets a line of its own, so the object keeps its shape.
    edits.insert(lineOfFirst, `${indentAt(text, first.range[0])}${property},${detectEol(text)}`);
    return;
  }
  edits.insert(object.range[0] + 1, ` ${property},`);
}

/**
 * A module-level start statement (`bot.launch();`, `await bot.start();`, `run(bot);`) moves into
 * the function, with the comments directly above it and one after it on its line.
 */
function moveStartStatement(parsed: ParsedFile, edits: TextEdits, plan: Plan, reason: PollingReason): string | (() => void) {
  const statement = topLevelStatement(reason.node);
  if (!statement || statement.type !== 'ExpressionStatement') {
    // "Its value is kept" only where it is: a declaration or an export; anything else is a larger statement.
    return statement && (statement.type === 'VariableDeclaration' || statement.type.startsWith('Export'))
      ? 'the start call is not a statement of its own at module level (its value is kept); move it by hand'
      : 'the start call is inside a larger module-level statement (an `if`, a function called at import, …); move it into a start function by hand';
  }
  return () => {
    if (edits.covers(statement.range[0], statement.range[1])) return;
    const start = leadingCommentsStart(parsed, statement);
    const end = trailingCommentEnd(parsed, statement);
    for (const line of parsed.text.slice(start, end).split(/\r?\n/)) plan.body.push(line);
    if (containsAwait(statement)) plan.isAsync = true;
    // Whole lines go, and of two blank lines around them one stays.
    const range = statementRemovalRange(parsed.text, start, end);
    edits.replace(range.start, range.end, '');
  };
}

/** The end of a comment after the statement on its own line (`bot.launch(); // go`), else the statement's. */
function trailingCommentEnd(parsed: ParsedFile, statement: Node): number {
  const text = parsed.text;
  const lineEndAt = text.indexOf('\n', statement.range[1]);
  const stop = lineEndAt === -1 ? text.length : lineEndAt;
  const comment = (parsed.ast.comments ?? []).find((candidate) => candidate.range[0] >= statement.range[1] && candidate.range[1] <= stop);
  if (!comment || !/^[ \t]*$/.test(text.slice(statement.range[1], comment.range[0]))) return statement.range[1];
  return /^[ \t]*\r?$/.test(text.slice(comment.range[1], stop)) ? comment.range[1] : statement.range[1];
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
  // `module.exports.x = x` ends like the file's other statements, with or without `;`.
  if (parsed.isModule) return `${comment}${eol}export ${keyword} {${eol}${body}${eol}}${eol}`;
  return `${comment}${eol}${keyword} {${eol}${body}${eol}}${eol}module.exports.${name} = ${name}${detectSemicolon(parsed)}${eol}`;
}

/** Two spaces unless the file indents otherwise. */
function indentUnit(parsed: ParsedFile): string {
  const match = /\n(\t+|[ ]{2,8})\S/.exec(parsed.text);
  if (!match?.[1]) return '  ';
  return match[1].startsWith('\t') ? '\t' : match[1].length >= 4 ? '    ' : '  ';
}

const ENTRY_COMMENT = '// Start polling once, here in the entry point (not when a module is imported).';

/** Does the entry end with the block an earlier run added: the comment, then only `start…()` calls? */
function endsWithStartBlock(parsed: ParsedFile): boolean {
  const comment = (parsed.ast.comments ?? []).findLast((candidate) => `//${candidate.value}` === ENTRY_COMMENT);
  if (!comment) return false;
  const after = parsed.ast.body.filter((statement) => statement.range[0] > comment.range[1]);
  if (after.length === 0) return false;
  const isBareCall = (statement: Node) =>
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'CallExpression' &&
    statement.expression.callee.type === 'Identifier' &&
    statement.expression.arguments.length === 0;
  const last = after[after.length - 1] as Node;
  // Nothing but blank space after the last call (a trailing comment would end up above the new call).
  return after.every(isBareCall) && /^;?[ \t]*(?:\r?\n)?$/.test(parsed.text.slice(last.range[1]));
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
  const calls = locals.map((local) => `${local}()${context.semicolon}${context.eol}`).join('');
  if (endsWithStartBlock(parsed)) {
    // A second module wired into the same entry: its call joins the first one's block instead
    // of repeating the comment above a second block.
    const ending = parsed.text.endsWith('\n') ? '' : context.eol;
    context.edits.insert(parsed.text.length, ending + calls);
  } else {
    context.edits.insert(parsed.text.length, appendedBlock(parsed.text, context.eol, [`${ENTRY_COMMENT}${context.eol}${calls}`]));
  }
  const output = (parsed.hasBom ? '\uFEFF' : '') + context.edits.apply(parsed.text);
  checkSyntax(entryFile, output);
  return { output, calls: locals };
}

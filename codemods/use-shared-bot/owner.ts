/**
 * Reading an owner module: which bot it creates (token keys, through the shared detection
 * core) and the name it exports that instance under. The only change a codemod may make to
 * an owner is to export an instance that is not exported yet.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { BotClass } from '../../src/catalogue/libraries.js';
import { ownerInstanceFacts, type TokenKeysAt } from '../../src/core/owner-facts.js';
import { parseFile, type ParsedFile } from '../../src/core/parse.js';
import { analyzeFile, type BotCreation } from '../../src/core/pollers.js';
import { describeTokenKey, type TokenGroups } from '../../src/core/token.js';
import { detectSemicolon } from '../../src/core/imports.js';
import { handlerRegistrations } from './instance-calls.js';
import { detectEol, TextEdits } from '../../src/core/text-edits.js';

export interface OwnerInstance {
  readonly file: string;
  /** Canonical token keys, sorted. */
  readonly keys: readonly string[];
  /** How the token reads in messages (bot id only for hard-coded tokens). */
  readonly tokenLabel: string;
  /** The module-level variable that holds the instance. */
  readonly local: string;
  /** The export to import: a name, `default`, or `module.exports` for a CommonJS whole-module export. */
  readonly exportName: string;
  /** Whether the owner polls itself, or creates the instance for an entry point to start. */
  readonly polls: boolean;
  /** The project model shows nothing that starts it: a send-only bot, whatever its token. */
  readonly neverPolls: boolean;
  /** The owner starts polling while it is imported: so will every module that imports it. */
  readonly pollsAtImport: boolean;
  /** Library and major API of the instance: only the same class can replace a duplicate. */
  readonly botClasses: readonly BotClass[];
  /** Set when the instance is created by a function (`initTelegramBot()`), not at import. */
  readonly lazy: { readonly creator: string | undefined } | undefined;
  /** The exported getter that creates the instance on first use: a lazy owner is reached through it. */
  readonly getter: string | undefined;
  /** The module already offers the instance (an export of it, or a getter): a candidate when owners are inferred. */
  readonly offered: boolean;
  /** The owner writes `export` (ESM or TypeScript) rather than `module.exports`. */
  readonly esmExports: boolean;
  /** Handler registrations on the instance (`on:message`, `command:start`), with their lines. */
  readonly handlers: ReadonlyMap<string, number>;
  /** The owner's new text when the instance has to be exported first. */
  readonly exportedSource?: string;
}

/**
 * What the project model knows of one file's bots beyond its syntax, so that migrate agrees
 * with the rule and `check` on which bot is which: the token of a bot whose token comes from
 * another module, and whether some code (here or in another module) starts it polling.
 */
export interface ProjectFacts {
  readonly tokenKeysAt: TokenKeysAt;
  readonly startedAnywhere: (creation: BotCreation) => boolean;
}

export class OwnerError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'OwnerError';
  }
}

export function canonicalKeys(keys: readonly string[], groups: TokenGroups): string[] {
  return [...new Set(keys.map((key) => groups.canonical(key)))].sort();
}

/**
 * The bot instances an owner module provides, one per token. `exportName` overrides the
 * export name the module shows (the rule's `owners[].export`); `project` adds what the
 * project model knows (tokens from config modules, starts in other modules).
 */
export function readOwnerModule(file: string, source: string, groups: TokenGroups, exportName?: string, project?: ProjectFacts): OwnerInstance[] {
  const parsed = parseFile(file, source);
  const analysis = analyzeFile(parsed);
  const facts = ownerInstanceFacts(parsed, analysis, project?.tokenKeysAt);
  if (facts.length === 0) {
    throw new OwnerError(file, 'creates no bot instance with a known token in a module-level variable, so there is nothing to share');
  }
  const instances: OwnerInstance[] = [];
  let exportedSource: string | undefined;
  for (const fact of facts) {
    const { local } = fact;
    const keys = canonicalKeys(fact.tokenKeys, groups);
    const shown = fact.exportName;
    let name = exportName && facts.length === 1 ? exportName : shown;
    // A lazily created instance is reached through a getter, never as a variable: nothing to export.
    if (!name && fact.lazy) {
      name = local;
    } else if (!name) {
      exportedSource = exportInstance(file, parsed, local, exportedSource);
      name = local;
    } else if (exportName && shown && exportName !== shown && facts.length === 1) {
      throw new OwnerError(file, `exports its bot as \`${shown}\`, not \`${exportName}\``);
    }
    const polls = fact.creations.some((creation) => creation.reasons.length > 0 || project?.startedAnywhere(creation) === true);
    instances.push({
      file,
      keys,
      tokenLabel: keys.map(describeTokenKey).join(' | '),
      local,
      exportName: name,
      polls,
      // Without the project (the jscodeshift transform) an entry point may start it unseen.
      neverPolls: project !== undefined && !polls,
      pollsAtImport: fact.pollsAtImport,
      botClasses: fact.botClasses,
      lazy: fact.lazy,
      getter: fact.getter,
      esmExports: parsed.isModule || parsed.isTypeScript,
      offered: shown !== undefined || fact.getter !== undefined,
      handlers: handlerRegistrations(parsed, fact.creations, analysis.invocations),
      ...(exportedSource === undefined ? {} : { exportedSource }),
    });
  }
  return instances;
}

/** Export a module-level instance: `export` before an ESM declaration, or a CommonJS export line. */
function exportInstance(file: string, parsed: ParsedFile, local: string, previous: string | undefined): string {
  if (previous !== undefined) throw new OwnerError(file, 'exports more than one new instance; export them by hand first');
  const edits = new TextEdits();
  const declaration = parsed.ast.body.find(
    (statement): statement is TSESTree.VariableDeclaration =>
      statement.type === 'VariableDeclaration' && statement.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === local),
  );
  if (parsed.isModule && declaration && declaration.declarations.length === 1) {
    edits.insert(declaration.range[0], 'export ');
  } else if (!parsed.isModule) {
    // Its own paragraph at the end, in the file's semicolon style, as a human would add it.
    const eol = detectEol(parsed.text);
    const ending = /\n[ \t]*\r?\n$/.test(parsed.text) ? '' : parsed.text.endsWith('\n') ? eol : eol + eol;
    edits.insert(parsed.text.length, `${ending}module.exports.${local} = ${local}${detectSemicolon(parsed)}${eol}`);
  } else {
    throw new OwnerError(file, `does not export \`${local}\` and it cannot be exported safely; export it by hand`);
  }
  return (parsed.hasBom ? '\uFEFF' : '') + edits.apply(parsed.text);
}


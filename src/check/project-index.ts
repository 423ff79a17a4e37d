/**
 * The project index: per module, what the check needs to know (its imports, and for modules
 * that name a Telegram library, their pollers and webhook calls). Imports come from a text
 * scan; only files that name a bot library are parsed, so most files cost one read.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, type Node } from '../core/ast.js';
import { mutuallyExclusive } from '../core/branches.js';
import { runsAtImport, type ImportTimeContext } from '../core/import-time.js';
import { parseFile, ParseError, type ParsedFile } from '../core/parse.js';
import { analyzeFile, mentionsBotLibrary } from '../core/pollers.js';
import { collectSourceFiles } from '../project/files.js';
import { readSource } from '../project/read-source.js';
import { createResolver, extractImports } from '../project/module-graph.js';
import { isTestFile } from '../project/test-files.js';

export interface Site {
  readonly file: string;
  readonly line: number;
  /** Raw token keys (env names or bot ids); empty when unknown. */
  readonly keys: readonly string[];
  readonly library: string;
}

export interface PollerSite extends Site {
  readonly id: number;
  /** Polling starts while the module is evaluated. */
  readonly atImport: boolean;
  /** The exported function it sits in, if any (`startBot`), to see whether an importer calls it. */
  readonly inFunction: string | undefined;
  /** Runs only when its module is run directly (behind `require.main === module`). */
  readonly directOnly: boolean;
}

export interface WebhookSite extends Site {
  /** Poller ids in the same file that can never run together with this call. */
  readonly exclusiveWith: readonly number[];
}

export interface ModuleFacts {
  readonly file: string;
  /** Resolved project files it imports (static, dynamic and require), type-only ones left out. */
  readonly imports: readonly string[];
  readonly pollers: readonly PollerSite[];
  readonly webhooks: readonly WebhookSite[];
  /** Its text, kept for the few textual questions the check asks (calls, spawns). */
  readonly text: string;
}

export interface IndexProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ProjectIndex {
  readonly root: string;
  readonly modules: ReadonlyMap<string, ModuleFacts>;
  readonly problems: readonly IndexProblem[];
}

export interface IndexOptions {
  /** Keep test files (`*.test.*`, `*.spec.*`, `__tests__/`, `test/`, `tests/`); default false. */
  readonly includeTests?: boolean;
  readonly paths?: readonly string[];
  /** Called after each file is read (for a progress line). */
  readonly onFile?: (done: number, total: number, file: string) => void;
}

export async function buildProjectIndex(root: string, options: IndexOptions = {}): Promise<ProjectIndex> {
  const collected = await collectSourceFiles(root, options.paths ?? ['.']);
  const resolve = createResolver(root);
  const modules = new Map<string, ModuleFacts>();
  const problems: IndexProblem[] = [];
  let nextId = 0;
  for (const [position, file] of collected.files.entries()) {
    options.onFile?.(position + 1, collected.files.length, file);
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (!options.includeTests && isTestFile(relative)) continue;
    // A synchronous read: one `await readFile` after another left the process idle between
    // files (1.3 s of 2.1 s at 5,000 files). Binary, non-UTF-8 and oversized files are named
    // and skipped when they mention a bot library, passed over silently otherwise.
    const read = readSource(file);
    if ('problem' in read) {
      if (read.lenient === undefined || mentionsBotLibrary(read.lenient)) problems.push({ file, line: 0, message: read.problem });
      continue;
    }
    const text = read.text;
    const imports = extractImports(text)
      .filter((item) => !item.typeOnly)
      .map((item) => resolve(file, item.specifier))
      .filter((target): target is string => target !== undefined);
    let pollers: PollerSite[] = [];
    let webhooks: WebhookSite[] = [];
    if (mentionsBotLibrary(text)) {
      try {
        const facts = botFacts(file, parseFile(file, text), () => nextId++);
        pollers = facts.pollers;
        webhooks = facts.webhooks;
      } catch (error) {
        // One file that cannot be analysed is named; the audit goes on.
        if (error instanceof ParseError) problems.push({ file, line: error.line, message: error.reason });
        else problems.push({ file, line: 0, message: `could not be analysed: ${(error as Error).message}` });
      }
    }
    modules.set(file, { file, imports: [...new Set(imports)], pollers, webhooks, text });
  }
  return { root, modules, problems };
}

function botFacts(file: string, parsed: ParsedFile, newId: () => number): { pollers: PollerSite[]; webhooks: WebhookSite[] } {
  const analysis = analyzeFile(parsed);
  const context: ImportTimeContext = { ast: parsed.ast, getScope: parsed.getScope, calls: analysis.invocations };
  const pollers: PollerSite[] = [];
  // What starts each poller: a webhook call that can never run with any of them is no conflict.
  const starts = new Map<number, Node[]>();
  for (const creation of analysis.pollers) {
    const atImport = creation.reasons.some((reason) => runsAtImport(reason.node, context));
    const whenRunDirectly = creation.reasons.some((reason) => runsAtImport(reason.node, { ...context, runDirectly: true }));
    const first = creation.reasons[0]?.node ?? creation.node;
    const id = newId();
    starts.set(id, creation.reasons.map((reason) => reason.node));
    pollers.push({
      id,
      file,
      line: creation.node.loc.start.line,
      keys: creation.tokenKeys,
      library: creation.botClass.library,
      atImport,
      inFunction: atImport || whenRunDirectly ? undefined : functionAround(first),
      directOnly: !atImport && whenRunDirectly,
    });
  }
  const webhooks: WebhookSite[] = [];
  for (const creation of analysis.creations) {
    for (const call of creation.webhooks) {
      webhooks.push({
        file,
        line: call.loc.start.line,
        keys: creation.tokenKeys,
        library: creation.botClass.library,
        exclusiveWith: [...starts].filter(([, nodes]) => nodes.every((node) => mutuallyExclusive(call, node))).map(([id]) => id),
      });
    }
  }
  return { pollers, webhooks };
}

/** The name of the outermost named function (or method) around a node. */
function functionAround(node: Node): string | undefined {
  let name: string | undefined;
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    if (current.type === 'FunctionDeclaration' && current.id) name = current.id.name;
    else if (current.parent?.type === 'VariableDeclarator' && current.parent.id.type === 'Identifier') name = current.parent.id.name;
    else if (current.parent?.type === 'MethodDefinition' || current.parent?.type === 'Property') {
      const key = (current.parent as TSESTree.MethodDefinition | TSESTree.Property).key;
      if (key.type === 'Identifier') name = key.name;
    }
  }
  return name;
}

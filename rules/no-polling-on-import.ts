/**
 * no-polling-on-import: a module that is meant to be imported (it exports something) must not
 * start polling while it is evaluated. Every importer (a script, a worker, a child process, a
 * hot reload, a test) would start another getUpdates poller, and the second one gets 409.
 */
import { deferredStartCall, startMethodCall, starterCall, type BotClass } from '../src/catalogue/libraries.js';
import { compiledOncePerRun, createRule } from '../src/create-rule.js';
import { unwrap, type Node } from '../src/core/ast.js';
import { compileFilePattern, type FilePattern } from '../src/core/file-patterns.js';
import { exportsSomething, runsAtImport, type ImportTimeContext } from '../src/core/import-time.js';
import { lintedFilePath } from '../src/core/paths.js';
import { analyzeFile, matchingStart, mentionsBotLibrary, starterCallOf, type PollingReason } from '../src/core/pollers.js';
import type { GetScope } from '../src/core/scope.js';
import { describeTokenKey } from '../src/core/token.js';
import { LiveFile, projectModelFor } from '../src/project/live.js';

export interface NoPollingOnImportOptions {
  entries?: string[];
}

export type MessageIds = 'pollingOnImport';
export type Options = [NoPollingOnImportOptions];

export const noPollingOnImport = createRule<Options, MessageIds>({
  name: 'no-polling-on-import',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting Telegram polling while a module that exports something is imported',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          entries: {
            type: 'array',
            description: 'Entry scripts (globs, absolute or relative to ESLint\'s cwd) that may start polling at top level.',
            items: { type: 'string', minLength: 1 },
          },
        },
      },
    ],
    messages: {
      pollingOnImport:
        'Importing this module starts polling {{bot}}: every script, worker or test that imports it starts another getUpdates poller, and the second one gets 409 Conflict. Create the bot without polling here and {{fix}} from the entry point.',
    },
    defaultOptions: [{ entries: [] }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const file = lintedFilePath(context.cwd, context.physicalFilename);
    const mentions = mentionsBotLibrary(sourceCode.text);
    // A module that names no bot library polls at import only through one it imports.
    const model = projectModelFor(file);
    if (!mentions && !model.relevant().has(file)) return {};
    return {
      Program(program) {
        // An entry script that exports nothing is where polling belongs.
        if (!exportsSomething(program)) return;
        if (entryPatterns(context, options).some((entry) => entry.matches(file))) return;
        const getScope = (node: Parameters<typeof sourceCode.getScope>[0]) => sourceCode.getScope(node);
        const input = { ast: program, text: sourceCode.text, visitorKeys: sourceCode.visitorKeys, getScope };
        const analysis = analyzeFile(input);
        const reported = new Set<number>();
        const importTime: ImportTimeContext = { ast: program, getScope, calls: analysis.invocations };
        for (const poller of analysis.pollers) {
          for (const reason of poller.reasons) {
            if (!runsAtImport(reason.node, importTime)) continue;
            reported.add(reason.node.range[0]);
            context.report({ node: reason.node, messageId: 'pollingOnImport', data: { bot: botDescription(poller.tokenKeys), fix: fixFor(reason, poller.botClass) ?? FALLBACK_FIX } });
          }
        }
        // A bot made in another module and started here at import (`bot.launch()` on an import).
        for (const event of new LiveFile(model, file, input).startsAtImport()) {
          if (reported.has(event.site.start) || event.instance.file === file) continue;
          reported.add(event.site.start);
          context.report({
            loc: { start: sourceCode.getLocFromIndex(event.site.start), end: sourceCode.getLocFromIndex(event.site.end) },
            messageId: 'pollingOnImport',
            data: { bot: botDescription(event.instance.tokenKeys), fix: fixAt(sourceCode.getNodeByRangeIndex(event.site.start), event.site.end, event.instance.botClass, getScope) ?? FALLBACK_FIX },
          });
        }
      },
    };
  },
});

function botDescription(tokenKeys: readonly string[]): string {
  return tokenKeys.length > 0 ? `the bot of ${tokenKeys.map(describeTokenKey).join(' | ')}` : 'a Telegram bot';
}

const entryPatterns = compiledOncePerRun((options: NoPollingOnImportOptions, cwd): FilePattern[] => (options.entries ?? []).map((entry) => compileFilePattern(entry, cwd)));

/** What to call from the entry point instead, in the library's own words (the catalogue's). */
function fixFor(reason: PollingReason, botClass: BotClass): string | undefined {
  switch (reason.kind) {
    case 'constructor-option': {
      const polling = botClass.constructorPolling;
      return polling && `call \`${deferredStartCall(polling)}\` (with \`${polling.key}: false\` here)`;
    }
    case 'starter-function':
      return `call \`${starterCall(reason.starter, reason.throughMember)}\``;
    case 'start-method':
      return `call \`${startMethodCall(reason.start.path)}\``;
  }
}

/** Only for a start the catalogue cannot name again at its site. */
const FALLBACK_FIX = 'start it';

/**
 * The same advice for a start of a bot made in another module, read at the start's site in
 * this file: the call (or `new`) that spans the site, from `start` up to `end`.
 */
function fixAt(found: Node | null, end: number, botClass: BotClass, getScope: GetScope): string | undefined {
  let node = found;
  while (node && node.range[1] < end) node = node.parent ?? null;
  if (node?.type === 'NewExpression') return fixFor({ kind: 'constructor-option', node }, botClass);
  if (node?.type !== 'CallExpression') return undefined;
  const starter = starterCallOf(node, getScope);
  if (starter) return fixFor(starter, botClass);
  const callee = unwrap(node.callee);
  const start = callee.type === 'MemberExpression' ? matchingStart(botClass, callee) : undefined;
  return start && fixFor({ kind: 'start-method', node, start }, botClass);
}

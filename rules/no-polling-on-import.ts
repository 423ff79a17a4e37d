/**
 * no-polling-on-import: a module that is meant to be imported (it exports something) must not
 * start polling while it is evaluated. Every importer (a script, a worker, a child process, a
 * hot reload, a test) would start another getUpdates poller, and the second one gets 409.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import type { BotClass } from '../src/catalogue/libraries.js';
import { createRule } from '../src/create-rule.js';
import { memberName, unwrap } from '../src/core/ast.js';
import { compileFilePattern, type FilePattern } from '../src/core/file-patterns.js';
import { exportsSomething, runsAtImport, type ImportTimeContext } from '../src/core/import-time.js';
import { analyzeFile, mentionsBotLibrary, type PollingReason } from '../src/core/pollers.js';
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
    const file = path.resolve(context.cwd, context.physicalFilename);
    const mentions = mentionsBotLibrary(sourceCode.text);
    // A module that names no bot library polls at import only through one it imports.
    const model = projectModelFor(file);
    if (!mentions && !model.relevant().has(file)) return {};
    return {
      Program(program) {
        // An entry script that exports nothing is where polling belongs.
        if (!exportsSomething(program)) return;
        if (entryPatterns(context.options[0] ?? NO_OPTIONS, options, context.cwd).some((entry) => entry.matches(file))) return;
        const getScope = (node: Parameters<typeof sourceCode.getScope>[0]) => sourceCode.getScope(node);
        const input = { ast: program, text: sourceCode.text, visitorKeys: sourceCode.visitorKeys, getScope };
        const analysis = analyzeFile(input);
        const reported = new Set<number>();
        const importTime: ImportTimeContext = { ast: program, getScope, calls: analysis.invocations };
        for (const poller of analysis.pollers) {
          for (const reason of poller.reasons) {
            if (!runsAtImport(reason.node, importTime)) continue;
            reported.add(reason.node.range[0]);
            context.report({ node: reason.node, messageId: 'pollingOnImport', data: { bot: botDescription(poller.tokenKeys), fix: fixFor(reason, poller.botClass) } });
          }
        }
        // A bot made in another module and started here at import (`bot.launch()` on an import).
        for (const event of new LiveFile(model, file, input).startsAtImport()) {
          if (reported.has(event.site.start) || event.instance.file === file) continue;
          reported.add(event.site.start);
          context.report({
            loc: { start: sourceCode.getLocFromIndex(event.site.start), end: sourceCode.getLocFromIndex(event.site.end) },
            messageId: 'pollingOnImport',
            data: { bot: botDescription(event.instance.tokenKeys), fix: event.how === 'polling option' ? 'call `bot.startPolling()` (with `polling: false` here)' : `call \`${event.how.startsWith('run') || event.how.startsWith('longPoll') ? `${event.how.slice(0, -2)}(bot)` : `bot.${event.how}`}\`` },
          });
        }
      },
    };
  },
});

function botDescription(tokenKeys: readonly string[]): string {
  return tokenKeys.length > 0 ? `the bot of ${tokenKeys.map(describeTokenKey).join(' | ')}` : 'a Telegram bot';
}

// Perf: keyed by the user's raw options object (shared by every file of a run), not by the
// defaults-applied copy typescript-eslint's RuleCreator makes per file, so the entry globs are
// compiled once per run instead of once per file.
const patternCache = new WeakMap<object, Map<string, FilePattern[]>>();
const NO_OPTIONS = {};

function entryPatterns(key: object, options: NoPollingOnImportOptions, cwd: string): FilePattern[] {
  let byCwd = patternCache.get(key);
  if (!byCwd) patternCache.set(key, (byCwd = new Map()));
  let patterns = byCwd.get(cwd);
  if (!patterns) byCwd.set(cwd, (patterns = (options.entries ?? []).map((entry) => compileFilePattern(entry, cwd))));
  return patterns;
}

/** What to move to the entry point, in the library's own words. */
function fixFor(reason: PollingReason, botClass: BotClass): string {
  if (reason.kind === 'constructor-option') return 'call `bot.startPolling()` (with `polling: false` here)';
  if (reason.kind === 'starter-function') return 'call `run(bot)`';
  return `call \`bot.${startPathOf(reason.node, botClass) ?? reason.method}()\``;
}

/**
 * The longest start path of the class that the call's callee ends with. `reason.method` is the
 * first catalogue path that matches, so puregram 2.x `telegram.updates.startPolling()` came out
 * as `bot.startPolling()` (3.x's path, also a suffix of the callee), which 2.x does not have.
 */
function startPathOf(call: TSESTree.CallExpression, botClass: BotClass): string | undefined {
  const names: string[] = [];
  for (let current = unwrap(call.callee); current.type === 'MemberExpression'; current = unwrap(current.object)) {
    const name = memberName(current);
    if (name === undefined) break;
    names.unshift(name);
  }
  const matching = botClass.startMethods
    .map((start) => start.path)
    .filter((start) => start.length <= names.length && start.every((name, i) => names[names.length - start.length + i] === name));
  const longest = matching.sort((a, b) => b.length - a.length)[0];
  return longest?.join('.');
}

/**
 * `eslint-plugin-telegram-bot defer-polling <module> --entry <file>`: a module that polls when
 * it is imported creates its bot without polling and exports `start…()`; the entry calls it.
 * Exit codes: 0 done (or nothing to do), 1 a file could not be read or parsed, 2 usage or refusal.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

import { deferModule, wireEntry, type LeftSite } from '../../codemods/defer-polling/engine.js';
import { ParseError } from '../core/parse.js';
import { argumentsOrExit } from './args.js';
import { applyChanges, dirtyTreeRefusal, relativeTo, type FileChange } from './changes.js';
import type { Io } from './io.js';
import { createColors, shouldUseColor } from './output.js';
import { readSource } from '../project/read-source.js';
import { redactSecrets } from './redact.js';

export const DEFER_POLLING_USAGE = `Usage: eslint-plugin-telegram-bot defer-polling <module> --entry <file> [options]

Make a module that starts Telegram polling when it is imported create its bot without
polling and export a start function instead; the entry file imports and calls it once.

Options:
  --entry <file>   The entry point that starts polling (required)
  --dry            Change nothing; print the diff
  --json           Print a machine-readable summary
  --force          Write even when the git work tree has uncommitted changes
  -h, --help       Show this help

Exit codes: 0 done or nothing to do, 1 a file could not be parsed, 2 usage error or refusal.
`;

interface Summary {
  module: string;
  entry: string;
  startFunctions: string[];
  changed: string[];
  left: { file: string; line: number; reason: string }[];
  failed: { file: string; line: number; message: string }[];
}

export async function runDeferPolling(argv: readonly string[], io: Io, cwd: string): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`${message}\n\n${DEFER_POLLING_USAGE}`);
    return 2;
  };
  const args = argumentsOrExit('defer-polling', argv, ['dry', 'json', 'force', 'help', 'entry'], DEFER_POLLING_USAGE, io);
  if (typeof args === 'number') return args;
  if (args.paths.length !== 1) return usage('defer-polling: give exactly one module that polls when it is imported');
  if (!args.entry) return usage("defer-polling: option '--entry <file>' is required: the entry point that will start polling");

  const print = (text: string) => io.stdout(redactSecrets(text));
  const fail = (message: string) => {
    io.stderr(redactSecrets(`eslint-plugin-telegram-bot defer-polling: ${message}\n`));
    return 2;
  };
  const relative = relativeTo(cwd);
  const moduleFile = path.resolve(cwd, args.paths[0] as string);
  const entryFile = path.resolve(cwd, args.entry);
  if (moduleFile === entryFile) return fail('the module and the entry are the same file; an entry script may poll at top level');
  const root = await realpath(cwd).catch(() => path.resolve(cwd));
  const sources = new Map<string, string>();
  const unreadable: Summary['failed'] = [];
  for (const [label, file] of [['module', moduleFile], ['entry', entryFile]] as const) {
    let real: string;
    try {
      real = await realpath(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(code === 'ELOOP' ? `${label} is a symlink loop: ${relative(file)}` : `${label} not found: ${relative(file)}`);
    }
    // Never read or write outside the project, also not through a symlink.
    if (!isInside(root, real)) return fail(`${label} is outside the project (${root}): ${relative(file)}`);
    const read = readSource(file);
    if ('problem' in read) unreadable.push({ file: relative(file), line: 0, message: read.problem });
    else sources.set(file, read.text);
  }
  if (!args.dry && !args.force && unreadable.length === 0) {
    const refusal = await dirtyTreeRefusal(cwd);
    if (refusal) return fail(refusal);
  }

  const summary: Summary = { module: relative(moduleFile), entry: relative(entryFile), startFunctions: [], changed: [], left: [], failed: [...unreadable] };
  const changes: FileChange[] = [];
  if (unreadable.length === 0) try {
    const deferred = deferModule(moduleFile, sources.get(moduleFile) as string);
    summary.left.push(...deferred.left.map((site: LeftSite) => ({ file: relative(moduleFile), ...site })));
    summary.startFunctions.push(...deferred.startFunctions);
    if (deferred.output !== undefined) changes.push({ file: moduleFile, before: sources.get(moduleFile) as string, after: deferred.output });
    const entryBefore = sources.get(entryFile) as string;
    const wired = wireEntry(entryFile, entryBefore, moduleFile, deferred.startFunctions);
    if (wired.output !== undefined) changes.push({ file: entryFile, before: entryBefore, after: wired.output });
  } catch (error) {
    if (error instanceof ParseError) summary.failed.push({ file: relative(error.file), line: error.line, message: error.reason });
    // Anything else one file makes the engine throw (a stack overflow on deep nesting): that file fails, nothing is written.
    else summary.failed.push({ file: summary.module, line: 0, message: `could not be transformed: ${(error as Error).message}` });
  }
  summary.changed.push(...changes.map((change) => relative(change.file)));
  // Both files or neither: a module without its caller (or the reverse) would stop the bot.
  if (summary.failed.length === 0) await applyChanges(changes, args, relative, print);

  if (args.json) print(`${JSON.stringify({ dry: args.dry, ...summary }, null, 2)}\n`);
  else print(humanSummary(summary, args.dry, createColors(shouldUseColor({ isTTY: io.isTTY }))));
  return summary.failed.length > 0 ? 1 : 0;
}

function humanSummary(summary: Summary, dry: boolean, colors: ReturnType<typeof createColors>): string {
  const lines: string[] = [];
  for (const file of summary.changed) lines.push(`${colors.green(dry ? 'would change' : 'changed')}  ${file}`);
  for (const site of summary.left) lines.push(`${colors.yellow('left')}     ${site.file}:${site.line}  ${site.reason}`);
  for (const failure of summary.failed) lines.push(`${colors.red('failed')}   ${failure.file}${failure.line ? `:${failure.line}` : ''}  ${failure.message}`);
  if (summary.startFunctions.length > 0) {
    lines.push(`${summary.module} now exports ${summary.startFunctions.map((name) => `${name}()`).join(', ')}; ${summary.entry} calls it once.`);
  } else if (summary.failed.length === 0 && summary.left.length === 0) {
    lines.push(`${summary.module} does not start polling when it is imported: nothing to do.`);
  }
  if (dry) lines.push('Dry run: nothing was written.');
  return `${lines.join('\n')}\n`;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

/**
 * `eslint-plugin-telegram-bot defer-polling <module> --entry <file>`: a module that polls when
 * it is imported creates its bot without polling and exports `start…()`; the entry calls it.
 * Exit codes: 0 done (or nothing to do), 1 a file could not be read or parsed, 2 usage or refusal.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

import { deferModule, wireEntry } from '../../codemods/defer-polling/engine.js';
import type { LeftSite } from '../../codemods/shared/left-site.js';
import { ParseError } from '../core/parse.js';
import { isInside } from '../core/paths.js';
import { argumentsOrExit } from './args.js';
import { applyChanges, dirtyTreeRefusal, recoveryLines, relativeTo, unwrittenFiles, unwrittenLines, type FileChange, type WriteReport } from './changes.js';
import type { Io } from './io.js';
import { createColors, shouldUseColor, shownName } from './output.js';
import { readSource } from '../project/read-source.js';
import { recoverInterruptedRun, type Recovery, type TransactionHooks } from './transaction.js';

export const DEFER_POLLING_USAGE = `Usage: eslint-plugin-telegram-bot defer-polling <module> --entry <file> [options]

Make a module that starts Telegram polling when it is imported create its bot without
polling and export a start function instead; the entry file imports and calls it once.

Options:
  --entry <file>   The entry point that starts polling (required)
  --dry            Change nothing; print the diff
  --json           Print a machine-readable summary
  --force          Write even when the git work tree has uncommitted changes
  -h, --help       Show this help

Both files are written or neither is (a module that stops polling without the call that
starts it would stop the bot); the next run undoes what a killed run left half-done.

Exit codes: 0 done or nothing to do, 1 a file could not be parsed, 2 usage error, refusal,
or a write that failed (then nothing was changed).
`;

interface Summary {
  module: string;
  entry: string;
  startFunctions: string[];
  changed: string[];
  left: { file: string; line: number; reason: string }[];
  failed: { file: string; line: number; message: string }[];
  /** When the write was refused or failed: what happened to each file (neither was changed). */
  notWritten: WriteReport[];
  recovered?: Recovery;
}

export async function runDeferPolling(argv: readonly string[], io: Io, cwd: string, hooks?: TransactionHooks): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`${message}\n\n${DEFER_POLLING_USAGE}`);
    return 2;
  };
  const args = argumentsOrExit('defer-polling', argv, ['dry', 'json', 'force', 'help', 'entry'], DEFER_POLLING_USAGE, io);
  if (typeof args === 'number') return args;
  if (args.paths.length !== 1) return usage('defer-polling: give exactly one module that polls when it is imported');
  if (!args.entry) return usage("defer-polling: option '--entry <file>' is required: the entry point that will start polling");

  const print = (text: string) => io.stdout(text);
  const fail = (message: string) => {
    io.stderr(`eslint-plugin-telegram-bot defer-polling: ${message}\n`);
    if (args.json) print(`${JSON.stringify({ dry: args.dry, error: message }, null, 2)}\n`);
    return 2;
  };
  const relative = relativeTo(cwd);
  // Before anything else: finish what a killed run left (its journal, temporaries, backups).
  let recovered: Recovery | undefined;
  try {
    recovered = await recoverInterruptedRun(cwd);
  } catch (error) {
    return fail((error as Error).message);
  }
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

  const summary: Summary = {
    module: relative(moduleFile),
    entry: relative(entryFile),
    startFunctions: [],
    changed: [],
    left: [],
    failed: [...unreadable],
    notWritten: [],
    ...(recovered ? { recovered } : {}),
  };
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
  // Both files or neither: a module without its caller (or the reverse) would stop the bot.
  const written = summary.failed.length === 0 ? await applyChanges(cwd, changes, args, relative, print, hooks) : undefined;
  summary.notWritten.push(...unwrittenFiles(written, relative));
  if (written?.problem) summary.failed.push({ file: '', line: 0, message: written.problem });
  if (summary.failed.length === 0 && (!written || written.committed)) summary.changed.push(...changes.map((change) => relative(change.file)));

  if (args.json) {
    const { notWritten, recovered: recovery, ...rest } = summary;
    print(`${JSON.stringify({ dry: args.dry, ...rest, ...(notWritten.length > 0 ? { notWritten } : {}), ...(recovery ? { recovered: recovery } : {}) }, null, 2)}\n`);
  } else {
    print(humanSummary(summary, args.dry, createColors(shouldUseColor({ isTTY: io.isTTY })), relative));
  }
  if (written && !written.committed) return 2;
  return summary.failed.length > 0 ? 1 : 0;
}

function humanSummary(summary: Summary, dry: boolean, colors: ReturnType<typeof createColors>, relative: (file: string) => string): string {
  const lines: string[] = [];
  for (const line of recoveryLines(summary.recovered, relative)) lines.push(colors.yellow(line));
  for (const file of summary.changed) lines.push(`${colors.green(dry ? 'would change' : 'changed')}  ${shownName(file)}`);
  for (const site of summary.left) lines.push(`${colors.yellow('left')}     ${shownName(site.file)}:${site.line}  ${site.reason}`);
  for (const failure of summary.failed) {
    lines.push(`${colors.red('failed')}   ${failure.file ? `${shownName(failure.file)}${failure.line ? `:${failure.line}` : ''}  ` : ''}${failure.message}`);
  }
  lines.push(...unwrittenLines(summary.notWritten, undefined, shownName).map((line) => colors.red(line)));
  const module = shownName(summary.module);
  if (summary.notWritten.length > 0) {
    // nothing more to say: the lines above name what happened to each file
  } else if (summary.startFunctions.length > 0) {
    lines.push(`${module} now exports ${summary.startFunctions.map((name) => `${name}()`).join(', ')}; ${shownName(summary.entry)} calls it once.`);
  } else if (summary.failed.length === 0 && summary.left.length === 0) {
    lines.push(`${module} does not start polling when it is imported: nothing to do.`);
  }
  if (dry) lines.push('Dry run: nothing was written.');
  return `${lines.join('\n')}\n`;
}

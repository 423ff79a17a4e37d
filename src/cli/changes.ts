/** What the writing commands share: the dirty-tree guard, and writing or previewing changes. */
import { unifiedDiff } from './diff.js';
import { gitWorkTreeState } from '../project/git.js';
import { pluralize, relativeTo, shownName } from './output.js';
import { commitTransaction, type FileOutcome, type Recovery, type TransactionHooks, type TransactionResult } from './transaction.js';

export interface FileChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export { relativeTo } from './output.js';

/**
 * Why writing is refused, or undefined when it may go ahead: uncommitted changes under `cwd`
 * (changes elsewhere in the repository do not get in the way of reviewing this run).
 */
export async function dirtyTreeRefusal(cwd: string): Promise<string | undefined> {
  const state = await gitWorkTreeState(cwd);
  if (!state.inGit) return undefined;
  const relative = relativeTo(cwd);
  const dirty = state.dirtyFiles.filter((file) => !relative(file).startsWith('..')).map(relative);
  if (dirty.length === 0) return undefined;
  const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? ', …' : '');
  return (
    `the git work tree has uncommitted changes (${pluralize(dirty.length, 'file')}: ${shown}).\n` +
    'Commit or stash them first so the change is easy to review and undo, or pass --force (or --dry to preview).'
  );
}

/**
 * With `dry`, print every change's diff (not with `json`); else write them all as one
 * transaction (in the order given: owners first), all or none. undefined on a dry run.
 */
export async function applyChanges(
  cwd: string,
  changes: readonly FileChange[],
  options: { readonly dry: boolean; readonly json: boolean },
  relative: (file: string) => string,
  print: (text: string) => void,
  hooks?: TransactionHooks,
): Promise<TransactionResult | undefined> {
  if (options.dry) {
    if (!options.json) for (const change of changes) print(unifiedDiff(relative(change.file), change.before, change.after));
    return undefined;
  }
  return commitTransaction(cwd, changes, hooks);
}

/** What a run that wrote nothing reports per file: every planned file but the written ones. */
export interface WriteReport {
  readonly file: string;
  readonly status: Exclude<FileOutcome['status'], 'written'>;
  readonly reason?: string;
}

export function unwrittenFiles(result: TransactionResult | undefined, relative: (file: string) => string): WriteReport[] {
  if (!result || result.committed) return [];
  return result.files.map((outcome) => ({
    file: relative(outcome.file),
    status: outcome.status === 'written' ? 'not written' : outcome.status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
  }));
}

/** Human lines for files a failed or refused write left as they were. */
export function unwrittenLines(files: readonly WriteReport[], problem: string | undefined, shown: (file: string) => string): string[] {
  const lines = files.map((entry) => `${entry.status.padEnd(11)} ${shown(entry.file)}${entry.reason ? `  ${entry.reason}` : ''}`);
  if (files.length > 0) lines.push(`Nothing was written${problem ? `: ${problem}` : ''}; every file is as it was.`);
  return lines;
}

/** What this run did about a run that was killed before it finished. */
export function recoveryLines(recovered: Recovery | undefined, relative: (file: string) => string): string[] {
  if (!recovered) return [];
  const lines: string[] = [];
  for (const file of recovered.restored) lines.push(`restored ${shownName(relative(file))}  put back as it was before an interrupted run`);
  if (recovered.completed.length > 0) lines.push(`An interrupted run had written all its ${pluralize(recovered.completed.length, 'file')}; its leftovers were removed.`);
  for (const conflict of recovered.conflicts) lines.push(`conflict ${shownName(relative(conflict.file))}  ${conflict.reason}`);
  return lines;
}

/** What the writing commands share: the dirty-tree guard, and writing or previewing changes. */
import path from 'node:path';

import { writeFileAtomic } from './atomic-write.js';
import { unifiedDiff } from './diff.js';
import { gitWorkTreeState } from '../project/git.js';
import { pluralize } from './output.js';

export interface FileChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export function relativeTo(cwd: string): (file: string) => string {
  return (file) => path.relative(cwd, file).split(path.sep).join('/');
}

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

/** Write every change atomically, or with `dry` print their diffs (not with `json`). */
export async function applyChanges(
  changes: readonly FileChange[],
  options: { readonly dry: boolean; readonly json: boolean },
  relative: (file: string) => string,
  print: (text: string) => void,
): Promise<void> {
  for (const change of changes) {
    if (options.dry) {
      if (!options.json) print(unifiedDiff(relative(change.file), change.before, change.after));
    } else {
      await writeFileAtomic(change.file, change.after);
    }
  }
}

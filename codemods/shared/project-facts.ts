/**
 * The project model as the codemods ask it: one model of the whole project (every file under its
 * root, as `check` and the rule see them), evaluated once, and per file what it knows beyond the
 * file's syntax (a token read from a config module or an imported constant, a bot that another
 * module starts). `migrate` and the jscodeshift transform both build it here, so that both decide
 * duplicates and owners the same way.
 */
import { openProjectCache } from '../../src/project/cache.js';
import { collectSourceFiles, type CollectedFiles } from '../../src/project/files.js';
import { ProjectBots } from '../../src/project/instance-tokens.js';
import { ProjectModel } from '../../src/project/model.js';
import { UsageError } from '../../src/project/usage-error.js';
import type { ProjectFacts } from '../use-shared-bot/owner.js';

/**
 * The bots of the project at `root`, every file that matters evaluated once; undefined when the
 * root cannot be walked (then each file's own syntax tells its tokens).
 */
export async function projectBotsAt(
  root: string,
  useCache: boolean,
  onFile?: (done: number, total: number, file: string) => void,
  /** The root's source files (and the stats the walk took) when the caller has walked it already. */
  walked?: CollectedFiles,
): Promise<ProjectBots | undefined> {
  let collected: CollectedFiles;
  try {
    collected = walked ?? (await collectSourceFiles(root, ['.']));
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
  const cache = openProjectCache(root, { enabled: useCache });
  const model = new ProjectModel(root, collected.files, { cache, stats: (file) => collected.stats.get(file), ...(onFile ? { onFile } : {}) });
  const bots = new ProjectBots(model);
  cache?.save();
  return bots;
}

/** What the project tells of the bots created in `file`, by the offset of each creation. */
export function projectFactsOf(bots: ProjectBots, file: string): ProjectFacts {
  return {
    tokenKeysAt: (creation) => bots.tokenKeysAt(file, creation.node.range[0]),
    startedAnywhere: (creation) => bots.startedAnywhere(file, creation.node.range[0]),
  };
}

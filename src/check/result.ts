/**
 * What `check` computes for a project: its findings and the notes beside them. A plain value
 * (absolute paths, no model), so it can be stored and printed again by a later run whose
 * inputs are the same (./stored-result.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { findConflicts, type Finding } from './findings.js';
import { cacheFileFor, openProjectCache } from '../project/cache.js';
import { readEnvFiles, sameValueGroups } from '../project/dotenv.js';
import { collectSourceFiles, type SkippedFile } from '../project/files.js';
import type { GitFileStates } from '../project/git.js';
import { ProjectModel, type ModelProblem } from '../project/model.js';
import { prepareScanHelper, releaseScanHelper } from '../project/parallel-scan.js';
import { Workspace } from '../project/workspaces.js';
import { isInside } from '../core/paths.js';
import { TokenGroups } from '../core/token.js';

export interface CheckResult {
  readonly findings: readonly Finding[];
  readonly entryCount: number;
  readonly moduleCount: number;
  /** Files that name a bot library and could not be read or parsed. */
  readonly problems: readonly ModelProblem[];
  /** Manifests (package.json, PM2 files, …) that could not be read. */
  readonly entryProblems: readonly { readonly file: string; readonly message: string }[];
  readonly skipped: readonly SkippedFile[];
  /** Env var names .env files give one value: treated as one token. */
  readonly envGroups: readonly { readonly names: readonly string[]; readonly botId?: string }[];
}

export interface CheckOptions {
  /** Paths to check, relative to the root ('.' for all of it). */
  readonly paths: readonly string[];
  readonly includeTests: boolean;
  readonly sameToken: readonly (readonly string[])[];
  /** false: no persistent cache. */
  readonly cache: boolean;
  /** git's answer for the root, when asked already (null: not in git). */
  readonly git?: GitFileStates | null;
  /** Called for each file the model takes in (a progress line). */
  readonly onFile?: (done: number, total: number, file: string) => void;
  /** Called once every file that matters is parsed. */
  readonly onParsed?: () => void;
}

/** How often a result was computed in this process (tests count it: a stored result computes nothing). */
export const computedResults = { count: 0 };

/** Builds the project model and audits it. Throws UsageError for a path that is not in the project. */
export async function computeCheck(root: string, options: CheckOptions): Promise<CheckResult> {
  computedResults.count++;
  // With no cache file every file is read: the scan's helper thread starts while the files are listed.
  const cacheFile = cacheFileFor(root, { enabled: options.cache });
  if (cacheFile === undefined || !existsSync(cacheFile)) prepareScanHelper();
  try {
    return await audit(root, options);
  } finally {
    releaseScanHelper();
  }
}

async function audit(root: string, options: CheckOptions): Promise<CheckResult> {
  const git = options.git === undefined ? {} : { git: options.git };
  // In a monorepo, an app's bots may come from a sibling package and its token be polled by
  // another app: the whole workspace is read, and the findings that involve the paths are kept.
  const workspaceRoot = options.paths.some((target) => target !== '.') && new Workspace(root).members().length > 0;
  if (workspaceRoot) await collectSourceFiles(root, options.paths, git); // names a bad path, as without workspaces
  const collected = await collectSourceFiles(root, workspaceRoot ? ['.'] : options.paths, git);
  const cache = openProjectCache(root, { enabled: options.cache });
  const model = new ProjectModel(root, collected.files, {
    includeTests: options.includeTests,
    onFile: options.onFile,
    cache,
    stats: (file) => collected.stats.get(file),
    // Every relevant file is summarised below: those that name a library are parsed during the scan.
    summarizeWhileScanning: true,
  });
  // Parse every file that names a bot library now, so that the ones that fail are named.
  for (const file of model.relevant()) model.summaryOf(file);
  options.onParsed?.();
  const { entries, problems } = model.entries();

  // Env names used as tokens that .env files give one value are one token.
  const tokenNames = new Set(model.processes().flatMap((process) => process.events).flatMap((event) => event.instance.tokenKeys));
  const envGroups = sameValueGroups(readEnvFiles([root]), tokenNames);
  const groups = new TokenGroups([...options.sameToken, ...envGroups.map((group) => group.names)]);
  const targets = options.paths.map((target) => path.resolve(root, target));
  const findings = findConflicts(model, groups).filter((finding) => !workspaceRoot || involves(model, finding, targets));
  cache?.save();
  return {
    findings,
    entryCount: entries.length,
    moduleCount: model.files.size,
    problems: model.problems,
    entryProblems: problems.map((problem) => ({ file: problem.file, message: problem.message })),
    skipped: collected.skipped,
    envGroups: envGroups.map((group) => ({ names: group.names, ...(group.botId ? { botId: group.botId } : {}) })),
  };
}

/** A site of the finding is under one of `targets`, or so is an entry of a process that runs a site. */
function involves(model: ProjectModel, finding: Finding, targets: readonly string[]): boolean {
  const inside = (file: string) => targets.some((target) => isInside(target, file));
  const files = finding.sites.map((site) => path.resolve(model.root, site.file));
  if (files.some(inside)) return true;
  return model.processes().some((process) => files.some((file) => process.reach.has(file) || process.entryFiles.has(file)) && [...process.entryFiles].some(inside));
}

/**
 * `eslint-plugin-telegram-bot check [paths…]`: the whole-project 409 audit. It never writes.
 * Exit codes: 0 no findings, 1 findings, 2 usage error.
 */
import path from 'node:path';

import { findConflicts, type Finding } from '../check/findings.js';
import { readEnvFiles, sameValueGroups } from '../project/dotenv.js';
import { openProjectCache } from '../project/cache.js';
import { ProjectModel } from '../project/model.js';
import { projectRootOf } from '../project/root.js';
import { Workspace } from '../project/workspaces.js';
import { isInside } from '../core/paths.js';
import { TokenGroups } from '../core/token.js';
import { argumentsOrExit, UsageError } from './args.js';
import { relativeTo } from './changes.js';
import { collectSourceFiles } from '../project/files.js';
import type { Io } from './io.js';
import { createColors, pluralize, shouldUseColor } from './output.js';
import { createProgress, progressEnabled } from './progress.js';
import { redactSecrets } from '../core/redact.js';

export const CHECK_USAGE = `Usage: eslint-plugin-telegram-bot check [paths…] [options]

Audit the whole project for the ways one Telegram bot token ends up polled twice:
two modules of one process, two processes, cluster workers, a webhook set while
polling, a module that polls when imported by several processes. Never writes.

Options:
  --same-token A,B    Env var names that hold one token in your deployment (repeatable;
                      .env files are compared too)
  --include-tests     Audit test files too (skipped by default)
  --no-cache          Neither read nor write the cache of file summaries (kept in
                      node_modules/.cache/eslint-plugin-telegram-bot, or in
                      $TELEGRAM_BOT_LINT_CACHE_DIR)
  --json              Print { "findings": [ { kind, token, sites, message } ] }
  -h, --help          Show this help

Exit codes: 0 no findings, 1 findings, 2 usage error.
`;

export async function runCheck(argv: readonly string[], io: Io, cwd: string): Promise<number> {
  const args = argumentsOrExit('check', argv, ['json', 'help', 'same-token', 'include-tests', 'no-cache'], CHECK_USAGE, io);
  if (typeof args === 'number') return args;
  const print = (text: string) => io.stdout(redactSecrets(text));
  const requested = args.paths.length > 0 ? args.paths : ['.'];
  // The project is the one the paths are in, wherever the command runs from: its package.json,
  // PM2 files and .env decide the entry points and tokens.
  const root = projectRootOf(path.resolve(cwd, requested[0] as string));
  const paths = requested.map((target) => path.relative(root, path.resolve(cwd, target)) || '.');
  // In a monorepo, an app's bots may come from a sibling package and its token be polled by
  // another app: the whole workspace is read, and the findings that involve the paths are kept.
  const workspaceRoot = paths.some((target) => target !== '.') && new Workspace(root).members().length > 0;
  let collected;
  try {
    if (workspaceRoot) await collectSourceFiles(root, paths); // names a bad path, as without workspaces
    collected = await collectSourceFiles(root, workspaceRoot ? ['.'] : paths);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(redactSecrets(`eslint-plugin-telegram-bot check: ${error.message}\n`));
      return 2;
    }
    throw error;
  }
  // A progress line on stderr for long runs on a terminal (never with --json or in a pipe).
  const progressIo = args.json ? { stderr: io.stderr } : io;
  const progress = createProgress(progressIo, process.env, { delayMs: io.progressDelayMs });
  const showProgress = !args.json && progressEnabled(io, process.env);
  const relativeToCwd = relativeTo(cwd);
  const cache = openProjectCache(root, { enabled: args.cache });
  const model = new ProjectModel(root, collected.files, {
    includeTests: args.includeTests,
    onFile: showProgress ? (done, total, file) => progress.tick(done, total, relativeToCwd(file)) : undefined,
    cache,
    stats: (file) => collected.stats.get(file),
  });
  // Parse every file that names a bot library now, so that the ones that fail are named.
  for (const file of model.relevant()) model.summaryOf(file);
  progress.done();
  const { entries, problems } = model.entries();

  // Env names used as tokens that .env files give one value are one token.
  const tokenNames = new Set(model.processes().flatMap((process) => process.events).flatMap((event) => event.instance.tokenKeys));
  const envGroups = sameValueGroups(readEnvFiles([root]), tokenNames);
  const groups = new TokenGroups([...args.sameToken, ...envGroups.map((group) => group.names)]);
  const findings = findConflicts(model, groups).filter((finding) => !workspaceRoot || involves(model, finding, paths.map((target) => path.resolve(root, target))));
  cache?.save();
  const index = { problems: model.problems, modules: model.files };
  const walked = collected;

  const relative = relativeTo(cwd);
  if (args.json) {
    print(`${JSON.stringify({ findings }, null, 2)}\n`);
  } else {
    const colors = createColors(shouldUseColor({ isTTY: io.isTTY }));
    const notes = [
      ...index.problems.map((problem) => `could not read ${relative(problem.file)}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`),
      ...problems.map((problem) => `${relative(problem.file)}: ${problem.message}`),
      ...walked.skipped.map((skip) => `skipped ${relative(skip.file)}: ${skip.reason}`),
      ...envGroups.map(
        (group) => `.env files give ${group.names.join(' and ')} the same value${group.botId ? ` (bot ${group.botId})` : ''}: treated as one token`,
      ),
    ];
    print(humanReport(findings, entries.length, index.modules.size, notes, colors));
  }
  return findings.length > 0 ? 1 : 0;
}

/** A site of the finding is under one of `targets`, or so is an entry of a process that runs a site. */
function involves(model: ProjectModel, finding: Finding, targets: readonly string[]): boolean {
  const inside = (file: string) => targets.some((target) => isInside(target, file));
  const files = finding.sites.map((site) => path.resolve(model.root, site.file));
  if (files.some(inside)) return true;
  return model.processes().some((process) => files.some((file) => process.reach.has(file) || process.entryFiles.has(file)) && [...process.entryFiles].some(inside));
}

function humanReport(findings: readonly Finding[], entries: number, modules: number, notes: readonly string[], colors: ReturnType<typeof createColors>): string {
  const lines: string[] = [];
  const byToken = new Map<string, Finding[]>();
  for (const finding of findings) byToken.set(finding.token, [...(byToken.get(finding.token) ?? []), finding]);
  for (const [token, list] of byToken) {
    lines.push(colors.bold(`Token ${token}`));
    for (const finding of list) {
      lines.push(`  ${colors.red(finding.kind)}: ${finding.message}`);
      for (const site of finding.sites) lines.push(`    ${site.file}:${site.line}`);
    }
    lines.push('');
  }
  for (const note of notes) lines.push(colors.dim(`note: ${note}`));
  lines.push(
    `${pluralize(modules, 'module')} and ${pluralize(entries, 'entry point')} checked: ` +
      (findings.length === 0 ? 'no way for one token to be polled twice was found.' : `${pluralize(findings.length, 'finding')}.`),
  );
  return `${lines.join('\n')}\n`;
}

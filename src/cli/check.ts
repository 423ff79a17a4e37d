/**
 * `eslint-plugin-telegram-bot check [paths…]`: the whole-project 409 audit. It never writes.
 * Exit codes: 0 no findings, 1 findings, 2 usage error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { CheckResult } from '../check/result.js';
import { codeId, readStoredResult, resultFileFor, resultKey, storeResult, type ResultKey } from '../check/stored-result.js';
import { redactSecrets } from '../core/redact.js';
import { cacheFileFor } from '../project/cache-location.js';
import { gitFileStates } from '../project/git.js';
import { projectRootOf } from '../project/root.js';
import { UsageError } from '../project/usage-error.js';
import { argumentsOrExit } from './args.js';
import type { Io } from './io.js';
import { createColors, pluralize, relativeTo, shouldUseColor } from './output.js';
import { createProgress, progressEnabled } from './progress.js';

export const CHECK_USAGE = `Usage: eslint-plugin-telegram-bot check [paths…] [options]

Audit the whole project for the ways one Telegram bot token ends up polled twice:
two modules of one process, two processes, cluster workers, a webhook set while
polling, a module that polls when imported by several processes. Never writes.

Options:
  --same-token A,B    Env var names that hold one token in your deployment (repeatable;
                      .env files are compared too)
  --include-tests     Audit test files too (skipped by default)
  --no-cache          Neither read nor write the cache (file summaries and the last
                      result; in node_modules/.cache/eslint-plugin-telegram-bot, or in
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
  const options = { paths, includeTests: args.includeTests, sameToken: args.sameToken };

  // In git, the result of an earlier run whose inputs are all the same is printed as it was.
  // git lists the files (in a child process) while the stored result is read.
  const cacheFile = cacheFileFor(root, { enabled: args.cache });
  const resultFile = cacheFile ? resultFileFor(cacheFile, root) : undefined;
  // Without a stored result the model is built, and it needs git's listing of the index: asked at once.
  const buildsModel = resultFile === undefined || !existsSync(resultFile);
  // With no cache either, every file is read: the files of the index start being read as soon
  // as it is, while git runs and the model's modules load.
  const readsEverything = buildsModel && (cacheFile === undefined || !existsSync(cacheFile));
  // The helper thread starts first: its start-up (about 150 ms here) overlaps reading the index.
  // Perf: the modules of that path load only when it is taken, so that git, the critical path of
  // a check answered from its stored result, starts as early as it can.
  const ahead = readsEverything ? await loadScanAhead() : undefined;
  ahead?.prepareScanHelper();
  const readsAhead = ahead !== undefined && paths.every((target) => target === '.');
  const listing = gitFileStates(root, {
    listIndex: buildsModel,
    onIndex: readsAhead ? (index) => ahead.scanIndexAhead(root, index, { includeTests: args.includeTests }) : undefined,
  });
  const stored = resultFile ? readStoredResult(resultFile) : undefined;
  if (stored) codeId();
  // Without a stored result the model is built: its modules (the engine, the parsers) load
  // while git runs, not after.
  const computing = stored ? undefined : loadComputeCheck();
  const git = (await listing) ?? null;
  let key: ResultKey | undefined;
  let result: CheckResult | undefined;
  if (resultFile && git) {
    key = resultKey(root, git, options);
    if (stored?.key === key.key) result = stored.result;
  }

  if (!result) {
    // A progress line on stderr for long runs on a terminal (never with --json or in a pipe).
    const progress = createProgress(args.json ? { stderr: io.stderr } : io, process.env, { delayMs: io.progressDelayMs });
    const showProgress = !args.json && progressEnabled(io, process.env);
    const relativeToCwd = relativeTo(cwd);
    const { computeCheck } = await (computing ?? loadComputeCheck());
    try {
      result = await computeCheck(root, {
        ...options,
        cache: args.cache,
        git,
        onFile: showProgress ? (done, total, file) => progress.tick(done, total, relativeToCwd(file)) : undefined,
        onParsed: () => progress.done(),
      });
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(redactSecrets(`eslint-plugin-telegram-bot check: ${error.message}\n`));
        return 2;
      }
      throw error;
    }
    if (resultFile && key?.storable) storeResult(resultFile, key.key, result);
  }

  const { findings } = result;
  const relative = relativeTo(cwd);
  if (args.json) {
    print(`${JSON.stringify({ findings }, null, 2)}\n`);
  } else {
    const colors = createColors(shouldUseColor({ isTTY: io.isTTY }));
    const notes = [
      ...result.problems.map((problem) => `could not read ${relative(problem.file)}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`),
      ...result.entryProblems.map((problem) => `${relative(problem.file)}: ${problem.message}`),
      ...result.skipped.map((skip) => `skipped ${relative(skip.file)}: ${skip.reason}`),
      ...result.envGroups.map(
        (group) => `.env files give ${group.names.join(' and ')} the same value${group.botId ? ` (bot ${group.botId})` : ''}: treated as one token`,
      ),
    ];
    print(humanReport(findings, result.entryCount, result.moduleCount, notes, colors));
  }
  return findings.length > 0 ? 1 : 0;
}

function humanReport(findings: CheckResult['findings'], entries: number, modules: number, notes: readonly string[], colors: ReturnType<typeof createColors>): string {
  const lines: string[] = [];
  const byToken = new Map<string, CheckResult['findings'][number][]>();
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

/** The scan started from git's index, for a check with nothing cached. */
async function loadScanAhead() {
  const [{ scanIndexAhead }, { prepareScanHelper }] = await Promise.all([import('../project/scan-ahead.js'), import('../project/scan-helper.js')]);
  return { scanIndexAhead, prepareScanHelper };
}

/** Loaded only when there is something to compute: the model, the parsers, the evaluator. */
function loadComputeCheck(): Promise<typeof import('../check/result.js')> {
  return import('../check/result.js');
}

// Over 400 lines: one command's flow (read, resolve owners, plan, type-check, write, report); the codemods and the transaction hold the work.
/**
 * `eslint-plugin-telegram-bot migrate [paths…]`: run the use-shared-bot codemod over a
 * project, with the manners of known codemod CLIs: a dry run that prints a diff, a refusal to
 * write into a dirty git work tree, one all-or-nothing transaction (./transaction.ts) and a clear summary.
 * Exit codes: 0 nothing failed, 1 some file failed to parse, 2 usage error or refusal.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';

import { migrateFile, type LeftKind, type MigrationSettings } from '../../codemods/use-shared-bot/engine.js';
import { frameworkPlan, frameworkSources, injectFrameworkBots, type FrameworkPlan, type InjectionLeftKind } from '../../codemods/use-shared-bot/framework-injection.js';
import { OwnerError, readOwnerModule, type OwnerInstance, type ProjectFacts } from '../../codemods/use-shared-bot/owner.js';
import { ParseError } from '../core/parse.js';
import { mentionsBotLibrary } from '../core/pollers.js';
import { TokenGroups } from '../core/token.js';
import { argumentsOrExit, UsageError } from './args.js';
import { applyChanges, dirtyTreeRefusal, recoveryLines, relativeTo, unwrittenFiles, unwrittenLines, type FileChange, type WriteReport } from './changes.js';
import { isInside } from '../core/paths.js';
import { projectBotsAt, projectFactsOf } from '../../codemods/shared/project-facts.js';
import { collectSourceFiles } from '../project/files.js';
import type { ProjectBots } from '../project/instance-tokens.js';
import type { ProjectModel } from '../project/model.js';
import { projectRootOf } from '../project/root.js';
import type { Io } from './io.js';
import { createColors, pluralize, shouldUseColor, shownName } from './output.js';
import { createProgress } from './progress.js';
import { readSource } from '../project/read-source.js';
import { ConfigLoadError, ownersFromEslintConfig } from './owners-from-config.js';
import { recoverInterruptedRun, type Recovery, type TransactionHooks } from './transaction.js';
import { describeTypeErrors, typecheckChanges } from './typecheck-changes.js';

export const MIGRATE_USAGE = `Usage: eslint-plugin-telegram-bot migrate [paths…] [options]

Rewrite duplicate Telegram bot pollers into imports of the one shared instance
(the use-shared-bot codemod). Paths default to the current folder.

Options:
  --owner <module>      The module that owns a polling bot (repeatable). Without it, the
                        owners come from no-duplicate-poller in your ESLint config, or are
                        inferred: per token, the one module that exports a polling bot.
  --same-token A,B      Env var names that hold one token in your deployment (repeatable)
  --dry                 Change nothing; print the diff
  --json                Print a machine-readable summary
  --force               Write even when the git work tree has uncommitted changes
  --strict              Leave a file as it is when its rewrite comes with warnings
                        (lifecycle calls or handlers that would act on the shared bot)
  --no-cache            Neither read nor write the cache of file summaries (kept in
                        node_modules/.cache/eslint-plugin-telegram-bot, or in
                        $TELEGRAM_BOT_LINT_CACHE_DIR)
  -h, --help            Show this help

Every file is written or none is: new texts go to temporaries first, a failure puts back
what was replaced, and the next run undoes what a killed run left half-done.

Exit codes: 0 done, 1 some file could not be parsed, 2 usage error, refusal, or a write
that failed (then nothing was changed).
`;

interface Summary {
  scanned: number;
  changed: string[];
  left: { file: string; line: number; kind: LeftKind | InjectionLeftKind; reason: string }[];
  /** Bots a framework module creates (never rewritten): what duplicates beside them are pointed at. */
  frameworkBots: { file: string; line: number; how: string; token: string }[];
  /** What the rewrites change in what the program does, per file and line. */
  warnings: { file: string; line: number; message: string }[];
  /** Things worth knowing about the run as a whole. */
  notes: string[];
  /** Owners that poll when imported, and the changed files that now import them. */
  pollingOwners: Map<string, string[]>;
  failed: { file: string; line: number; message: string }[];
  /** Paths left out of the walk with a reason worth telling (symlinks, loops, unreadable folders). */
  skipped: { file: string; reason: string }[];
  /** When the write was refused or failed: what happened to each planned file (none was changed). */
  notWritten: WriteReport[];
  /** What this run put back or tidied up of an earlier run that was killed. */
  recovered?: Recovery;
}

export async function runMigrate(argv: readonly string[], io: Io, cwd: string, hooks?: TransactionHooks): Promise<number> {
  const args = argumentsOrExit('migrate', argv, ['dry', 'json', 'force', 'help', 'strict', 'owner', 'same-token', 'no-cache'], MIGRATE_USAGE, io);
  if (typeof args === 'number') return args;
  const colors = createColors(!args.json && shouldUseColor({ isTTY: io.isTTY }));
  const print = (text: string) => io.stdout(text);
  const relative = relativeTo(cwd);
  const summary: Summary = { scanned: 0, changed: [], left: [], frameworkBots: [], warnings: [], notes: [], pollingOwners: new Map(), failed: [], skipped: [], notWritten: [] };
  let owners: readonly OwnerInstance[] = [];
  const report = () => {
    if (args.json) {
      // `skipped`, `warnings`, `notes`, `notWritten`, `recovered` only when there are some: the documented shape stays otherwise.
      const { skipped, notWritten, recovered, warnings, notes, pollingOwners, frameworkBots, ...rest } = summary;
      const importers = [...pollingOwners].filter(([, files]) => files.length > 0).map(([owner, files]) => ({ owner: relative(owner), files }));
      const shape = {
        dry: args.dry,
        owners: owners.map((o) => ({ file: relative(o.file), export: o.exportName, token: o.tokenLabel })),
        ...(frameworkBots.length > 0 ? { frameworkBots } : {}),
        ...rest,
        ...(warnings.length > 0 ? { warnings } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        ...(importers.length > 0 ? { ownersPollingAtImport: importers } : {}),
        ...(skipped.length > 0 ? { skipped } : {}),
        ...(notWritten.length > 0 ? { notWritten } : {}),
        ...(recovered ? { recovered } : {}),
      };
      print(`${JSON.stringify(shape, null, 2)}\n`);
    } else {
      print(humanSummary(summary, owners, args.dry, relative, colors));
    }
  };
  const fail = (message: string) => {
    // What this run undid of a killed one is told even when it then stops.
    for (const line of recoveryLines(summary.recovered, relative)) io.stderr(`${line}\n`);
    io.stderr(`eslint-plugin-telegram-bot migrate: ${message}\n`);
    if (args.json) print(`${JSON.stringify({ dry: args.dry, error: message, ...(summary.recovered ? { recovered: summary.recovered } : {}) }, null, 2)}\n`);
    return 2;
  };

  // Before anything else: finish what a killed run left (its journal, temporaries, backups).
  try {
    const recovered = await recoverInterruptedRun(cwd);
    if (recovered) summary.recovered = recovered;
  } catch (error) {
    return fail((error as Error).message);
  }

  const root = projectRootOf(cwd);
  // Run at the project root on the whole project (the usual way), the walk of the paths is the
  // model's; otherwise the model's walk of the root runs beside it (git's listing is a process of
  // its own). A failure here is the model's to meet again, in the normal flow.
  const wholeProject = path.resolve(cwd) === root && args.paths.every((target) => path.resolve(cwd, target) === root);
  const rootWalk = wholeProject ? undefined : collectSourceFiles(root, ['.']).catch(() => undefined);
  let collected;
  try {
    collected = await collectSourceFiles(cwd, args.paths.length > 0 ? args.paths : ['.']);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }

  if (!args.dry && !args.force) {
    const refusal = await dirtyTreeRefusal(cwd);
    if (refusal) return fail(refusal);
  }

  summary.scanned = collected.files.length;
  // Long runs on a terminal show a progress line on stderr (never with --json or in a pipe).
  const progress = createProgress(args.json ? { stderr: io.stderr } : io, process.env, { delayMs: io.progressDelayMs });
  // Which bot polls which token across modules, as the rule and `check` see it: a token read
  // from a config module or an env helper is known, for owners and duplicates alike. Built
  // first: it reads every file of the project once, and tells which ones name a bot library.
  const bots =
    collected.files.length > 0
      ? await projectBotsAt(root, args.cache, (done, total, file) => progress.tick(done, total, relative(file)), wholeProject ? collected : await rootWalk)
      : undefined;
  const project = (file: string): ProjectFacts | undefined => bots && projectFactsOf(bots, file);

  // The text pre-filter keeps files that name no bot library out of any parse. Perf: a file the
  // model read without a problem and found naming no library is not read again.
  const sources = new Map<string, string>();
  for (const [index, file] of collected.files.entries()) {
    progress.tick(index + 1, collected.files.length, relative(file));
    const known = bots?.model.files.get(file);
    if (known && !known.problem && !known.mentionsLibrary) continue;
    const read = readSource(file);
    if ('problem' in read) {
      // A file that names no bot library has nothing to migrate, whatever its bytes.
      if (read.lenient !== undefined && !mentionsBotLibrary(read.lenient)) continue;
      summary.failed.push({ file: relative(file), line: 0, message: read.problem });
      continue;
    }
    if (mentionsBotLibrary(read.text)) sources.set(file, read.text);
  }
  progress.done();
  summary.skipped.push(...collected.skipped.map((skip) => ({ file: relative(skip.file), reason: skip.reason })));

  let resolved: { owners: OwnerInstance[]; groups: TokenGroups; ownerSources: Map<string, string> };
  try {
    resolved = await resolveOwners(args.owners, cwd, sources, args.sameToken, project, bots);
  } catch (error) {
    if (error instanceof UsageError || error instanceof OwnerError || error instanceof ConfigLoadError) return fail(error.message);
    throw error;
  }
  owners = resolved.owners;
  // Bots that a framework module creates (NestJS) are never rewritten; a duplicate beside one gets it injected.
  const framework = frameworkBesides(bots?.model, sources, resolved.groups);
  summary.frameworkBots.push(...framework.bots.map((bot) => ({ file: relative(bot.file), line: bot.line, how: bot.label, token: bot.tokenLabel })));
  if (owners.length === 0 && framework.bots.length === 0) {
    return fail('no owner module: pass --owner <module>, or configure owners in telegram-bot/no-duplicate-poller');
  }
  const settings: MigrationSettings = { ...resolved, strict: args.strict, project };

  const outcomes: FileChange[] = [];
  const sitesOf = new Map<string, readonly number[]>();
  const importedOwnersOf = new Map<string, readonly string[]>();
  for (const [file, before] of sources) {
    try {
      const besides = framework.besides.get(file) ?? [];
      const injected = injectFrameworkBots(file, before, besides, settings.groups, settings.strict);
      // Beside a framework bot, the framework's bot is the one to use, not an owner's of the same token.
      const ownedElsewhere = (owner: OwnerInstance) => besides.some((site) => site.bot.keys.join('\u0000') === owner.keys.join('\u0000'));
      const result = migrateFile(file, before, besides.length === 0 ? settings : { ...settings, owners: settings.owners.filter((owner) => !ownedElsewhere(owner)) });
      for (const site of result.left) if (!injected.handled.has(site.line)) summary.left.push({ file: relative(file), line: site.line, kind: site.kind, reason: site.reason });
      for (const site of injected.left) summary.left.push({ file: relative(file), ...site });
      if (injected.output !== undefined) {
        // One rewrite per file and run: the injection goes first, the file's other sites in the next run.
        for (const line of result.output === undefined ? [] : result.sites) {
          if (!injected.handled.has(line)) summary.left.push({ file: relative(file), line, kind: 'framework bot', reason: "this file gets the framework's bot injected in this run; run migrate again for this site" });
        }
        for (const warning of injected.warnings) summary.warnings.push({ file: relative(file), ...warning });
        outcomes.push({ file, before, after: injected.output });
        sitesOf.set(file, injected.sites);
        continue;
      }
      if (result.output !== undefined) {
        for (const warning of result.warnings) summary.warnings.push({ file: relative(file), ...warning });
        for (const owner of result.pollingOwners) summary.pollingOwners.set(owner, [...(summary.pollingOwners.get(owner) ?? []), relative(file)]);
      }
      if (result.output !== undefined) {
        outcomes.push({ file, before, after: result.output });
        sitesOf.set(file, result.sites);
        importedOwnersOf.set(file, result.importedOwners);
      }
    } catch (error) {
      if (error instanceof ParseError) {
        summary.failed.push({ file: relative(file), line: error.line, message: error.reason });
      } else {
        summary.failed.push({ file: relative(file), line: 0, message: (error as Error).message });
      }
    }
  }
  const planned = withOwnerExports(outcomes, owners, resolved.ownerSources, importedOwnersOf);

  // The rewrites must type-check wherever the originals did: a file whose rewrite adds errors is
  // left as it was, with the errors named (before anything is written).
  const checked = typecheckChanges(planned, cwd);
  for (const { change, errors } of checked.rolledBack) {
    const file = relative(change.file);
    const reason = `its rewrite would add type errors, so the file is left as it is: ${describeTypeErrors(errors)}`;
    const sites = sitesOf.get(change.file) ?? [];
    for (const line of sites.length > 0 ? sites : [errors[0]?.line ?? 0]) summary.left.push({ file, line, kind: 'type errors', reason });
    summary.warnings = summary.warnings.filter((warning) => warning.file !== file);
    for (const [owner, files] of summary.pollingOwners) summary.pollingOwners.set(owner, files.filter((other) => other !== file));
  }
  if (checked.skipped) summary.notes.push(checked.skipped);
  // Owners' exports come first in `planned`, and rolling a file back keeps that order; an
  // owner's export that only a rolled-back file needed goes with it.
  const kept = withOwnerExports(checked.kept, owners, resolved.ownerSources, importedOwnersOf);

  const written = await applyChanges(cwd, kept, args, relative, print, hooks);
  summary.notWritten.push(...unwrittenFiles(written, relative));
  if (written?.problem) summary.failed.push({ file: '', line: 0, message: written.problem });
  if (!written || written.committed) summary.changed.push(...kept.map((outcome) => relative(outcome.file)));
  report();
  if (written && !written.committed) return 2;
  return summary.failed.length > 0 ? 1 : 0;
}

/**
 * The planned changes with every owner export they need, owners first: an importer rewritten
 * before its owner exports the bot would not compile. An owner outside the given paths still
 * gets its export; an owner whose export no rewritten module imports is left alone.
 */
function withOwnerExports(
  changes: readonly FileChange[],
  owners: readonly OwnerInstance[],
  ownerSources: ReadonlyMap<string, string>,
  importedOwnersOf: ReadonlyMap<string, readonly string[]>,
): FileChange[] {
  const ownerFiles = new Set(owners.map((owner) => owner.file));
  const importers = changes.filter((change) => !ownerFiles.has(change.file));
  const needed = new Set(importers.flatMap((change) => importedOwnersOf.get(change.file) ?? []));
  // An owner's own change is its new export: only when a rewritten module imports it.
  const ownerChanges = changes.filter((change) => ownerFiles.has(change.file) && needed.has(change.file));
  for (const owner of owners) {
    const before = ownerSources.get(owner.file);
    if (!needed.has(owner.file) || owner.exportedSource === undefined || before === undefined || ownerChanges.some((change) => change.file === owner.file)) continue;
    ownerChanges.push({ file: owner.file, before, after: owner.exportedSource });
  }
  return [...ownerChanges, ...importers];
}

/** Owners from --owner, else from the ESLint config, else inferred; with the token groups that apply and the owners' texts. */
async function resolveOwners(
  explicit: readonly string[],
  cwd: string,
  sources: ReadonlyMap<string, string>,
  sameToken: readonly string[][],
  project: (file: string) => ProjectFacts | undefined,
  bots: ProjectBots | undefined,
): Promise<{ owners: OwnerInstance[]; groups: TokenGroups; ownerSources: Map<string, string> }> {
  const ownerSources = new Map<string, string>();
  const root = await realpath(cwd).catch(() => path.resolve(cwd));
  // An owner is read (and may get an export): never outside the project, also not through a link.
  const readOwner = async (file: string, named: string, option: string): Promise<string> => {
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      throw new UsageError(`owner module not found: ${named}`, option);
    }
    if (!isInside(root, real)) throw new UsageError(`owner module is outside the project (${root}): ${named}`, option);
    const known = sources.get(file);
    if (known !== undefined) {
      ownerSources.set(file, known);
      return known;
    }
    const read = readSource(file);
    if ('problem' in read) throw new UsageError(`owner module ${named}: ${read.problem}`, option);
    ownerSources.set(file, read.text);
    return read.text;
  };
  if (explicit.length > 0) {
    const groups = new TokenGroups(sameToken);
    const owners: OwnerInstance[] = [];
    for (const module of explicit) {
      const file = path.resolve(cwd, module);
      owners.push(...readOwnerModule(file, await readOwner(file, module, '--owner'), groups, undefined, project(file)));
    }
    return { owners, groups, ownerSources };
  }
  const fromConfig = await ownersFromEslintConfig(cwd, [...sources.keys()]);
  if (fromConfig) {
    const groups = new TokenGroups([...fromConfig.sameToken, ...sameToken]);
    const owners: OwnerInstance[] = [];
    for (const owner of fromConfig.owners) {
      const source = await readOwner(owner.file, path.relative(cwd, owner.file), 'owners');
      const instances = readOwnerModule(owner.file, source, groups, owner.exportName, project(owner.file));
      // An owner without `token` owns the tokens its module polls, as the rule reads them, and
      // nothing else: its instance must never stand in for a bot of another token.
      const wanted = owner.tokens ?? (bots ? [...bots.polledBy(owner.file)] : instances.filter((instance) => instance.polls).flatMap((instance) => instance.keys));
      const owned = new Set(wanted.map((key) => groups.canonical(key)));
      owners.push(...instances.filter((instance) => instance.keys.every((key) => owned.has(key))));
    }
    return { owners, groups, ownerSources };
  }
  const groups = new TokenGroups(sameToken);
  const owners = inferOwners(cwd, groups, sources, project);
  for (const owner of owners) ownerSources.set(owner.file, sources.get(owner.file) as string);
  return { owners, groups, ownerSources };
}

/**
 * Per token, the single module that already exports a polling instance of it: tokens and
 * polling as the project model reads them (a token from a config module, a bot started by
 * the entry point), so that the inferred owner is the one the rule and `check` see.
 */
function inferOwners(cwd: string, groups: TokenGroups, sources: ReadonlyMap<string, string>, project: (file: string) => ProjectFacts | undefined): OwnerInstance[] {
  const byToken = new Map<string, OwnerInstance[]>();
  for (const [file, source] of sources) {
    let instances: OwnerInstance[];
    try {
      instances = readOwnerModule(file, source, groups, undefined, project(file));
    } catch {
      continue; // not an owner candidate (no module-level instance, or does not parse)
    }
    for (const instance of instances) {
      if (!instance.polls || instance.exportedSource !== undefined || !instance.offered) continue;
      const key = instance.keys.join('\u0000');
      byToken.set(key, [...(byToken.get(key) ?? []), instance]);
    }
  }
  const ambiguous = [...byToken.values()].filter((candidates) => candidates.length > 1);
  if (ambiguous.length > 0) {
    const lines = ambiguous.map(
      (candidates) =>
        `  token ${candidates[0]?.tokenLabel}: ${candidates.map((c) => path.relative(cwd, c.file).split(path.sep).join('/')).join(', ')}`,
    );
    throw new UsageError(`more than one module exports a polling bot of the same token; choose the owner with --owner:\n${lines.join('\n')}`, '--owner');
  }
  return [...byToken.values()].map((candidates) => candidates[0] as OwnerInstance);
}

/**
 * The framework bots of the project and the creations that start beside one of their token, from
 * the project model of the whole project (a registration may sit outside the paths migrated).
 * Nothing is modelled when no file names a framework module.
 */
function frameworkBesides(model: ProjectModel | undefined, sources: ReadonlyMap<string, string>, groups: TokenGroups): FrameworkPlan {
  if (!model || ![...sources.values()].some((text) => frameworkSources.some((source) => text.includes(source)))) return { bots: [], besides: new Map() };
  return frameworkPlan(model, groups);
}

/** ` (2 different library, 1 lazy owner)`: the left sites counted by why they stay. */
function leftByKind(left: Summary['left']): string {
  if (left.length === 0) return '';
  const counts = new Map<LeftKind | InjectionLeftKind, number>();
  for (const site of left) counts.set(site.kind, (counts.get(site.kind) ?? 0) + 1);
  return ` (${[...counts].map(([kind, count]) => `${count} ${kind}`).join(', ')})`;
}

function humanSummary(
  summary: Summary,
  owners: readonly OwnerInstance[],
  dry: boolean,
  relative: (file: string) => string,
  colors: ReturnType<typeof createColors>,
): string {
  const lines: string[] = [];
  lines.push(colors.bold('Owners:'));
  for (const line of recoveryLines(summary.recovered, relative)) lines.push(colors.yellow(line));
  for (const owner of owners) lines.push(`  ${shownName(relative(owner.file))} exports \`${owner.exportName}\` (token ${owner.tokenLabel})`);
  for (const bot of summary.frameworkBots) {
    lines.push(`  ${shownName(bot.file)}:${bot.line} ${bot.how} creates the bot of token ${bot.token} (never rewritten; a duplicate beside it gets it injected)`);
  }
  for (const file of summary.changed) lines.push(`${colors.green(dry ? 'would change' : 'changed')}  ${shownName(file)}`);
  for (const site of summary.left) lines.push(`${colors.yellow('left')}     ${shownName(site.file)}:${site.line}  ${site.reason}`);
  for (const warning of summary.warnings) lines.push(`${colors.yellow('warning')}  ${shownName(warning.file)}:${warning.line}  ${warning.message}`);
  for (const note of summary.notes) lines.push(`${colors.dim('note')}     ${note}`);
  for (const [owner, files] of summary.pollingOwners) {
    if (files.length === 0) continue;
    lines.push(
      `${colors.yellow('note')}     ${shownName(relative(owner))} starts polling when it is imported; so do the modules that now import it: ${files.map(shownName).join(', ')} (defer-polling moves the start to the entry point)`,
    );
  }
  for (const skip of summary.skipped) lines.push(`${colors.dim('skipped')}  ${shownName(skip.file)}  ${skip.reason}`);
  for (const failure of summary.failed) {
    lines.push(`${colors.red('failed')}   ${failure.file ? `${shownName(failure.file)}${failure.line ? `:${failure.line}` : ''}  ` : ''}${failure.message}`);
  }
  lines.push(...unwrittenLines(summary.notWritten, undefined, shownName).map((line) => colors.red(line)));
  lines.push(
    `${pluralize(summary.scanned, 'file')} scanned: ${summary.changed.length} ${dry ? 'to change' : 'changed'}, ` +
      `${pluralize(summary.left.length, 'site')} left as ${summary.left.length === 1 ? 'it is' : 'they are'}${leftByKind(summary.left)}, ${summary.failed.length} failed.`,
  );
  if (summary.warnings.length > 0) lines.push(`${pluralize(summary.warnings.length, 'warning')}: review those lines${dry ? ', or run with --strict to leave those files as they are' : ''}.`);
  if (dry) lines.push('Dry run: nothing was written.');
  else if (summary.changed.length > 0) lines.push('Review the changes with `git diff`, then run your tests and ESLint.');
  return `${lines.join('\n')}\n`;
}

/**
 * `eslint-plugin-telegram-bot migrate [paths…]`: run the use-shared-bot codemod over a
 * project, with the manners of known codemod CLIs: a dry run that prints a diff, a refusal to
 * write into a dirty git work tree, atomic writes and a clear summary.
 * Exit codes: 0 nothing failed, 1 some file failed to parse, 2 usage error or refusal.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { migrateFile, type LeftKind, type MigrationSettings } from '../../codemods/use-shared-bot/engine.js';
import { OwnerError, readOwnerModule, type OwnerInstance } from '../../codemods/use-shared-bot/owner.js';
import { ParseError } from '../core/parse.js';
import { mentionsBotLibrary } from '../core/pollers.js';
import { TokenGroups } from '../core/token.js';
import { argumentsOrExit, UsageError } from './args.js';
import { applyChanges, dirtyTreeRefusal, relativeTo, type FileChange } from './changes.js';
import { collectSourceFiles } from './files.js';
import type { Io } from './io.js';
import { createColors, pluralize, shouldUseColor } from './output.js';
import { createProgress } from './progress.js';
import { readSource } from './read-source.js';
import { redactSecrets } from './redact.js';
import { ConfigLoadError, ownersFromEslintConfig } from './owners-from-config.js';
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
  -h, --help            Show this help

Exit codes: 0 done, 1 some file could not be parsed, 2 usage error or refusal.
`;

interface Summary {
  scanned: number;
  changed: string[];
  left: { file: string; line: number; kind: LeftKind; reason: string }[];
  /** What the rewrites change in what the program does, per file and line. */
  warnings: { file: string; line: number; message: string }[];
  /** Things worth knowing about the run as a whole. */
  notes: string[];
  /** Owners that poll when imported, and the changed files that now import them. */
  pollingOwners: Map<string, string[]>;
  failed: { file: string; line: number; message: string }[];
  /** Paths left out of the walk with a reason worth telling (symlinks, loops, unreadable folders). */
  skipped: { file: string; reason: string }[];
}

export async function runMigrate(argv: readonly string[], io: Io, cwd: string): Promise<number> {
  const args = argumentsOrExit('migrate', argv, ['dry', 'json', 'force', 'help', 'strict', 'owner', 'same-token'], MIGRATE_USAGE, io);
  if (typeof args === 'number') return args;
  const colors = createColors(!args.json && shouldUseColor({ isTTY: io.isTTY }));
  const print = (text: string) => io.stdout(redactSecrets(text));
  const fail = (message: string) => {
    io.stderr(redactSecrets(`eslint-plugin-telegram-bot migrate: ${message}\n`));
    return 2;
  };

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

  // Read once; the text pre-filter keeps files that name no bot library out of any parse.
  const sources = new Map<string, string>();
  const summary: Summary = { scanned: collected.files.length, changed: [], left: [], warnings: [], notes: [], pollingOwners: new Map(), failed: [], skipped: [] };
  const relative = relativeTo(cwd);
  // Long runs on a terminal show a progress line on stderr (never with --json or in a pipe).
  const progress = createProgress(args.json ? { stderr: io.stderr } : io, process.env, { delayMs: io.progressDelayMs });
  for (const [index, file] of collected.files.entries()) {
    progress.tick(index + 1, collected.files.length, relative(file));
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

  let resolved: { owners: OwnerInstance[]; groups: TokenGroups };
  try {
    resolved = await resolveOwners(args.owners, cwd, sources, args.sameToken);
  } catch (error) {
    if (error instanceof UsageError || error instanceof OwnerError || error instanceof ConfigLoadError) return fail(error.message);
    throw error;
  }
  const { owners } = resolved;
  if (owners.length === 0) {
    return fail('no owner module: pass --owner <module>, or configure owners in telegram-bot/no-duplicate-poller');
  }
  const settings: MigrationSettings = { ...resolved, strict: args.strict };

  const planned: FileChange[] = [];
  const sitesOf = new Map<string, readonly number[]>();
  for (const [file, before] of sources) {
    try {
      const result = migrateFile(file, before, settings);
      for (const site of result.left) summary.left.push({ file: relative(file), line: site.line, kind: site.kind, reason: site.reason });
      if (result.output !== undefined) {
        for (const warning of result.warnings) summary.warnings.push({ file: relative(file), ...warning });
        for (const owner of result.pollingOwners) summary.pollingOwners.set(owner, [...(summary.pollingOwners.get(owner) ?? []), relative(file)]);
      }
      if (result.output !== undefined) {
        planned.push({ file, before, after: result.output });
        sitesOf.set(file, result.sites);
      }
    } catch (error) {
      if (error instanceof ParseError) {
        summary.failed.push({ file: relative(file), line: error.line, message: error.reason });
      } else {
        summary.failed.push({ file: relative(file), line: 0, message: (error as Error).message });
      }
    }
  }

  // The rewrites must type-check wherever the originals did: a file whose rewrite adds
  // errors is left as it was, with the errors named.
  const checked = typecheckChanges(planned, cwd);
  const outcomes = checked.kept;
  for (const { change, errors } of checked.rolledBack) {
    const file = relative(change.file);
    const reason = `its rewrite would add type errors, so the file is left as it is: ${describeTypeErrors(errors)}`;
    const sites = sitesOf.get(change.file) ?? [];
    for (const line of sites.length > 0 ? sites : [errors[0]?.line ?? 0]) summary.left.push({ file, line, kind: 'type errors', reason });
    summary.warnings = summary.warnings.filter((warning) => warning.file !== file);
    for (const [owner, files] of summary.pollingOwners) summary.pollingOwners.set(owner, files.filter((other) => other !== file));
  }
  if (checked.skipped) summary.notes.push(checked.skipped);

  summary.changed.push(...outcomes.map((outcome) => relative(outcome.file)));
  await applyChanges(outcomes, args, relative, print);

  if (args.json) {
    // `skipped` only when something was: the summary's shape stays as documented otherwise.
    const { skipped, warnings, notes, pollingOwners, ...rest } = summary;
    const importers = [...pollingOwners].filter(([, files]) => files.length > 0).map(([owner, files]) => ({ owner: relative(owner), files }));
    const report = {
      dry: args.dry,
      owners: owners.map((o) => ({ file: relative(o.file), export: o.exportName, token: o.tokenLabel })),
      ...rest,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      ...(importers.length > 0 ? { ownersPollingAtImport: importers } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
    };
    print(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    print(humanSummary(summary, owners, args.dry, relative, colors));
  }
  return summary.failed.length > 0 ? 1 : 0;
}

/** Owners from --owner, else from the ESLint config, else inferred; with the token groups that apply. */
async function resolveOwners(
  explicit: readonly string[],
  cwd: string,
  sources: ReadonlyMap<string, string>,
  sameToken: readonly string[][],
): Promise<{ owners: OwnerInstance[]; groups: TokenGroups }> {
  if (explicit.length > 0) {
    const groups = new TokenGroups(sameToken);
    const owners: OwnerInstance[] = [];
    for (const module of explicit) {
      const file = path.resolve(cwd, module);
      let source: string;
      try {
        source = await readFile(file, 'utf8');
      } catch {
        throw new UsageError(`owner module not found: ${module}`, '--owner');
      }
      owners.push(...readOwnerModule(file, source, groups));
    }
    return { owners, groups };
  }
  const fromConfig = await ownersFromEslintConfig(cwd, [...sources.keys()]);
  if (fromConfig) {
    const groups = new TokenGroups([...fromConfig.sameToken, ...sameToken]);
    const owners: OwnerInstance[] = [];
    for (const owner of fromConfig.owners) {
      const source = sources.get(owner.file) ?? (await readFile(owner.file, 'utf8'));
      const wanted = owner.tokens && new Set(owner.tokens.map((key) => groups.canonical(key)));
      const instances = readOwnerModule(owner.file, source, groups, owner.exportName);
      owners.push(...instances.filter((instance) => !wanted || instance.keys.every((key) => wanted.has(key))));
    }
    return { owners, groups };
  }
  const groups = new TokenGroups(sameToken);
  return { owners: inferOwners(cwd, groups, sources), groups };
}

/** Per token, the single module that already exports a polling instance of it. */
function inferOwners(cwd: string, groups: TokenGroups, sources: ReadonlyMap<string, string>): OwnerInstance[] {
  const byToken = new Map<string, OwnerInstance[]>();
  for (const [file, source] of sources) {
    let instances: OwnerInstance[];
    try {
      instances = readOwnerModule(file, source, groups);
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

/** ` (2 different library, 1 lazy owner)`: the left sites counted by why they stay. */
function leftByKind(left: Summary['left']): string {
  if (left.length === 0) return '';
  const counts = new Map<LeftKind, number>();
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
  for (const owner of owners) lines.push(`  ${relative(owner.file)} exports \`${owner.exportName}\` (token ${owner.tokenLabel})`);
  for (const file of summary.changed) lines.push(`${colors.green(dry ? 'would change' : 'changed')}  ${file}`);
  for (const site of summary.left) lines.push(`${colors.yellow('left')}     ${site.file}:${site.line}  ${site.reason}`);
  for (const warning of summary.warnings) lines.push(`${colors.yellow('warning')}  ${warning.file}:${warning.line}  ${warning.message}`);
  for (const note of summary.notes) lines.push(`${colors.dim('note')}     ${note}`);
  for (const [owner, files] of summary.pollingOwners) {
    if (files.length === 0) continue;
    lines.push(
      `${colors.yellow('note')}     ${relative(owner)} starts polling when it is imported; so do the modules that now import it: ${files.join(', ')} (defer-polling moves the start to the entry point)`,
    );
  }
  for (const skip of summary.skipped) lines.push(`${colors.dim('skipped')}  ${skip.file}  ${skip.reason}`);
  for (const failure of summary.failed) lines.push(`${colors.red('failed')}   ${failure.file}${failure.line ? `:${failure.line}` : ''}  ${failure.message}`);
  lines.push(
    `${pluralize(summary.scanned, 'file')} scanned: ${summary.changed.length} ${dry ? 'to change' : 'changed'}, ` +
      `${pluralize(summary.left.length, 'site')} left as ${summary.left.length === 1 ? 'it is' : 'they are'}${leftByKind(summary.left)}, ${summary.failed.length} failed.`,
  );
  if (summary.warnings.length > 0) lines.push(`${pluralize(summary.warnings.length, 'warning')}: review those lines${dry ? ', or run with --strict to leave those files as they are' : ''}.`);
  if (dry) lines.push('Dry run: nothing was written.');
  else if (summary.changed.length > 0) lines.push('Review the changes with `git diff`, then run your tests and ESLint.');
  return `${lines.join('\n')}\n`;
}

/**
 * The causes no single file shows, read off the project model: one token polled by two bots
 * in one process, by two processes, by every worker of a cluster, while a webhook is set for
 * it, or by a module that polls when imported and is imported by more than one process (or is
 * run again by a hot-reloading runner).
 */
import path from 'node:path';

import { comparePaths, toPosix } from '../core/paths.js';
import { describeTokenKey, type TokenGroups } from '../core/token.js';
import type { BotEvent } from '../project/evaluate.js';
import type { HotReload } from '../project/entries/index.js';
import type { ProcessModel, ProjectModel } from '../project/model.js';
import { eventsExclusive } from '../project/queries.js';

export type FindingKind = 'same-process-duplicate' | 'multi-process' | 'cluster' | 'webhook-conflict' | 'polling-on-import';

export interface Finding {
  readonly kind: FindingKind;
  /** How the token reads: an env name (or names), or `bot <id>` for a hard-coded token. */
  readonly token: string;
  readonly sites: readonly { readonly file: string; readonly line: number }[];
  readonly message: string;
}

/** What every finding kind reads: the model, its processes, and how tokens and sites are written. */
interface Reading {
  readonly model: ProjectModel;
  readonly processes: readonly ProcessModel[];
  /** A file as findings write it: relative to the project root, '/'-separated. */
  relative(file: string): string;
  /** The event's token keys, canonical (two env names of one token are one key), sorted. */
  keysOf(event: BotEvent): string[];
  /** How the token of these events reads: every raw key, `A = B` when several name one token. */
  label(events: readonly BotEvent[]): string;
  /** The distinct sites of these events, sorted by file and line. */
  at(events: readonly BotEvent[]): { file: string; line: number }[];
}

/** Starts of one canonical token, by the process that runs them. */
type StartsByProcess = Map<ProcessModel, BotEvent[]>;

export function findConflicts(model: ProjectModel, groups: TokenGroups): Finding[] {
  const reading = readingOf(model, groups);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding) => {
    const id = `${finding.kind}\u0000${finding.token}\u0000${finding.sites.map((site) => `${site.file}:${site.line}`).join(',')}`;
    if (seen.has(id)) return;
    seen.add(id);
    findings.push(finding);
  };
  for (const byProcess of startsByToken(reading).values()) {
    sameProcessDuplicates(reading, byProcess).forEach(add);
    multiProcess(reading, byProcess).forEach(add);
    clusters(reading, byProcess).forEach(add);
  }
  webhookConflicts(reading).forEach(add);
  pollingOnImport(reading).forEach(add);
  return findings;
}

function readingOf(model: ProjectModel, groups: TokenGroups): Reading {
  const relative = (file: string) => toPosix(path.relative(model.root, file));
  return {
    model,
    processes: model.processes(),
    relative,
    keysOf: (event) => [...new Set(event.instance.tokenKeys.map((key) => groups.canonical(key)))].sort(),
    label: (events) => [...new Set(events.flatMap((event) => event.instance.tokenKeys))].sort().map(describeTokenKey).join(' = '),
    at: (events) =>
      [...new Map(events.map((event) => [`${event.file}:${event.site.line}`, { file: relative(event.file), line: event.site.line }])).values()].sort(
        (a, b) => comparePaths(a.file, b.file) || a.line - b.line,
      ),
  };
}

/** Per canonical token: the starts of each process. */
function startsByToken(reading: Reading): Map<string, StartsByProcess> {
  const byToken = new Map<string, StartsByProcess>();
  for (const process of reading.processes) {
    for (const event of process.events) {
      if (event.kind !== 'start') continue;
      for (const key of reading.keysOf(event)) {
        let byProcess = byToken.get(key);
        if (!byProcess) byToken.set(key, (byProcess = new Map()));
        byProcess.set(process, [...(byProcess.get(process) ?? []), event]);
      }
    }
  }
  return byToken;
}

/** Two bots (or one created twice) polling one token in one process. */
function sameProcessDuplicates(reading: Reading, byProcess: StartsByProcess): Finding[] {
  const { relative } = reading;
  const token = reading.label([...byProcess.values()].flat());
  const findings: Finding[] = [];
  for (const [process, starts] of byProcess) {
    const pollers = distinctPollers(starts);
    if (pollers.length < 2) continue;
    const files = [...new Set(pollers.flat().map((event) => event.file))];
    const creations = new Set(pollers.map((group) => `${group[0]?.instance.file}:${group[0]?.instance.site.line}`));
    const [creation] = pollers[0] ?? [];
    findings.push({
      kind: 'same-process-duplicate',
      token,
      sites: reading.at(pollers.flat()),
      message:
        creations.size === 1 && creation
          ? `The bot created at ${relative(creation.instance.file)}:${creation.instance.site.line} is created ${pollers.length} times in the process started by ${process.label}, and each one polls token ${token} ` +
            '(a NestJS provider listed in the `providers` of several modules, or a factory called more than once). ' +
            'Telegram keeps one getUpdates poller per token and ends the others with 409 Conflict. Create it once: provide it in one module and import that module elsewhere.'
          : `${pollers.length} bots poll token ${token} in the process started by ${process.label} (${files.map(relative).join(', ')}). ` +
            'Telegram keeps one getUpdates poller per token and ends the others with 409 Conflict. ' +
            'Keep one owner module and import its instance elsewhere: rule telegram-bot/no-duplicate-poller, then `eslint-plugin-telegram-bot migrate`.',
    });
  }
  return findings;
}

/** One token polled by two processes (two that run the same entry files are one). */
function multiProcess(reading: Reading, byProcess: StartsByProcess): Finding[] {
  const distinct = distinctProcesses([...byProcess].map(([process, starts]) => ({ process, starts })));
  if (distinct.length < 2) return [];
  const token = reading.label([...byProcess.values()].flat());
  return [
    {
      kind: 'multi-process',
      token,
      sites: reading.at(distinct.flatMap((entry) => entry.starts)),
      message:
        `Token ${token} is polled by ${distinct.length} processes: ${distinct.map((entry) => entry.process.label).join('; ')}. ` +
        'Each process is its own getUpdates poller, so they end each other with 409 Conflict. ' +
        'Poll from one process only; the others can send with a bot created without polling (or use a webhook).',
    },
  ];
}

/** A polling process that runs as several copies: replicas, PM2 cluster mode, `cluster.fork()`. */
function clusters(reading: Reading, byProcess: StartsByProcess): Finding[] {
  const token = reading.label([...byProcess.values()].flat());
  const findings: Finding[] = [];
  for (const [process, starts] of byProcess) {
    if (!process.clustered && !forksWithoutGuard(reading.model, process)) continue;
    const replicas = process.clustered ? process.entries.map((entry) => entry.cluster?.how).find((how) => how !== undefined) : undefined;
    findings.push({
      kind: 'cluster',
      token,
      sites: reading.at(starts),
      message: replicas
        ? `${process.label} runs as several copies (${replicas}), and each copy polls token ${token}: 409 Conflict. ` +
          'Poll from a service with one replica and let the scaled ones send only (a bot created without polling), or switch the token to a webhook.'
        : `${process.label} runs as several workers (PM2 cluster mode with more than one instance, or cluster.fork() without a worker guard), and each worker polls token ${token}: 409 Conflict. ` +
          'Run the poller in one fork-mode process (PM2 exec_mode "fork", instances 1) or behind cluster.isPrimary.',
    });
  }
  return findings;
}

/**
 * A webhook and a poller of one token that can run at the same time, one finding per token
 * naming every place that puts it in webhook mode. A bot whose polling is a run-time switch
 * (`{ polling: usePolling }`) is the usual "poll in development, webhook in production"
 * design: no conflict.
 */
function webhookConflicts(reading: Reading): Finding[] {
  const { keysOf } = reading;
  const allEvents = reading.processes.flatMap((process) => process.events);
  const starts = allEvents.filter((event) => event.kind === 'start' && event.instance.tokenKeys.length > 0 && !event.conditional);
  const webhooksByToken = new Map<string, { webhooks: BotEvent[]; conflicting: BotEvent[] }>();
  for (const webhook of allEvents) {
    if (webhook.kind !== 'webhook' || webhook.instance.tokenKeys.length === 0) continue;
    const webhookKeys = keysOf(webhook);
    const conflicting = starts.filter((start) => keysOf(start).some((key) => webhookKeys.includes(key)) && !eventsExclusive(start, webhook));
    if (conflicting.length === 0) continue;
    const id = webhookKeys.join('\u0000');
    const entry = webhooksByToken.get(id) ?? { webhooks: [], conflicting: [] };
    entry.webhooks.push(webhook);
    entry.conflicting.push(...conflicting);
    webhooksByToken.set(id, entry);
  }
  return [...webhooksByToken.values()].map(({ webhooks, conflicting: all }) => {
    const conflicting = uniqueSites(all);
    const token = reading.label([...webhooks, ...conflicting]);
    const sitesOf = (events: readonly BotEvent[]) => reading.at(events).map((site) => `${site.file}:${site.line}`).join(', ');
    return {
      kind: 'webhook-conflict',
      token,
      sites: reading.at([...webhooks, ...conflicting]),
      message:
        `Token ${token} is set to a webhook (${sitesOf(webhooks)}) and polled (${sitesOf(conflicting)}). ` +
        'Telegram refuses getUpdates while a webhook is set (409 Conflict), and pollers delete the webhook when they start. Use one mode per token.',
    };
  });
}

/** A module that polls when imported, imported by more than one process or run again by a hot-reloading runner. */
function pollingOnImport(reading: Reading): Finding[] {
  const { model, processes, relative } = reading;
  const findings: Finding[] = [];
  for (const file of model.relevant()) {
    const atImport = model.startsAtImport(file);
    if (atImport.length === 0) continue;
    const importers = distinctProcesses(processes.filter((process) => process.reach.has(file)).map((process) => ({ process, starts: atImport })));
    const reloaded = processes.find((process) => process.reach.has(file) && reloadsModule(process, file));
    if (importers.length < 2 && !reloaded?.hotReload) continue;
    const known = atImport.filter((event) => event.instance.tokenKeys.length > 0);
    const reload = reloaded?.hotReload ? reloadMessage(reloaded.label, reloaded.hotReload) : '';
    findings.push({
      kind: 'polling-on-import',
      token: known.length > 0 ? reading.label(known) : 'unknown token',
      sites: reading.at(atImport),
      message:
        importers.length >= 2
          ? `${relative(file)} starts polling when it is imported, and ${importers.length} processes import it: ${importers.map((entry) => entry.process.label).join('; ')}. Each of them polls. ${reload}` +
            'Create the bot without polling and start it from one entry point: rule telegram-bot/no-polling-on-import, then `eslint-plugin-telegram-bot defer-polling`.'
          : `${relative(file)} starts polling when it is ${reloaded?.entryFiles.has(file) ? 'loaded' : 'imported'}. ${reload}` +
            'Create the bot without polling, start it from the entry point and stop it on exit (bot.stop() on SIGINT/SIGTERM): rule telegram-bot/no-polling-on-import, then `eslint-plugin-telegram-bot defer-polling`.',
    });
  }
  return findings;
}

/**
 * Starts grouped by the bot they start (one instance started twice is one poller); two bots
 * whose starts can never run together (`if (prod) … else …`) count once.
 */
function distinctPollers(starts: readonly BotEvent[]): BotEvent[][] {
  const byInstance = new Map<string, BotEvent[]>();
  for (const event of starts) byInstance.set(event.instance.key, [...(byInstance.get(event.instance.key) ?? []), event]);
  const groups: BotEvent[][] = [];
  for (const events of byInstance.values()) {
    const exclusiveWithAll = groups.length > 0 && groups.every((group) => group.every((a) => events.every((b) => eventsExclusive(a, b))));
    if (!exclusiveWithAll) groups.push(events);
  }
  return groups;
}

function uniqueSites(events: readonly BotEvent[]): BotEvent[] {
  return [...new Map(events.map((event) => [`${event.file}#${event.site.start}`, event])).values()];
}

/** Processes that run the same entry files are one program run two ways: count it once. */
function distinctProcesses<T extends { process: ProcessModel }>(list: readonly T[]): T[] {
  const byFiles = new Map<string, T>();
  for (const item of list) {
    const key = [...item.process.entryFiles].sort().join('\u0000');
    if (!byFiles.has(key)) byFiles.set(key, item);
  }
  return [...byFiles.values()];
}

/**
 * A module a reloading runner runs again: any module it imports (a restart loads it anew); the
 * entry itself too when the runner re-evaluates in the same process (`bun --hot`), since the
 * previous poller is still running there.
 */
function reloadsModule(process: ProcessModel, file: string): boolean {
  if (!process.hotReload) return false;
  return process.hotReload.mode === 're-evaluate' || !process.entryFiles.has(file);
}

/** What the runner does to a module that polls at import, for the finding's message. */
function reloadMessage(label: string, reload: HotReload): string {
  return reload.mode === 're-evaluate'
    ? `${label} runs under ${reload.runner}, which evaluates the module again inside the same process on every change while the poller started before keeps running: two pollers, 409 Conflict. `
    : `${label} runs under ${reload.runner}, which restarts the process on every change; the new process polls again while Telegram may still hold the old one's getUpdates, and answers 409 Conflict. `;
}

/** `cluster.fork()` in the process with no primary/worker check beside it. */
function forksWithoutGuard(model: ProjectModel, process: ProcessModel): boolean {
  for (const file of process.reach) if (model.files.get(file)?.forksWithoutGuard) return true;
  return false;
}

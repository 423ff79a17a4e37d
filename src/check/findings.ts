/**
 * The causes no single file shows: one token polled from two modules of one process, from two
 * processes, from every worker of a cluster, while a webhook is set for it, or by a module that
 * polls when imported and is imported by more than one process.
 */
import path from 'node:path';

import { describeTokenKey, type TokenGroups } from '../core/token.js';
import type { EntryPoint } from './entries.js';
import { reachableFrom } from './module-graph.js';
import type { ModuleFacts, PollerSite, ProjectIndex, Site } from './project-index.js';

export type FindingKind = 'same-process-duplicate' | 'multi-process' | 'cluster' | 'webhook-conflict' | 'polling-on-import';

export interface Finding {
  readonly kind: FindingKind;
  /** How the token reads: an env name (or names), or `bot <id>` for a hard-coded token. */
  readonly token: string;
  readonly sites: readonly { readonly file: string; readonly line: number }[];
  readonly message: string;
}

/** One OS process: the entries that run as it, and every module they reach. */
interface Process {
  readonly label: string;
  readonly entries: readonly EntryPoint[];
  readonly entryFiles: ReadonlySet<string>;
  readonly reach: ReadonlySet<string>;
  readonly clustered: boolean;
}

export function findConflicts(index: ProjectIndex, entries: readonly EntryPoint[], groups: TokenGroups): Finding[] {
  const relative = (file: string) => path.relative(index.root, file).split(path.sep).join('/');
  const importsOf = (file: string) => index.modules.get(file)?.imports ?? [];
  const processes = groupProcesses(entries, importsOf, relative);
  const keyOf = (site: Site) => [...new Set(site.keys.map((key) => groups.canonical(key)))].sort();
  // Every name the sites use: `.env` or --same-token may have made two names one token.
  const label = (sites: readonly Site[]) => [...new Set(sites.flatMap((site) => site.keys))].sort().map(describeTokenKey).join(' = ');
  const allPollers = [...index.modules.values()].flatMap((module) => module.pollers).filter((site) => site.keys.length > 0);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding) => {
    const id = `${finding.kind}\u0000${finding.token}\u0000${finding.sites.map((site) => `${site.file}:${site.line}`).join(',')}`;
    if (seen.has(id)) return;
    seen.add(id);
    findings.push(finding);
  };
  const at = (sites: readonly Site[]) =>
    [...new Map(sites.map((site) => [`${site.file}:${site.line}`, { file: relative(site.file), line: site.line }])).values()].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
    );

  // Pollers of one token per process (any of them may run: a function that creates one is
  // usually called), and the ones that surely start in that process.
  // Per canonical key: sites whose key sets share it (`A` and `A || 'fallback'` are one token).
  const byToken = new Map<string, PollerSite[]>();
  for (const site of allPollers) {
    for (const key of keyOf(site)) byToken.set(key, [...(byToken.get(key) ?? []), site]);
  }

  for (const sites of byToken.values()) {
    const token = label(sites);

    for (const process of processes) {
      // A poller behind an entry guard runs only where its module is the entry.
      const reached = sites.filter((site) => process.reach.has(site.file) && (!site.directOnly || process.entryFiles.has(site.file)));
      const files = new Set(reached.map((site) => site.file));
      if (files.size >= 2) {
        add({
          kind: 'same-process-duplicate',
          token,
          sites: at(reached),
          message:
            `${files.size} modules of the process started by ${process.label} poll token ${token}: ${[...files].map(relative).join(', ')}. ` +
            'Telegram keeps one getUpdates poller per token and ends the others with 409 Conflict. ' +
            'Keep one owner module and import its instance elsewhere: rule telegram-bot/no-duplicate-poller, then `eslint-plugin-telegram-bot migrate`.',
        });
      }
    }

    const active = processes
      .map((process) => ({ process, sites: sites.filter((site) => startsIn(site, process, index.modules)) }))
      .filter((entry) => entry.sites.length > 0);
    const distinct = distinctProcesses(active);
    if (distinct.length >= 2) {
      add({
        kind: 'multi-process',
        token,
        sites: at(distinct.flatMap((entry) => entry.sites)),
        message:
          `Token ${token} is polled by ${distinct.length} processes: ${distinct.map((entry) => entry.process.label).join('; ')}. ` +
          'Each process is its own getUpdates poller, so they end each other with 409 Conflict. ' +
          'Poll from one process only; the others can send with a bot created without polling (or use a webhook).',
      });
    }
    for (const { process, sites: started } of active) {
      if (!process.clustered && !forksWithoutGuard(process, index.modules)) continue;
      add({
        kind: 'cluster',
        token,
        sites: at(started),
        message:
          `${process.label} runs as several workers (PM2 cluster mode, instances above 1, or cluster.fork() without a worker guard), and each worker polls token ${token}: 409 Conflict. ` +
          'Run the poller in one fork-mode process (PM2 exec_mode "fork", instances 1) or behind cluster.isPrimary.',
      });
    }
  }

  // A webhook and a poller of one token that can run at the same time.
  const reachedByAny = new Set(processes.flatMap((process) => [...process.reach]));
  const webhooks = [...index.modules.values()].flatMap((module) => module.webhooks).filter((site) => site.keys.length > 0);
  for (const webhook of webhooks) {
    const webhookKeys = keyOf(webhook);
    const conflicting = allPollers.filter((poller) => {
      if (!keyOf(poller).some((key) => webhookKeys.includes(key))) return false;
      if (poller.file === webhook.file) return !webhook.exclusiveWith.includes(poller.id);
      return reachedByAny.has(poller.file) && reachedByAny.has(webhook.file);
    });
    if (conflicting.length === 0) continue;
    const token = label([webhook, ...conflicting]);
    add({
      kind: 'webhook-conflict',
      token,
      sites: at([webhook, ...conflicting]),
      message:
        `Token ${token} is set to a webhook (${relative(webhook.file)}:${webhook.line}) and polled (${conflicting.map((site) => `${relative(site.file)}:${site.line}`).join(', ')}). ` +
        'Telegram refuses getUpdates while a webhook is set (409 Conflict), and pollers delete the webhook when they start. Use one mode per token.',
    });
  }

  // A module that polls when imported, imported by more than one process.
  for (const module of index.modules.values()) {
    const atImport = module.pollers.filter((site) => site.atImport);
    if (atImport.length === 0) continue;
    const importers = distinctProcesses(processes.filter((process) => process.reach.has(module.file)).map((process) => ({ process, sites: atImport })));
    if (importers.length < 2) continue;
    const known = atImport.filter((site) => site.keys.length > 0);
    add({
      kind: 'polling-on-import',
      token: known.length > 0 ? label(known) : 'unknown token',
      sites: at(atImport),
      message:
        `${relative(module.file)} starts polling when it is imported, and ${importers.length} processes import it: ${importers.map((entry) => entry.process.label).join('; ')}. ` +
        'Each of them polls. Create the bot without polling and start it from one entry point: rule telegram-bot/no-polling-on-import, then `eslint-plugin-telegram-bot defer-polling`.',
    });
  }
  return findings;
}

/** Entries with the same process id are one process; processes that run the same entry files are alternatives (main vs a script). */
function groupProcesses(
  entries: readonly EntryPoint[],
  importsOf: (file: string) => readonly string[],
  relative: (file: string) => string,
): Process[] {
  const byId = new Map<string, EntryPoint[]>();
  for (const entry of entries) byId.set(entry.process, [...(byId.get(entry.process) ?? []), entry]);
  const processes: Process[] = [];
  for (const group of byId.values()) {
    const reach = new Set<string>();
    for (const entry of group) for (const file of reachableFrom(entry.file, importsOf)) reach.add(file);
    const labels = group.map((entry) => `${entry.via} (${relative(entry.file)})`);
    processes.push({
      label: labels.join(', '),
      entries: group,
      entryFiles: new Set(group.map((entry) => entry.file)),
      reach,
      clustered: group.some((entry) => isClustered(entry.cluster)),
    });
  }
  return processes;
}

function isClustered(cluster: EntryPoint['cluster']): boolean {
  if (!cluster) return false;
  if (cluster.execMode !== undefined && /cluster/i.test(cluster.execMode)) return true;
  const instances = cluster.instances;
  if (typeof instances === 'number') return instances > 1 || instances === 0 || instances === -1;
  return /^(max|-1|0|[2-9]|\d{2,})$/i.test(String(instances).trim());
}

/** Processes that run the same entry files are one program run two ways: count it once. */
function distinctProcesses<T extends { process: Process }>(list: readonly T[]): T[] {
  const byFiles = new Map<string, T>();
  for (const item of list) {
    const key = [...item.process.entryFiles].sort().join('\u0000');
    if (!byFiles.has(key)) byFiles.set(key, item);
  }
  return [...byFiles.values()];
}

/**
 * Does this poller surely start in this process? When it polls at import, when it sits in the
 * entry itself, or when the function it sits in is called from another module of the process.
 */
function startsIn(site: PollerSite, process: Process, modules: ReadonlyMap<string, ModuleFacts>): boolean {
  if (!process.reach.has(site.file)) return false;
  // In the entry itself: it runs (entry guards are taken, local functions are called there).
  if (process.entryFiles.has(site.file)) return true;
  if (site.directOnly) return false;
  if (site.atImport) return true;
  return calledIn(site, process, modules);
}

/** Is the function a poller sits in called from another module of the process? */
function calledIn(site: PollerSite, process: Process, modules: ReadonlyMap<string, ModuleFacts>): boolean {
  if (!site.inFunction) return false;
  const call = new RegExp(`\\b${site.inFunction.replace(/[$]/g, '\\$')}\\s*\\(`);
  for (const file of process.reach) {
    if (file === site.file) continue;
    const text = modules.get(file)?.text;
    if (text && call.test(text)) return true;
  }
  return false;
}

/** `cluster.fork()` in the process with no primary/worker check anywhere beside it. */
function forksWithoutGuard(process: Process, modules: ReadonlyMap<string, ModuleFacts>): boolean {
  for (const file of process.reach) {
    const text = modules.get(file)?.text;
    if (text && /\bcluster\s*\.\s*fork\s*\(/.test(text) && !/\bcluster\s*\.\s*is(?:Primary|Master|Worker)\b/.test(text)) return true;
  }
  return false;
}

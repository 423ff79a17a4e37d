/**
 * Which token a bot polls with, and which tokens a module polls, as the project model evaluates
 * them (tokens read from config modules, env helpers, imported constants). The rule's owners and
 * migrate ask these, so that both agree with `check` on which instance is which bot.
 */
import type { BotEvent, Instance } from './evaluate.js';
import type { ProjectModel } from './model.js';

/**
 * Per creation site in `file` (the offset of its `new`): its token keys when every evaluation of
 * it gives the same known keys. A site whose token differs by caller (a wrapper's parameter) or
 * is unknown in some run has none: it may be more than one bot.
 */
export function creationTokenKeys(instances: Iterable<Instance>, file: string): Map<number, readonly string[]> {
  const bySite = new Map<number, string | null>();
  const keysOf = new Map<string, readonly string[]>();
  for (const instance of instances) {
    if (instance.file !== file) continue;
    const joined = instance.tokenKeys.length > 0 ? [...instance.tokenKeys].sort().join('\u0000') : null;
    if (joined !== null) keysOf.set(joined, instance.tokenKeys);
    const earlier = bySite.get(instance.site.start);
    bySite.set(instance.site.start, earlier === undefined || earlier === joined ? joined : null);
  }
  const result = new Map<number, readonly string[]>();
  for (const [site, joined] of bySite) result.set(site, joined === null ? [] : (keysOf.get(joined) ?? []));
  return result;
}

/** The token keys of bots created in the modules `inModule` accepts that some code starts polling. */
export function tokensPolled(events: Iterable<BotEvent>, inModule: (file: string) => boolean): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.kind !== 'start' || !inModule(event.instance.file)) continue;
    for (const key of event.instance.tokenKeys) keys.add(key);
  }
  return keys;
}

/** Creation sites (`file#offset`) that some code starts polling. */
export function pollingSites(events: Iterable<BotEvent>): Set<string> {
  const sites = new Set<string>();
  for (const event of events) if (event.kind === 'start') sites.add(`${event.instance.file}#${event.instance.site.start}`);
  return sites;
}

/**
 * The whole project's bots, for a one-off run over every file (migrate): every file that
 * matters evaluated once, each function as if anything called it, plus what every process does.
 */
export class ProjectBots {
  private readonly tokensByFile = new Map<string, Map<number, readonly string[]>>();
  private readonly createdByFile = new Map<string, Instance[]>();
  private readonly events: readonly BotEvent[];
  private readonly started: ReadonlySet<string>;

  constructor(readonly model: ProjectModel) {
    const everything = model.everything();
    for (const instance of everything.created) this.createdByFile.set(instance.file, [...(this.createdByFile.get(instance.file) ?? []), instance]);
    this.events = [...everything.events, ...model.processes().flatMap((process) => process.events)];
    this.started = pollingSites(this.events);
  }

  /** The token keys of the bot created at offset `start` of `file`, when the project tells them one way. */
  tokenKeysAt(file: string, start: number): readonly string[] | undefined {
    let byStart = this.tokensByFile.get(file);
    if (!byStart) this.tokensByFile.set(file, (byStart = creationTokenKeys(this.createdByFile.get(file) ?? [], file)));
    const keys = byStart.get(start);
    return keys && keys.length > 0 ? keys : undefined;
  }

  /** Some code, in this module or another, starts polling the bot created at `start` of `file`. */
  startedAnywhere(file: string, start: number): boolean {
    return this.started.has(`${file}#${start}`);
  }

  /** The token keys of the bots `file` creates that some code starts polling. */
  polledBy(file: string): Set<string> {
    return tokensPolled(this.events, (candidate) => candidate === file);
  }
}

/**
 * Which token a bot polls with, and which tokens a module polls, as the project model evaluates
 * them (tokens read from config modules, env helpers, imported constants). The rule's owners and
 * migrate ask these, so that both agree with `check` on which instance is which bot.
 */
import type { BotEvent, Instance } from './evaluate.js';

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

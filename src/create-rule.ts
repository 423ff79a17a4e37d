/**
 * createRule: typescript-eslint's rule types with this plugin's docs URL and defaults. Written
 * here rather than taken from @typescript-eslint/utils at run time, because that package requires
 * TypeScript as a peer, and JavaScript-only projects must not get TypeScript installed through us.
 */
import type { TSESLint } from '@typescript-eslint/utils';

import { redactSecrets } from './core/redact.js';

import { versionedUrl } from './package-info.js';

export interface TelegramBotRuleDocs {
  description: string;
  recommended?: boolean;
}

type Meta<MessageIds extends string, Options extends readonly unknown[]> = Omit<TSESLint.RuleMetaData<MessageIds, TelegramBotRuleDocs, Options>, 'docs' | 'defaultOptions'> & {
  docs: TelegramBotRuleDocs;
  /** The real defaults, merged under the user's options (ESLint 9.15+ does the same itself). */
  defaultOptions: Options;
};

export interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  name: string;
  meta: Meta<MessageIds, Options>;
  create(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Readonly<Options>): TSESLint.RuleListener;
}

export type TelegramBotRule<Options extends readonly unknown[], MessageIds extends string> = TSESLint.RuleModule<MessageIds, Options, TelegramBotRuleDocs> & {
  name: string;
};

/** Where a rule's docs live: the docs of the published version, not of a moving branch. */
export function ruleDocsUrl(name: string): string {
  return versionedUrl(`docs/rules/${name}.md`);
}

export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: RuleDefinition<Options, MessageIds>,
): TelegramBotRule<Options, MessageIds> {
  const { name, meta, create } = rule;
  const optionsOf = defaultsOncePerRun(meta.defaultOptions);
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: ruleDocsUrl(name) } },
    // Every message goes through the same redaction as the CLI's output: a value put into a
    // message (another file's path, a token label) never shows a secret.
    create: (context) => create(redactingContext(context), optionsOf(context.options)),
  };
}

/**
 * The options with their defaults, merged once per lint run rather than once per file. Perf: ESLint
 * hands each file a fresh options array but the same option objects in it, so the user's first
 * option object is the key. Every file of the run shares the result: rules only read their options.
 */
function defaultsOncePerRun<Options extends readonly unknown[]>(defaults: Options): (options: readonly unknown[]) => Options {
  const byFirstOption = new WeakMap<object, Options>();
  const withoutOptions = withDefaults(defaults, []);
  return (options) => {
    if (options.length === 0) return withoutOptions;
    const first = options[0];
    if (options.length > 1 || typeof first !== 'object' || first === null) return withDefaults(defaults, options);
    let merged = byFirstOption.get(first);
    if (!merged) byFirstOption.set(first, (merged = withDefaults(defaults, options)));
    return merged;
  };
}

/**
 * What a rule compiles from its options (globs, token groups), made once per lint run and cwd.
 * Perf: keyed by the user's raw options object, which every file of a run shares, not by the
 * defaults-applied copy `createRule` makes for each file (a cache on that one never hits).
 */
export function compiledOncePerRun<Options, Compiled>(compile: (options: Options, cwd: string) => Compiled) {
  const cache = new WeakMap<object, Map<string, Compiled>>();
  const noOptions = {};
  return (context: { readonly options: readonly unknown[]; readonly cwd: string }, options: Options): Compiled => {
    const raw = context.options[0];
    const key = typeof raw === 'object' && raw !== null ? raw : noOptions;
    let byCwd = cache.get(key);
    if (!byCwd) cache.set(key, (byCwd = new Map()));
    let compiled = byCwd.get(context.cwd);
    if (compiled === undefined) byCwd.set(context.cwd, (compiled = compile(options, context.cwd)));
    return compiled;
  };
}

/** Each option over its default; objects merged key by key, recursively (arrays replaced), as ESLint does. */
export function withDefaults<Options extends readonly unknown[]>(defaults: Options, options: readonly unknown[]): Options {
  return defaults.map((fallback, index) => (options[index] === undefined ? structuredClone(fallback) : merge(fallback, options[index]))) as unknown as Options;
}

function merge(fallback: unknown, value: unknown): unknown {
  if (!isPlainObject(fallback) || !isPlainObject(value)) return value;
  const result: Record<string, unknown> = structuredClone(fallback);
  for (const [key, own] of Object.entries(value)) result[key] = own === undefined ? result[key] : merge(fallback[key], own);
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function redactingContext<MessageIds extends string, Options extends readonly unknown[]>(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
): Readonly<TSESLint.RuleContext<MessageIds, Options>> {
  const report = (descriptor: TSESLint.ReportDescriptor<MessageIds>) => context.report(redactDescriptor(descriptor));
  return new Proxy({ context, report }, REDACTING) as unknown as Readonly<TSESLint.RuleContext<MessageIds, Options>>;
}

/**
 * The context a rule sees: ESLint's, with `report` redacting. Perf: a Proxy with one shared
 * handler. Object.create(context) made every file's context a prototype, which V8 prepares at
 * about 9 µs a time: 27 ms of a 1,000-file lint with three rules, a tenth of their cold cost.
 * ESLint's context is frozen, so the Proxy's target is a holder, not the context itself.
 */
const REDACTING: ProxyHandler<{ readonly context: object; readonly report: unknown }> = {
  get: (target, key) => (key === 'report' ? target.report : Reflect.get(target.context, key, target.context)),
  has: (target, key) => key in target.context,
  ownKeys: (target) => Reflect.ownKeys(target.context),
  getOwnPropertyDescriptor: (target, key) => {
    const descriptor = key === 'report' ? { value: target.report, writable: false, enumerable: true } : Reflect.getOwnPropertyDescriptor(target.context, key);
    // A Proxy may not call a property its target lacks non-configurable.
    return descriptor && { ...descriptor, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

function redactDescriptor<T extends { data?: Record<string, unknown> | undefined; suggest?: readonly { data?: Record<string, unknown> | undefined }[] | null | undefined }>(descriptor: T): T {
  const data = (values: Record<string, unknown> | undefined) =>
    values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? redactSecrets(value) : value]));
  return {
    ...descriptor,
    ...(descriptor.data ? { data: data(descriptor.data) } : {}),
    ...(descriptor.suggest ? { suggest: descriptor.suggest.map((suggestion) => ({ ...suggestion, ...(suggestion.data ? { data: data(suggestion.data) } : {}) })) } : {}),
  };
}

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

/**
 * What a rule of this plugin reads of ESLint's context (ESLint 9 and 10 both have these members),
 * with `report` redacting. ESLint 8's methods (`getScope()`, `getCwd()`…) are not offered.
 */
export type RuleContext<MessageIds extends string, Options extends readonly unknown[]> = Pick<
  Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  'id' | 'options' | 'settings' | 'languageOptions' | 'cwd' | 'filename' | 'physicalFilename' | 'sourceCode' | 'report'
>;

export interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  name: string;
  meta: Meta<MessageIds, Options>;
  create(context: RuleContext<MessageIds, Options>, options: Readonly<Options>): TSESLint.RuleListener;
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
 * The options with their defaults, merged once per lint run rather than once per file (a merge
 * copies the defaults). Every file of the run shares the result: rules only read their options.
 */
function defaultsOncePerRun<Options extends readonly unknown[]>(defaults: Options): (options: readonly unknown[]) => Options {
  const byJson = new Map<string, Options>();
  const withoutOptions = withDefaults(defaults, []);
  // Perf: the last answer first (every file of a run has the same options): 2-3 µs a file and
  // rule less than a lookup in a CLI run.
  let last: { readonly first: unknown; readonly merged: Options } | undefined;
  return (options) => {
    if (options.length === 0) return withoutOptions;
    const first = options[0];
    if (last !== undefined && options.length === 1 && first === last.first) return last.merged;
    // ESLint 9.15+ merges the declared defaults itself, into a new object for each file when the
    // user gives options: the options' JSON (they are JSON, by the schema) is the key.
    const key = JSON.stringify(options);
    let merged = byJson.get(key);
    if (!merged) byJson.set(key, (merged = withDefaults(defaults, options)));
    if (options.length === 1) last = { first, merged };
    return merged;
  };
}

/**
 * What a rule compiles from its options (globs, token groups), made once per lint run and cwd.
 * Keyed by the options object `createRule` hands the rule, which files with the same options share.
 */
export function compiledOncePerRun<Options, Compiled>(compile: (options: Options, cwd: string) => Compiled) {
  const cache = new WeakMap<object, Map<string, Compiled>>();
  const noOptions = {};
  return (context: { readonly cwd: string }, options: Options): Compiled => {
    const key = typeof options === 'object' && options !== null ? options : noOptions;
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

/**
 * The context a rule sees: ESLint's members, read through when asked for, and a `report` that
 * redacts. Perf: one small object of one class (V8 inlines its getters). A Proxy over ESLint's
 * context cost 2-3 µs a file and rule in a CLI run, and reads through it more;
 * Object.create(context) about 9 µs (V8 prepares each new prototype).
 */
class RedactingContext<MessageIds extends string, Options extends readonly unknown[]> implements RuleContext<MessageIds, Options> {
  constructor(private readonly eslint: Readonly<TSESLint.RuleContext<MessageIds, Options>>) {}
  get id() {
    return this.eslint.id;
  }
  get options() {
    return this.eslint.options;
  }
  get settings() {
    return this.eslint.settings;
  }
  get languageOptions() {
    return this.eslint.languageOptions;
  }
  get cwd() {
    return this.eslint.cwd;
  }
  get filename() {
    return this.eslint.filename;
  }
  get physicalFilename() {
    return this.eslint.physicalFilename;
  }
  get sourceCode() {
    return this.eslint.sourceCode;
  }
  report(descriptor: TSESLint.ReportDescriptor<MessageIds>): void {
    this.eslint.report(redactDescriptor(descriptor));
  }
}

function redactingContext<MessageIds extends string, Options extends readonly unknown[]>(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
): RuleContext<MessageIds, Options> {
  return new RedactingContext(context);
}

function redactDescriptor<T extends { data?: Record<string, unknown> | undefined; suggest?: readonly { data?: Record<string, unknown> | undefined }[] | null | undefined }>(descriptor: T): T {
  const data = (values: Record<string, unknown> | undefined) =>
    values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? redactSecrets(value) : value]));
  return {
    ...descriptor,
    ...(descriptor.data ? { data: data(descriptor.data) } : {}),
    ...(descriptor.suggest ? { suggest: descriptor.suggest.map((suggestion) => ({ ...suggestion, ...(suggestion.data ? { data: data(suggestion.data) } : {}) })) } : {}),
  };
}

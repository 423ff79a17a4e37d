// Over 400 lines: one rule a file; its in-file, owner and process checks share the report and suggestion helpers below.
/**
 * no-duplicate-poller: a polling bot may only be created in its token's owner module, and
 * only once there. Telegram ends all but one getUpdates poller per token with 409 Conflict.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { apiLabel } from '../src/catalogue/libraries.js';
import { compiledOncePerRun, createRule, type RuleContext } from '../src/create-rule.js';
import { unwrap } from '../src/core/ast.js';
import { mutuallyExclusive } from '../src/core/branches.js';
import { cleanUpLibraryBinding, insertImportLines, removeStatement } from '../src/core/import-edits.js';
import { editingFile, importOf, mergeIntoImport, quoted, specifierFor } from '../src/core/imports.js';
import { ownerInstanceFacts, sameApi, type OwnerInstanceFacts } from '../src/core/owner-facts.js';
import { compileOwners, missingOwnerModuleOnce, ownerOfToken, type Owner, type OwnerLookup, type OwnerOption } from '../src/core/owners.js';
import { isTypeScriptFile, parseFile, type ParsedFile } from '../src/core/parse.js';
import { hasSourceExtension, lintedFilePath, toPosix } from '../src/core/paths.js';
import { analyzeFile, mentionsBotLibrary, type BotCreation } from '../src/core/pollers.js';
import { resolveTarget } from '../src/core/resolve.js';
import { findVariable } from '../src/core/scope.js';
import { describeTokenKey, TokenGroups } from '../src/core/token.js';
import type { BotEvent } from '../src/project/evaluate.js';
import { creationTokenKeys, tokensPolled } from '../src/project/instance-tokens.js';
import { LiveFile, projectModelFor } from '../src/project/live.js';
import type { ProjectModel } from '../src/project/model.js';
import { eventsExclusive } from '../src/project/queries.js';

export interface NoDuplicatePollerOptions {
  owners?: OwnerOption[];
  sameToken?: string[][];
  project?: boolean;
}

export type MessageIds =
  | 'duplicateInFile'
  | 'duplicateInProject'
  | 'outsideOwner'
  | 'outsideOwnerOtherLibrary'
  | 'outsideOwnerGetter'
  | 'outsideLazyOwner'
  | 'noOwner'
  | 'importOwnerInstance'
  | 'callOwnerGetter';

const identifierPattern = '^[A-Za-z_$][A-Za-z0-9_$]*$';

export type Options = [NoDuplicatePollerOptions];

export const noDuplicatePoller = createRule<Options, MessageIds>({
  name: 'no-duplicate-poller',
  meta: {
    type: 'problem',
    docs: {
      description: 'Allow a polling Telegram bot only in its token\'s owner module, once per token',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          owners: {
            type: 'array',
            description: 'The modules that own a polling bot, one per token.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module'],
              properties: {
                module: {
                  type: 'string',
                  minLength: 1,
                  description: 'Owner module: absolute, or relative to ESLint\'s cwd; globs allowed.',
                },
                token: {
                  description: 'Token keys it owns: env var names, or bot ids of hard-coded tokens.',
                  oneOf: [
                    { type: 'string', minLength: 1 },
                    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
                  ],
                },
                export: {
                  type: 'string',
                  pattern: identifierPattern,
                  description: 'The name the owner exports its instance under (default `bot`).',
                },
              },
            },
          },
          sameToken: {
            type: 'array',
            description: 'Groups of env var names that hold one token in your deployment.',
            items: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 } },
          },
          project: {
            type: 'boolean',
            description: 'Without owners, also report a poller when another module of the project polls the same token.',
          },
        },
      },
    ],
    messages: {
      duplicateInFile:
        'Second polling bot for token {{token}} in this file (the first is on line {{line}}). Telegram allows one getUpdates poller per token; the later one gets 409 Conflict. Reuse the first instance.',
      duplicateInProject:
        'Token {{token}} is also polled in {{other}}:{{line}}. Telegram allows one getUpdates poller per token; a second one gets 409 Conflict. Declare one owner module in the `owners` option and import its instance everywhere else.',
      outsideOwner:
        'Polling bot for token {{token}} created outside its owner module {{owner}}. Telegram allows one getUpdates poller per token; a second one gets 409 Conflict. Import `{{exportName}}` from the owner instead.',
      outsideOwnerOtherLibrary:
        'Polling {{library}} bot for token {{token}} created outside its owner module {{owner}}, whose bot for this token is {{ownerLibrary}}: another API, so its instance cannot stand in for this one. Telegram allows one getUpdates poller per token; a second one gets 409 Conflict. Move these handlers to the owner\'s bot, or give this bot a token of its own.',
      outsideOwnerGetter:
        'Polling bot for token {{token}} created outside its owner module {{owner}}. Telegram allows one getUpdates poller per token; a second one gets 409 Conflict. The owner creates its bot on first use: call `{{getter}}()` imported from it instead.',
      outsideLazyOwner:
        'Polling bot for token {{token}} created outside its owner module {{owner}}. Telegram allows one getUpdates poller per token; a second one gets 409 Conflict. The owner creates its bot in {{creator}}, so its variable may still be empty here: export a getter from the owner that creates the bot when it is missing, and call it here.',
      noOwner:
        'Polling bot for token {{token}}, which no owner module owns. Declare its owner in the `owners` option of telegram-bot/no-duplicate-poller so that other modules import that instance.',
      importOwnerInstance: 'Replace this bot with `{{exportName}}` imported from \'{{specifier}}\'.',
      callOwnerGetter: 'Replace this bot with `{{getter}}()` imported from \'{{specifier}}\'.',
    },
    defaultOptions: [{ owners: [], sameToken: [], project: true }],
  },
  create(context, [options]) {
    // Owners are checked against the disk when the linted file is on it (not for RuleTester's
    // virtual files): a mistyped owner is one configuration error, not a report on every poller.
    // Perf: once per options and cwd, not once per file.
    if (options.owners?.length) {
      const error = missingOwnerModuleOnce(options, options.owners, context.cwd, () => existsSync(context.physicalFilename));
      if (error) throw new Error(`telegram-bot/no-duplicate-poller: ${error}`);
    }
    const sourceCode = context.sourceCode;
    const useProject = options.project !== false || (options.owners ?? []).length > 0;
    const file = lintedFilePath(context.cwd, context.physicalFilename);
    const mentions = mentionsBotLibrary(sourceCode.text);
    // Most files never mention a bot library nor import one that does: skip them before any work.
    if (!mentions && !useProject) return {};
    const model = useProject ? projectModelFor(file) : undefined;
    if (!mentions && !model?.relevant().has(file)) return {};
    return {
      Program(program) {
        const input = { ast: program, text: sourceCode.text, visitorKeys: sourceCode.visitorKeys, getScope: (node: TSESTree.Node) => sourceCode.getScope(node) };
        const settings = compiledSettings(context, options);
        const posixFile = toPosix(file);
        const live = model && new LiveFile(model, file, input);
        // What this file shows by itself: reported where polling starts, each start a site.
        const reported: Reported = { instances: new Set(), sites: new Set() };
        const pollers = analyzeFile(input)
          .pollers.filter((poller) => poller.tokenKeys.length > 0)
          .map((poller) => ({ poller, sites: startSites(poller) }))
          // The first poller of a token is the one that starts first.
          .sort((a, b) => (a.sites[0]?.range[0] ?? 0) - (b.sites[0]?.range[0] ?? 0));
        const seen: Poller[] = [];
        for (const poller of pollers) {
          const sites = checkPoller(context, settings, posixFile, poller, seen, model);
          if (sites.length > 0) reported.instances.add(poller.poller.node.range[0]);
          for (const site of sites) reported.sites.add(site);
          seen.push(poller);
        }
        if (!model || !live) return;
        // What needs the project: bots created in another module and started here, tokens that
        // come from elsewhere, and (without owners) a second poller of the token in this process.
        if (settings.owners.length > 0) checkOwnersAcrossModules(context, settings, live, reported, ownedTokens(model, settings));
        else checkProcesses(context, settings.groups, file, live, reported);
      },
    };
  },
});

interface CompiledSettings {
  readonly groups: TokenGroups;
  readonly owners: readonly Owner[];
}

/** Owner globs and token groups, compiled once per lint run. */
const compiledSettings = compiledOncePerRun((options: NoDuplicatePollerOptions, cwd): CompiledSettings => {
  const groups = new TokenGroups(options.sameToken ?? []);
  return { groups, owners: compileOwners(options.owners ?? [], cwd, groups) };
});

type Context = RuleContext<MessageIds, [NoDuplicatePollerOptions]>;

/**
 * The canonical tokens each owner without `token` polls, from the project model: the bots its
 * module creates that some code starts (in its module, or in any process). Once per model (a
 * new one after files change) and owner.
 */
const ownedCache = new WeakMap<ProjectModel, Map<Owner, ReadonlySet<string>>>();

function ownedTokens(model: ProjectModel, settings: CompiledSettings): NonNullable<OwnerLookup['polledBy']> {
  let byOwner = ownedCache.get(model);
  if (!byOwner) ownedCache.set(model, (byOwner = new Map()));
  const cache = byOwner;
  return (owner) => {
    let keys = cache.get(owner);
    if (!keys) {
      const inOwner = (file: string) => owner.matches(toPosix(file));
      const files = [...model.relevant()].filter(inOwner);
      const events = [...files.flatMap((file) => model.eventsIn(file)), ...model.processes().flatMap((process) => process.events)];
      keys = new Set([...tokensPolled(events, inOwner)].map((key) => settings.groups.canonical(key)));
      cache.set(owner, keys);
    }
    return keys;
  };
}

/** A bot of the linted file that polls, with the nodes where its polling starts, in source order. */
interface Poller {
  readonly poller: BotCreation;
  readonly sites: readonly TSESTree.Node[];
}

/** What the in-file check reported: the creations (by start offset) and the start sites. */
interface Reported {
  readonly instances: Set<number>;
  readonly sites: Set<number>;
}

/**
 * Where a bot's polling starts, as the engine found it: each start call (`launch()`, `run(bot)`,
 * `startPolling()`), or the `new` whose options start polling.
 */
function startSites(poller: BotCreation): TSESTree.Node[] {
  const byStart = new Map<number, TSESTree.Node>();
  for (const reason of poller.reasons) {
    const node = reason.kind === 'constructor-option' ? poller.node : reason.node;
    // `new TelegramBot(t, { polling: true }).startPolling()`: one place, one report.
    if (!byStart.has(node.range[0])) byStart.set(node.range[0], node);
  }
  return [...byStart.values()].sort((a, b) => a.range[0] - b.range[0]);
}

/** Reports what one file shows, at each site where a reported bot starts polling; returns their offsets. */
function checkPoller(
  context: Context,
  settings: CompiledSettings,
  file: string,
  { poller, sites }: Poller,
  seen: readonly Poller[],
  model: ProjectModel | undefined,
): number[] {
  const polledBy = model && ownedTokens(model, settings);
  const { groups, owners } = settings;
  if (owners.length > 0) {
    for (const key of poller.tokenKeys) {
      const owner = ownerOfToken(owners, groups.canonical(key), { creationFile: file, polledBy });
      if (owner?.matches(file)) continue;
      const token = describeTokenKey(key);
      if (!owner) {
        for (const site of sites) context.report({ node: site, messageId: 'noOwner', data: { token } });
        return sites.map((site) => site.range[0]);
      }
      // Globs too: an absolute pattern is printed relative to cwd like an absolute path.
      const ownerPath = toPosix(path.relative(context.cwd, owner.absolute)) || owner.module;
      const instance = ownerInstance(owner, groups.canonical(key), groups, model);
      // A send-only owner bot (nothing starts it) would leave this module's handlers without updates.
      const sendOnly = instance !== undefined && !instance.creations.some((creation) => creation.reasons.length > 0) && polledBy?.(owner).has(groups.canonical(key)) === false;
      reportOutsideOwner(context, file, { poller, sites }, owner, ownerPath, token, instance, sendOnly);
      return sites.map((site) => site.range[0]);
    }
  }
  // In the owner module, or with no owners configured: one poller per token in this file.
  const reported: number[] = [];
  for (const site of sites) {
    for (const earlier of seen) {
      const key = groups.overlap(poller.tokenKeys, earlier.poller.tokenKeys);
      if (key === undefined || mutuallyExclusive(earlier.poller.node, poller.node)) continue;
      // A start is a second poller's when an earlier start of another bot of the token can run
      // with it: a call both bots may reach (`bot` reassigned) starts one of them, and the arms
      // of one `if`/`else` or `switch` never both run.
      const first = earlier.sites.find((other) => other.range[0] < site.range[0] && !mutuallyExclusive(other, site));
      if (!first) continue;
      context.report({
        node: site,
        messageId: 'duplicateInFile',
        data: { token: describeTokenKey(key), line: String(first.loc.start.line) },
      });
      reported.push(site.range[0]);
      break;
    }
  }
  return reported;
}

/**
 * Owners across modules: a bot started here that was created in another module, or whose token
 * only the project tells, is allowed when it is its token's owner's instance.
 */
function checkOwnersAcrossModules(context: Context, settings: CompiledSettings, live: LiveFile, reported: Reported, polledBy: OwnerLookup['polledBy']): void {
  const { groups, owners } = settings;
  const done = new Set<number>();
  for (const event of live.events()) {
    if (event.kind !== 'start' || event.instance.tokenKeys.length === 0) continue;
    // Shown by this file alone, and reported where it starts already.
    if (event.instance.file === live.file && reported.instances.has(event.instance.site.start)) continue;
    if (reported.sites.has(event.site.start) || done.has(event.site.start)) continue;
    const creationFile = toPosix(event.instance.file);
    for (const key of event.instance.tokenKeys) {
      const owner = ownerOfToken(owners, groups.canonical(key), { creationFile, polledBy });
      if (owner?.matches(creationFile)) continue;
      const token = describeTokenKey(key);
      done.add(event.site.start);
      if (!owner) {
        context.report({ loc: locOf(context, event), messageId: 'noOwner', data: { token } });
      } else {
        const ownerPath = toPosix(path.relative(context.cwd, owner.absolute)) || owner.module;
        context.report({ loc: locOf(context, event), messageId: 'outsideOwner', data: { token, owner: ownerPath, exportName: owner.exportName } });
      }
      break;
    }
  }
}

/**
 * Without owners: a second bot polling the same token in a process that runs this file. Which
 * processes exist is the project's knowledge (entry points); pollers of one token in two
 * different processes are `check`'s to report, not this rule's.
 */
function checkProcesses(context: Context, groups: TokenGroups, file: string, live: LiveFile, reported: Reported): void {
  const done = new Set<number>();
  for (const process of live.processes()) {
    if (!process.reach.has(file) && !process.entryFiles.has(file)) continue;
    const starts = process.events.filter((event) => event.kind === 'start' && event.instance.tokenKeys.length > 0);
    for (const event of starts) {
      if (event.file !== file || done.has(event.site.start) || reported.sites.has(event.site.start)) continue;
      if (event.instance.file === file && reported.instances.has(event.instance.site.start)) continue;
      const other = starts.find(
        (candidate) =>
          candidate.instance.key !== event.instance.key &&
          groups.overlap(candidate.instance.tokenKeys, event.instance.tokenKeys) !== undefined &&
          !eventsExclusive(candidate, event) &&
          // Two pollers of one file are the in-file check's.
          !(candidate.file === file && candidate.instance.file === file && event.instance.file === file),
      );
      if (!other) continue;
      done.add(event.site.start);
      const key = groups.overlap(event.instance.tokenKeys, other.instance.tokenKeys) as string;
      context.report({
        loc: locOf(context, event),
        messageId: 'duplicateInProject',
        data: { token: describeTokenKey(key), other: toPosix(path.relative(context.cwd, other.file)), line: String(other.site.line) },
      });
    }
  }
}

function locOf(context: Context, event: BotEvent): TSESTree.SourceLocation {
  return { start: context.sourceCode.getLocFromIndex(event.site.start), end: context.sourceCode.getLocFromIndex(event.site.end) };
}

/**
 * What the owner's bot is decides what to say: another library or major API cannot stand in
 * for this bot; a lazily created one is reached through its getter, or not yet at all. When
 * the owner cannot be read (a glob, a missing file), the message stays the general one.
 */
function reportOutsideOwner(
  context: Context,
  file: string,
  { poller, sites }: Poller,
  owner: Owner,
  ownerPath: string,
  token: string,
  instance: OwnerInstanceFacts | undefined,
  sendOnly: boolean,
): void {
  // The import names the owner's export: offered only when that export is this token's bot, and it polls.
  // An owner without `token` is known by what its module holds; the export it names may be another bot.
  const importable = !sendOnly && (instance ? instance.exportName === owner.exportName : owner.tokens !== undefined);
  // Reported where polling starts; a suggestion edits the creation (offered only when the `new` is the one site).
  const report = (descriptor: Omit<TSESLint.ReportDescriptor<MessageIds>, 'node' | 'loc'>) => {
    for (const site of sites) context.report({ ...descriptor, node: site });
  };
  if (instance && !instance.botClasses.every((botClass) => sameApi(botClass, poller.botClass))) {
    const ownerLibrary = instance.botClasses.map(apiLabel).join(' / ');
    report({ messageId: 'outsideOwnerOtherLibrary', data: { token, owner: ownerPath, library: apiLabel(poller.botClass), ownerLibrary } });
    return;
  }
  if (instance?.lazy && instance.getter) {
    const getter = instance.getter;
    report({ messageId: 'outsideOwnerGetter', data: { token, owner: ownerPath, getter }, suggest: sendOnly ? [] : importSuggestion(context, file, poller, owner, { getter }) });
    return;
  }
  if (instance?.lazy) {
    const creator = instance.lazy.creator ? `${instance.lazy.creator}()` : 'a function';
    report({ messageId: 'outsideLazyOwner', data: { token, owner: ownerPath, creator } });
    return;
  }
  report({
    messageId: 'outsideOwner',
    data: { token, owner: ownerPath, exportName: owner.exportName },
    suggest: importable ? importSuggestion(context, file, poller, owner, undefined) : [],
  });
}

// Owner modules are read once per lint run (and again when they or the project model change).
const ownerCache = new Map<string, { readonly mtimeMs: number; readonly model: ProjectModel | undefined; readonly instances: readonly OwnerInstanceFacts[] }>();

/**
 * The owner's instance for a token key, read from the owner module's syntax; a token that
 * comes from another module (a config module, an env helper) as the project model reads it.
 */
function ownerInstance(owner: Owner, key: string, groups: TokenGroups, model: ProjectModel | undefined): OwnerInstanceFacts | undefined {
  if (owner.isGlob) return undefined;
  const file = hasSourceExtension(owner.absolute) ? owner.absolute : resolveTarget(owner.absolute);
  if (!file) return undefined;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  let cached = ownerCache.get(file);
  if (cached?.mtimeMs !== mtimeMs || cached.model !== model) {
    let instances: readonly OwnerInstanceFacts[] = [];
    try {
      const parsed = parseFile(file, readFileSync(file, 'utf8'));
      const analysis = analyzeFile(parsed);
      const fromModel = model && analysis.creations.some((creation) => creation.tokenKeys.length === 0) ? creationTokenKeys(model.instancesIn(file), file) : undefined;
      instances = ownerInstanceFacts(parsed, analysis, fromModel && ((creation) => fromModel.get(creation.node.range[0])));
    } catch {
      // An owner that does not parse is reported by its own lint run; here it only costs the details.
    }
    ownerCache.set(file, (cached = { mtimeMs, model, instances }));
  }
  return cached.instances.find((instance) => instance.tokenKeys.some((candidate) => groups.canonical(candidate) === key));
}

/**
 * Offered only for the simple shape, a module-level `const bot = new Lib(token, { polling: true })`
 * with no start calls (those would start the shared instance a second time). The import is
 * written by the same writer as migrate's (src/core/imports.ts), and the library import goes
 * when nothing else reads it.
 */
function importSuggestion(
  context: Context,
  file: string,
  poller: BotCreation,
  owner: Owner,
  lazy: { readonly getter: string } | undefined,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  if (owner.isGlob || poller.holder.kind !== 'variable') return [];
  if (poller.reasons.some((reason) => reason.kind !== 'constructor-option')) return [];
  const declarator = poller.node.parent;
  const declaration = declarator?.parent;
  if (
    declarator?.type !== 'VariableDeclarator' ||
    declarator.id.type !== 'Identifier' ||
    !declarator.init ||
    unwrap(declarator.init) !== poller.node ||
    declaration?.type !== 'VariableDeclaration' ||
    // An import binding is constant: a `let`/`var` holder may be reassigned later.
    declaration.kind !== 'const' ||
    declaration.declarations.length !== 1 ||
    declaration.parent?.type !== 'Program'
  ) {
    return [];
  }
  const sourceCode = context.sourceCode;
  const program = declaration.parent;
  const text = sourceCode.text;
  const parsed: ParsedFile = {
    ast: program,
    text,
    visitorKeys: sourceCode.visitorKeys,
    getScope: (node) => sourceCode.getScope(node),
    hasBom: false,
    isTypeScript: isTypeScriptFile(file),
    // ESLint parses every .js as `module` by default: a .js without ESM syntax is still CommonJS.
    isModule: program.sourceType === 'module' && !usesRequire(program, file),
  };
  const editing = editingFile(file, parsed);
  if (editing.form === 'import-equals') return [];
  const target = hasSourceExtension(owner.absolute) ? owner.absolute : (resolveTarget(owner.absolute) ?? owner.absolute);
  const specifier = specifierFor(editing, target);
  // `src/bot` may be `src/bot.ts` or `src/bot/index.ts`: when the style needs an extension and
  // the target has none, the right specifier is unknown, so offer nothing rather than a wrong one.
  if (!hasSourceExtension(target) && specifierFor(editing, `${target}.ts`) !== specifier) return [];

  const local = declarator.id.name;
  const imported = lazy ? lazy.getter : owner.exportName;
  const binding = lazy ? imported : local;
  const named = imported === binding ? binding : editing.form === 'cjs' ? `${imported}: ${binding}` : `${imported} as ${binding}`;
  if (lazy) {
    // `const bot = getBot();`: the getter creates the owner's bot when it is missing.
    editing.edits.replace(poller.node.range[0], poller.node.range[1], `${imported}()`);
  } else {
    removeStatement(editing, declaration);
  }
  // The library import this bot needed, once nothing else reads it.
  const callee = unwrap(poller.node.callee);
  const classRef = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
  const libraryBinding = classRef.type === 'Identifier' ? findVariable(sourceCode.getScope(classRef), classRef.name) : undefined;
  if (libraryBinding) cleanUpLibraryBinding(editing, libraryBinding);
  const existing = editing.form === 'esm' ? importOf(editing, target) : undefined;
  if (existing) {
    mergeIntoImport(editing, existing, [named]);
  } else {
    const line =
      editing.form === 'cjs'
        ? `const { ${named} } = require(${quoted(editing, specifier)})${editing.semicolon}`
        : `import { ${named} } from ${quoted(editing, specifier)}${editing.semicolon}`;
    insertImportLines(editing, line + editing.eol);
  }
  editing.edits.joinRemovals(text);

  const output = editing.edits.apply(text);
  const start = Math.min(...editing.edits.positions.map(([from]) => from));
  const end = Math.max(...editing.edits.positions.map(([, to]) => to));
  const replacement = output.slice(start, output.length - (text.length - end));
  return [
    {
      messageId: lazy ? 'callOwnerGetter' : 'importOwnerInstance',
      data: lazy ? { getter: imported, specifier } : { exportName: imported, specifier },
      fix: (fixer) => fixer.replaceTextRange([start, end], replacement),
    },
  ];
}

/** JavaScript without ESM syntax is CommonJS; TypeScript always takes `import` (even .cts). */
function usesRequire(program: TSESTree.Program, file: string): boolean {
  if (/\.[cm]?tsx?$/.test(file)) return false;
  // .mjs is ESM whatever it contains (it may load the library with `await import()` only).
  if (file.endsWith('.mjs')) return false;
  return !program.body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportNamedDeclaration' ||
      statement.type === 'ExportDefaultDeclaration' ||
      statement.type === 'ExportAllDeclaration',
  );
}

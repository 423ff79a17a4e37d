/**
 * The one catalogue of what starts Telegram getUpdates polling, library by library.
 *
 * Everything that differs by library lives here, as data: what creates a bot, what starts
 * polling, how to create one without polling and start it later, and how the calls read in
 * messages and docs. The ESLint rules, the codemods and the project check all read it. Facts
 * come from the libraries' published sources; docs/catalogue.md is generated from this file
 * (`npm run docs:catalogue`) so a reader can check them.
 */

/** Where a class or function sits in a module's value: `[]` is the module itself
 * (`require(x)`, `import * as x`), `['default']` a default import, `['Bot']` a named export. */
export type ExportPath = readonly string[];

/** A method call on an instance that starts polling, written as a member path from the instance. */
export interface StartMethod {
  readonly path: readonly string[];
  /** The call does not poll when an object argument holds this key (telegraf `launch({ webhook })`). */
  readonly notWhenArgHasKey?: string;
}

/**
 * How the constructor itself switches polling on (node-telegram-bot-api 0.x/1.x), and how to
 * create the bot without polling and start it later instead.
 */
export interface ConstructorPolling {
  /** Index of the options argument. */
  readonly optionsArg: number;
  /** Option that starts polling when truthy or of unknown value; `false` creates the bot without polling. */
  readonly key: string;
  /** Inside an object-valued `key`, this set to `false` defers polling to a start call. */
  readonly autoStartKey: string;
  /** The instance method that starts the deferred polling. */
  readonly startMethod: string;
  /** The instance method that says whether it polls already: a second start would be a second poller. */
  readonly isPollingMethod: string;
}

export interface BotClass {
  /** Stable id, used in messages and tests. */
  readonly id: string;
  /** npm package, as users know it. */
  readonly library: string;
  /** The major versions this entry describes. */
  readonly versions: string;
  /** Import specifiers that export the class. */
  readonly sources: readonly string[];
  /** Where the class sits in each source's module value. */
  readonly paths: readonly ExportPath[];
  /** The token: argument `arg`, or the `property` of an object passed there. */
  readonly token: { readonly arg: number; readonly property?: string };
  /** Static factory methods that create an instance (`Telegram.fromToken(t)`). */
  readonly factories?: readonly string[];
  readonly constructorPolling?: ConstructorPolling;
  readonly startMethods: readonly StartMethod[];
  /** Calls on an instance that put its token in webhook mode: Telegram then refuses getUpdates
   * (409), and several pollers delete the webhook when they start. */
  readonly webhookMethods: readonly (readonly string[])[];
  /** A key of the constructor's config object that puts the instance in webhook mode,
   * so its start methods do not poll (telebot `{ webhook }`). */
  readonly webhookConfigKey?: string;
  /** Calls that look like a start but are not; kept here so readers see the trap. */
  readonly notPolling: readonly string[];
}

/** A free function that starts polling the instance it is given (`run(bot)`). */
export interface StarterFunction {
  readonly id: string;
  readonly library: string;
  readonly sources: readonly string[];
  readonly paths: readonly ExportPath[];
  /** The argument that holds the instance. */
  readonly instanceArg: number;
  /** The argument may also be this member of the instance (`longPoll(bot.api)`). */
  readonly instanceMember?: string;
}

export const botClasses: readonly BotClass[] = [
  {
    id: 'node-telegram-bot-api@0-1',
    library: 'node-telegram-bot-api',
    versions: '0.x, 1.x',
    sources: ['node-telegram-bot-api'],
    // 0.x: `module.exports = TelegramBot`; 1.x: default and named `TelegramBot`.
    paths: [[], ['default'], ['TelegramBot'], ['default', 'TelegramBot']],
    token: { arg: 0 },
    constructorPolling: { optionsArg: 1, key: 'polling', autoStartKey: 'autoStart', startMethod: 'startPolling', isPollingMethod: 'isPolling' },
    startMethods: [{ path: ['startPolling'] }, { path: ['initPolling'] }],
    webhookMethods: [['setWebHook']],
    notPolling: ['openWebHook', 'setWebHook', 'processUpdate'],
  },
  {
    id: 'node-telegram-bot-api@2',
    library: 'node-telegram-bot-api',
    versions: '2.x',
    sources: ['node-telegram-bot-api'],
    paths: [['Bot']],
    token: { arg: 0 },
    startMethods: [{ path: ['startPolling'] }],
    webhookMethods: [['setWebhook'], ['api', 'setWebhook']],
    notPolling: ['webhookCallback', 'startWebhook', 'createWebhookServer'],
  },
  {
    // 2.x's bare API client: polls only when handed to `longPoll`.
    id: 'node-telegram-bot-api@2-api',
    library: 'node-telegram-bot-api',
    versions: '2.x',
    sources: ['node-telegram-bot-api'],
    paths: [['Api']],
    token: { arg: 0 },
    startMethods: [],
    webhookMethods: [['setWebhook']],
    notPolling: [],
  },
  {
    id: 'telegraf',
    library: 'telegraf',
    versions: '3.x, 4.x',
    sources: ['telegraf'],
    // 4.x: named only; 3.x: `module.exports = Telegraf` with `.default` and `.Telegraf`.
    paths: [['Telegraf'], [], ['default'], ['default', 'Telegraf']],
    token: { arg: 0 },
    startMethods: [{ path: ['launch'], notWhenArgHasKey: 'webhook' }, { path: ['startPolling'] }],
    webhookMethods: [['createWebhook'], ['telegram', 'setWebhook']],
    // `bot.start(handler)` registers the /start command.
    notPolling: ['start', 'createWebhook', 'webhookCallback'],
  },
  {
    id: 'grammy',
    library: 'grammy',
    versions: '1.x',
    sources: ['grammy', 'grammy/web'],
    paths: [['Bot']],
    token: { arg: 0 },
    startMethods: [{ path: ['start'] }],
    webhookMethods: [['api', 'setWebhook']],
    notPolling: ['handleUpdate', 'webhookCallback'],
  },
  {
    id: 'telebot',
    library: 'telebot',
    versions: '1.x',
    sources: ['telebot'],
    paths: [[], ['default']],
    token: { arg: 0, property: 'token' },
    startMethods: [{ path: ['start'] }, { path: ['connect'] }],
    webhookMethods: [['setWebhook']],
    webhookConfigKey: 'webhook',
    notPolling: [],
  },
  {
    id: 'gramio',
    library: 'gramio',
    versions: '0.x',
    sources: ['gramio'],
    paths: [['Bot']],
    token: { arg: 0, property: 'token' },
    startMethods: [{ path: ['start'], notWhenArgHasKey: 'webhook' }],
    webhookMethods: [['api', 'setWebhook']],
    notPolling: [],
  },
  {
    id: 'puregram',
    library: 'puregram',
    versions: '2.x, 3.x',
    sources: ['puregram'],
    paths: [['Telegram']],
    token: { arg: 0, property: 'token' },
    factories: ['fromToken'],
    // 3.x `telegram.startPolling()`; 2.x `telegram.updates.startPolling()`.
    startMethods: [{ path: ['startPolling'] }, { path: ['updates', 'startPolling'] }],
    webhookMethods: [['api', 'setWebhook']],
    notPolling: ['webhookHandler', 'startWebhook'],
  },
  {
    id: 'slimbot',
    library: 'slimbot',
    versions: '5.x, 6.x',
    sources: ['slimbot'],
    paths: [[], ['default']],
    token: { arg: 0 },
    startMethods: [{ path: ['startPolling'] }],
    webhookMethods: [['setWebhook']],
    notPolling: [],
  },
];

export const starterFunctions: readonly StarterFunction[] = [
  {
    id: 'node-telegram-bot-api@2-run',
    library: 'node-telegram-bot-api',
    sources: ['node-telegram-bot-api/node'],
    paths: [['run']],
    instanceArg: 0,
  },
  {
    id: 'node-telegram-bot-api@2-longPoll',
    library: 'node-telegram-bot-api',
    sources: ['node-telegram-bot-api'],
    paths: [['longPoll']],
    instanceArg: 0,
    instanceMember: 'api',
  },
  {
    // The runner does NOT delete a webhook first, unlike `bot.start()`.
    id: '@grammyjs/runner-run',
    library: '@grammyjs/runner',
    sources: ['@grammyjs/runner'],
    paths: [['run']],
    instanceArg: 0,
  },
];

/**
 * A function that serves a bot's updates from a webhook (`webhookCallback(bot, 'express')`): the
 * app runs its token in webhook mode, so a poller of the same token conflicts with it.
 */
export interface WebhookServer {
  readonly id: string;
  readonly library: string;
  readonly sources: readonly string[];
  readonly paths: readonly ExportPath[];
  readonly instanceArg: number;
}

export const webhookServers: readonly WebhookServer[] = [
  { id: 'grammy-webhookCallback', library: 'grammy', sources: ['grammy', 'grammy/web'], paths: [['webhookCallback']], instanceArg: 0 },
  { id: 'node-telegram-bot-api@2-webhookCallback', library: 'node-telegram-bot-api', sources: ['node-telegram-bot-api'], paths: [['webhookCallback']], instanceArg: 0 },
  { id: 'node-telegram-bot-api@2-startWebhook', library: 'node-telegram-bot-api', sources: ['node-telegram-bot-api/node'], paths: [['startWebhook']], instanceArg: 0 },
];

/** How a framework module's options decide what its bot does. */
export interface FrameworkModeOption {
  readonly key: string;
  /** `false`: the option set to false; `true`: set to true; `webhook`: an object holding a `webhook` key. */
  readonly when: 'false' | 'true' | 'webhook';
  /** What the bot does then instead of polling. */
  readonly mode: 'webhook' | 'none';
}

/**
 * A framework module that creates a bot and starts it when the app starts, with no `new` in
 * user code: NestJS's `TelegrafModule.forRoot({ token, launchOptions })`.
 */
export interface FrameworkModule {
  readonly id: string;
  readonly library: string;
  readonly sources: readonly string[];
  /** The module class, as exported: `TelegrafModule`. */
  readonly path: ExportPath;
  /** Its static factories; the `…Async` ones take `useFactory` returning the options. */
  readonly factories: readonly string[];
  readonly asyncFactories: readonly string[];
  /** The catalogue class of the bot it creates. */
  readonly creates: string;
  /** The option that holds the token. */
  readonly tokenKey: string;
  /** Options that replace polling; anything else polls when the app starts. */
  readonly modes: readonly FrameworkModeOption[];
}

export const frameworkModules: readonly FrameworkModule[] = [
  {
    // Launches the bot with `launchOptions` when the Nest app starts; `false` or a webhook config does not poll.
    id: 'nestjs-telegraf',
    library: 'nestjs-telegraf',
    sources: ['nestjs-telegraf'],
    path: ['TelegrafModule'],
    factories: ['forRoot'],
    asyncFactories: ['forRootAsync'],
    creates: 'telegraf',
    tokenKey: 'token',
    modes: [
      { key: 'launchOptions', when: 'false', mode: 'none' },
      { key: 'launchOptions', when: 'webhook', mode: 'webhook' },
    ],
  },
  {
    // Polls unless `useWebhook: true` (`pollingOptions: false` still polls).
    id: '@grammyjs/nestjs',
    library: '@grammyjs/nestjs',
    sources: ['@grammyjs/nestjs'],
    path: ['NestjsGrammyModule'],
    factories: ['forRoot'],
    asyncFactories: ['forRootAsync'],
    creates: 'grammy',
    tokenKey: 'token',
    modes: [{ key: 'useWebhook', when: 'true', mode: 'webhook' }],
  },
  {
    // A fork of @grammyjs/nestjs that adds `disableUpdates: true` (neither polling nor webhook).
    id: '@kastov/grammy-nestjs',
    library: '@kastov/grammy-nestjs',
    sources: ['@kastov/grammy-nestjs'],
    path: ['NestjsGrammyModule'],
    factories: ['forRoot'],
    asyncFactories: ['forRootAsync'],
    creates: 'grammy',
    tokenKey: 'token',
    modes: [
      { key: 'disableUpdates', when: 'true', mode: 'none' },
      { key: 'useWebhook', when: 'true', mode: 'webhook' },
    ],
  },
];

/**
 * NestJS instantiates the classes a module lists in `providers` when the app starts, once per
 * module that lists them, and calls their lifecycle hooks.
 */
export const nestModule = {
  sources: ['@nestjs/common'],
  path: ['Module'] as ExportPath,
  providersKey: 'providers',
  lifecycleHooks: ['onModuleInit', 'onApplicationBootstrap'],
} as const;

/**
 * How a Nest provider receives the bot a framework module created: a constructor parameter
 * decorated with `@InjectBot()` from the module's package, `@InjectBot(name)` for a bot
 * registered under a name. `migrate` points a duplicate of that bot at it.
 */
export interface FrameworkInjection {
  /** The id of the framework module (above) whose bot it injects. */
  readonly framework: string;
  /** The parameter decorator, exported by the framework module's package. */
  readonly decorator: string;
  /** The registration option that names the bot (beside `useFactory` for the async factories); the decorator takes it. */
  readonly botNameKey: string;
}

export const frameworkInjections: readonly FrameworkInjection[] = [
  { framework: 'nestjs-telegraf', decorator: 'InjectBot', botNameKey: 'botName' },
  { framework: '@grammyjs/nestjs', decorator: 'InjectBot', botNameKey: 'botName' },
  { framework: '@kastov/grammy-nestjs', decorator: 'InjectBot', botNameKey: 'botName' },
];

/** Every import specifier the catalogue knows, for the cheap text pre-filter. */
/** "telegraf 3.x, 4.x", "node-telegram-bot-api 2.x": how a class reads in messages and docs. */
export function apiLabel(botClass: BotClass): string {
  return `${botClass.library} ${botClass.versions}`;
}

/** A start method's call as messages write it, on an instance called `bot`: `bot.updates.startPolling()`. */
export function startMethodCall(path: readonly string[]): string {
  return `bot.${path.join('.')}()`;
}

/**
 * A starter function's call as messages write it: `run(bot)`, and `longPoll(bot.api)` when the
 * instance is handed over through its member (`longPoll(api)` of a bare client reads `longPoll(bot)`).
 */
export function starterCall(starter: StarterFunction, throughMember: boolean): string {
  const name = (starter.paths[0] ?? []).join('.');
  return `${name}(bot${throughMember && starter.instanceMember ? `.${starter.instanceMember}` : ''})`;
}

/** What to call from the entry point instead of a constructor that polls: `bot.startPolling()`. */
export function deferredStartCall(polling: ConstructorPolling): string {
  return `bot.${polling.startMethod}()`;
}

export const librarySources: readonly string[] = [
  ...new Set([...botClasses, ...starterFunctions, ...frameworkModules].flatMap((entry) => entry.sources)),
];

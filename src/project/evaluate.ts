// Over 400 lines on purpose: one Evaluator class whose cases (calls, classes, frameworks, library calls) recurse into each other.
/**
 * Runs file summaries symbolically, across modules: what a process does when its entry runs,
 * or what one function does when called with unknown arguments. A function runs only when a
 * call that resolves to it runs (or when it is handed to code we cannot see, such as
 * `app.listen(port, () => …)`), so comments, strings and same-named methods of other objects
 * never count. Every value that cannot be followed is "unknown", and unknown never matches.
 */
import { botClasses, frameworkInjections, frameworkModules, nestModule, starterFunctions, webhookServers, type BotClass, type FrameworkModule } from '../catalogue/libraries.js';
import type { CreationSummary, Effect, Expr, FileSummary, FunctionSummary, SiteSummary } from './summary.js';

/** A bot instance: one creation site run in one context. */
export interface Instance {
  readonly key: string;
  readonly file: string;
  readonly site: SiteSummary;
  readonly botClass: BotClass;
  /** Env names or bot ids; empty when unknown. */
  readonly tokenKeys: readonly string[];
  readonly webhookConfigured: boolean;
  /** Set when a framework module creates the bot (`TelegrafModule.forRoot()`), not user code. */
  readonly framework?: FrameworkCreation;
}

/** Which framework module created a bot, and the name it registers it under for injection. */
export interface FrameworkCreation {
  /** The catalogue id of the framework module. */
  readonly id: string;
  /** The `botName` option: undefined for the default bot, a string, or null when it cannot be followed. */
  readonly botName: string | undefined | null;
}

export interface BotEvent {
  readonly kind: 'start' | 'webhook';
  readonly instance: Instance;
  /** Where it happens: the start call, or the `new` whose options start polling. */
  readonly file: string;
  readonly site: SiteSummary;
  /** `launch()`, `run(bot)`, `{ polling: true }`, for people. */
  readonly how: string;
  /** Polls only when a value known at run time says so (`{ polling: usePolling }`). */
  readonly conditional?: boolean;
}

export interface EvaluationHost {
  summaryOf(file: string): FileSummary | undefined;
  /** A project file for an import specifier, or undefined for a package or a missing file. */
  resolve(fromFile: string, specifier: string): string | undefined;
  /** Whether running the module can matter (it names a bot library or imports one that does). */
  runsEffects(file: string): boolean;
}

type Value =
  | { readonly k: 'unknown' }
  | { readonly k: 'null' }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'botId'; readonly v: string }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'env'; readonly name: string }
  | { readonly k: 'envObject' }
  | { readonly k: 'mainGuard'; readonly file: string }
  | { readonly k: 'either'; readonly of: readonly Value[] }
  | { readonly k: 'lib'; readonly source: string; readonly path: readonly string[] }
  | { readonly k: 'module'; readonly file: string }
  | { readonly k: 'fn'; readonly file: string; readonly id: number; readonly closure: Frame | undefined; readonly self?: Value }
  | ClassValue
  | ObjectValue
  | { readonly k: 'instance'; readonly instance: Instance; readonly path: readonly string[] }
  | { readonly k: 'array'; readonly items: readonly Value[] }
  | { readonly k: 'bound'; readonly object: Value; readonly name: string };

interface ClassValue {
  readonly k: 'class';
  readonly file: string;
  readonly id: number;
  readonly statics: Map<string, Value[]>;
}

interface ObjectValue {
  readonly k: 'object';
  readonly key: string;
  readonly cls: ClassValue | undefined;
  readonly props: Map<string, Value[]>;
}

interface Frame {
  readonly file: string;
  readonly fn: number;
  readonly args: readonly Value[];
  readonly self: Value;
  readonly parent: Frame | undefined;
  readonly memo: Map<number, Value>;
  readonly variables: Map<number, Value>;
  readonly key: string;
}

const UNKNOWN: Value = { k: 'unknown' };
const NULL: Value = { k: 'null' };
/** How deep calls are followed; real code needs a handful of hops. */
const MAX_CALL_DEPTH = 24;
const MAX_EXPR_DEPTH = 60;
const MAX_EITHER = 16;
const MAX_NESTING = 400;
/**
 * Expression evaluations one evaluator makes at most; past it every value is unknown. Real
 * projects stay far below it; a 6 MB generated bundle (TypeScript's tsc.js) linted as if it
 * named a bot library ran for more than ten minutes without it.
 */
export const MAX_EVALUATIONS = 1_000_000;

const classById = new Map(botClasses.map((botClass) => [botClass.id, botClass]));

export class Evaluator {
  readonly events: BotEvent[] = [];
  /** Every bot instance created while evaluating, started or not (one per creation site and context). */
  readonly created: Instance[] = [];
  private readonly eventKeys = new Set<string>();
  private readonly moduleFrames = new Map<string, Frame>();
  private readonly running = new Set<string>();
  private readonly classes = new Map<string, ClassValue>();
  private readonly moduleBound = new Map<string, Value>();
  private readonly thisBound = new Map<string, Value>();
  private readonly executions = new Map<string, Value>();
  private readonly stack: string[] = [];
  private objectCount = 0;
  /** Evaluations in progress, across calls and fields: deep chains give up as unknown rather than overflow the stack. */
  private nesting = 0;
  private frameCount = 0;
  private evaluations = 0;
  /** Per function: the frame its variables are evaluated in when no call of it is running (unknown arguments). */
  private readonly genericFrames = new Map<string, Frame>();

  /** Expression evaluations asked for so far; past MAX_EVALUATIONS each is refused at once (tests count work, not time). */
  get evaluationCount(): number {
    return this.evaluations;
  }

  /** `entries`: the files run directly in this process (entry guards hold there). */
  constructor(
    private readonly host: EvaluationHost,
    private readonly entries: ReadonlySet<string> = new Set(),
  ) {}

  /** Evaluates a module as `import` or `node file` would (its static imports first). */
  runModule(file: string): void {
    this.guarded(() => this.moduleFrame(file));
  }

  /** Code too deep for the stack gives what was found so far, never a crash of the lint or the check. */
  private guarded(run: () => unknown): void {
    try {
      run();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }

  /**
   * Runs every function of a file once with unknown arguments, as if anything may call it: what
   * the file could start, whether or not something calls it (owner checks, migrate).
   */
  runEveryFunction(file: string): void {
    const summary = this.host.summaryOf(file);
    if (!summary) return;
    this.guarded(() => {
      const moduleFrame = this.moduleFrame(file);
      for (const fn of summary.functions) {
        if (fn.id === 0) continue;
        const self: Value = fn.classId === undefined ? UNKNOWN : this.genericObject(file, fn.classId);
        this.execute(file, fn.id, [], self, moduleFrame, 'generic');
      }
    });
  }

  // -------------------------------------------------------------------------------------------

  private moduleFrame(file: string): Frame {
    let frame = this.moduleFrames.get(file);
    if (frame) return frame;
    frame = this.newFrame(file, 0, [], UNKNOWN, undefined, `module:${file}`);
    this.moduleFrames.set(file, frame);
    if (!this.host.runsEffects(file)) return frame;
    const summary = this.host.summaryOf(file);
    if (!summary) return frame;
    for (const specifier of summary.staticImports) {
      const target = this.host.resolve(file, specifier);
      if (target) this.moduleFrame(target);
    }
    const fn = summary.functions[0];
    if (fn) this.runEffects(summary, fn, frame);
    return frame;
  }

  /** One frame per function for its variables seen from outside any call of it: they evaluate the same every time. */
  private genericFrame(file: string, fn: number): Frame {
    const key = `${file}#${fn}`;
    let frame = this.genericFrames.get(key);
    if (!frame) this.genericFrames.set(key, (frame = this.newFrame(file, fn, [], UNKNOWN, this.moduleFrame(file), 'generic')));
    return frame;
  }

  private newFrame(file: string, fn: number, args: readonly Value[], self: Value, parent: Frame | undefined, key: string): Frame {
    return { file, fn, args, self, parent, memo: new Map(), variables: new Map(), key: `${key}#${this.frameCount++}` };
  }

  private runEffects(summary: FileSummary, fn: FunctionSummary, frame: Frame): void {
    const isEntry = this.entries.has(frame.file);
    for (const effect of fn.effects) {
      if (!guardHolds(effect, frame.fn === 0 ? isEntry : undefined)) continue;
      if (effect.kind === 'eval') {
        this.evaluate(effect.expr, frame, 0);
        continue;
      }
      const object = this.evaluate(effect.object, frame, 0);
      const value = this.evaluate(effect.value, frame, 0);
      for (const target of alternatives(object)) {
        if (target.k === 'object') addProp(target.props, effect.name, value);
        else if (target.k === 'class') addProp(target.statics, effect.name, value);
      }
    }
    void summary;
  }

  /** Calls a project function: runs its effects and gives its return value. */
  private execute(file: string, fnId: number, args: readonly Value[], self: Value, closure: Frame | undefined, why: string): Value {
    const summary = this.host.summaryOf(file);
    const fn = summary?.functions[fnId];
    if (!summary || !fn) return UNKNOWN;
    const key = `${file}#${fnId}#${args.map(valueKey).join(',')}#${valueKey(self)}#${why === 'generic' ? 'g' : ''}`;
    if (!this.host.runsEffects(file) && why !== 'generic') return this.returnsOnly(file, fn, args, self, closure, key);
    const done = this.executions.get(key);
    if (done) return done;
    if (this.running.has(key) || this.stack.length >= MAX_CALL_DEPTH) return UNKNOWN;
    this.running.add(key);
    this.stack.push(key);
    try {
      const frame = this.newFrame(file, fnId, args, self, closure, key);
      this.runEffects(summary, fn, frame);
      const result = either(fn.returns.map((expr) => this.evaluate(expr, frame, 0)));
      this.executions.set(key, result);
      return result;
    } finally {
      this.running.delete(key);
      this.stack.pop();
    }
  }

  /** A function of a module that cannot start a bot: only its value matters (an env helper, a config getter). */
  private returnsOnly(file: string, fn: FunctionSummary, args: readonly Value[], self: Value, closure: Frame | undefined, key: string): Value {
    if (this.running.has(key) || this.stack.length >= MAX_CALL_DEPTH) return UNKNOWN;
    this.running.add(key);
    this.stack.push(key);
    try {
      const frame = this.newFrame(file, fn.id, args, self, closure, key);
      return either(fn.returns.map((expr) => this.evaluate(expr, frame, 0)));
    } finally {
      this.running.delete(key);
      this.stack.pop();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private evaluate(expr: Expr, frame: Frame, depth: number): Value {
    if (depth > MAX_EXPR_DEPTH || this.nesting > MAX_NESTING || ++this.evaluations > MAX_EVALUATIONS) return UNKNOWN;
    this.nesting++;
    try {
      return this.evaluateExpr(expr, frame, depth);
    } finally {
      this.nesting--;
    }
  }

  private evaluateExpr(expr: Expr, frame: Frame, depth: number): Value {
    switch (expr.t) {
      case 'unknown':
        return UNKNOWN;
      case 'null':
        return NULL;
      case 'str':
        return { k: 'str', v: expr.v };
      case 'botId':
        return { k: 'botId', v: expr.v };
      case 'bool':
        return { k: 'bool', v: expr.v };
      case 'envObject':
        return { k: 'envObject' };
      case 'mainGuard':
        return { k: 'mainGuard', file: frame.file };
      case 'either':
        return either(expr.of.map((inner) => this.evaluate(inner, frame, depth + 1)));
      case 'var':
        return this.variable(expr.id, frame, depth);
      case 'param':
        return this.parameter(expr, frame, depth);
      case 'this':
        return this.thisOf(frame);
      case 'super':
        return UNKNOWN;
      case 'import':
        return this.importValue(frame.file, expr.source, expr.path);
      case 'member': {
        const object = this.evaluate(expr.object, frame, depth + 1);
        const name = typeof expr.name === 'string' ? expr.name : stringOf(this.evaluate(expr.name, frame, depth + 1));
        return name === undefined ? (object.k === 'envObject' ? UNKNOWN : UNKNOWN) : this.memberOf(object, name, depth);
      }
      case 'call':
      case 'new':
        return this.invocation(expr, frame, depth);
      case 'fn':
        return { k: 'fn', file: frame.file, id: expr.id, closure: frame };
      case 'class':
        return this.classValue(frame.file, expr.id);
      case 'array':
        return { k: 'array', items: expr.items.map((item) => this.evaluate(item, frame, depth + 1)) };
      case 'object': {
        const object: ObjectValue = { k: 'object', key: `obj${this.objectCount++}`, cls: undefined, props: new Map() };
        for (const [name, value] of expr.props) {
          const evaluated = this.evaluate(value, frame, depth + 1);
          // An object literal's methods see the object as `this`.
          addProp(object.props, name, evaluated.k === 'fn' ? { ...evaluated, self: object } : evaluated);
        }
        return object;
      }
      default:
        return UNKNOWN;
    }
  }

  private variable(id: number, frame: Frame, depth: number): Value {
    const summary = this.host.summaryOf(frame.file);
    const variable = summary?.variables[id];
    if (!variable) return UNKNOWN;
    let home: Frame | undefined = frame;
    while (home && home.fn !== variable.fn) home = home.parent;
    if (!home) home = variable.fn === 0 ? this.moduleFrame(frame.file) : this.genericFrame(frame.file, variable.fn);
    const known = home.variables.get(id);
    if (known) return known;
    home.variables.set(id, UNKNOWN); // a variable defined through itself stays unknown
    const value = either(variable.values.map((expr) => this.evaluate(expr, home, depth + 1)));
    home.variables.set(id, value);
    return value;
  }

  private parameter(expr: Extract<Expr, { t: 'param' }>, frame: Frame, depth: number): Value {
    let home: Frame | undefined = frame;
    while (home && home.fn !== expr.fn) home = home.parent;
    if (!home) return UNKNOWN;
    const summary = this.host.summaryOf(home.file);
    const declared = summary?.functions[expr.fn]?.params[expr.index];
    let value = home.args[expr.index];
    if ((value === undefined || value.k === 'null') && declared?.default) value = this.evaluate(declared.default, home, depth + 1);
    let result = value ?? UNKNOWN;
    for (const name of expr.path) result = this.memberOf(result, name, depth);
    return result;
  }

  private thisOf(frame: Frame): Value {
    for (let current: Frame | undefined = frame; current; current = current.parent) {
      const summary = this.host.summaryOf(current.file);
      const fn = summary?.functions[current.fn];
      // Arrow functions see the `this` of where they are defined; we keep `self` on every frame.
      if (current.self.k !== 'unknown' || fn?.classId !== undefined) return current.self;
    }
    return UNKNOWN;
  }

  private importValue(fromFile: string, source: string, path: readonly string[]): Value {
    const target = this.host.resolve(fromFile, source);
    if (!target) return { k: 'lib', source, path };
    this.moduleFrame(target);
    let value: Value = { k: 'module', file: target };
    for (const name of path) value = this.memberOf(value, name, 0);
    return value;
  }

  /** An export of a project module: ESM named/default, `exports.x`, `module.exports`, re-exports. */
  private exportOf(file: string, name: string, seen: Set<string> = new Set()): Value {
    if (seen.has(file)) return UNKNOWN;
    seen.add(file);
    const summary = this.host.summaryOf(file);
    if (!summary) return UNKNOWN;
    const frame = this.moduleFrame(file);
    const named = summary.exports[name];
    if (named) return this.evaluate(named, frame, 0);
    if (summary.moduleExports) {
      const whole = this.evaluate(summary.moduleExports, frame, 0);
      // `import x from './cjs'` is `module.exports`.
      if (name === 'default') return whole;
      return this.memberOf(whole, name, 0);
    }
    if (name !== 'default') {
      for (const specifier of summary.exportAll) {
        const target = this.host.resolve(file, specifier);
        if (!target) continue;
        const value = this.exportOf(target, name, seen);
        if (value.k !== 'unknown') return value;
      }
    }
    return UNKNOWN;
  }

  private memberOf(object: Value, name: string, depth: number): Value {
    if (depth > MAX_EXPR_DEPTH) return UNKNOWN;
    switch (object.k) {
      case 'either':
        return either(object.of.map((inner) => this.memberOf(inner, name, depth + 1)));
      case 'envObject':
        return { k: 'env', name };
      case 'lib':
        return { k: 'lib', source: object.source, path: [...object.path, name] };
      case 'module':
        return this.exportOf(object.file, name);
      case 'instance':
        return { k: 'instance', instance: object.instance, path: [...object.path, name] };
      case 'object': {
        const values = object.props.get(name);
        if (values) return either(values);
        const method = object.cls && this.methodOf(object.cls, name);
        if (method) return { ...method, self: object };
        if (object.cls) return this.classWideField(object, name);
        return UNKNOWN;
      }
      case 'class': {
        const values = object.statics.get(name);
        if (values) return either(values);
        const summary = this.host.summaryOf(object.file);
        const fnId = summary?.classes[object.id]?.statics[name];
        if (fnId !== undefined) return { k: 'fn', file: object.file, id: fnId, closure: this.moduleFrame(object.file), self: object };
        return UNKNOWN;
      }
      case 'str':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private methodOf(cls: ClassValue, name: string, depth = 0): Extract<Value, { k: 'fn' }> | undefined {
    if (depth > 8) return undefined;
    const summary = this.host.summaryOf(cls.file);
    const classSummary = summary?.classes[cls.id];
    if (!classSummary) return undefined;
    const fnId = classSummary.methods[name];
    if (fnId !== undefined) return { k: 'fn', file: cls.file, id: fnId, closure: this.moduleFrame(cls.file) };
    const parent = this.superClassOf(cls);
    return parent?.k === 'class' ? this.methodOf(parent, name, depth + 1) : undefined;
  }

  private superClassOf(cls: ClassValue): Value | undefined {
    const classSummary = this.host.summaryOf(cls.file)?.classes[cls.id];
    if (!classSummary?.superClass) return undefined;
    return this.evaluate(classSummary.superClass, this.moduleFrame(cls.file), 0);
  }

  /**
   * `this.bot` read before any code we followed assigned it (`start()` called on an instance
   * whose `initialize()` we did not see run): every value any method of the class assigns.
   */
  private classWideField(object: ObjectValue, name: string): Value {
    const cls = object.cls;
    if (!cls) return UNKNOWN;
    const summary = this.host.summaryOf(cls.file);
    if (!summary) return UNKNOWN;
    // Read while being computed (`this.x = this.x || …`): unknown, not a loop.
    object.props.set(name, []);
    const values: Value[] = [];
    for (const fn of summary.functions) {
      if (fn.classId !== cls.id) continue;
      for (const effect of fn.effects) {
        if (effect.kind !== 'assign' || effect.name !== name || effect.object.t !== 'this') continue;
        const frame = this.newFrame(cls.file, fn.id, [], object, this.moduleFrame(cls.file), 'field');
        values.push(this.evaluate(effect.value, frame, 0));
      }
    }
    const value = either(values);
    object.props.set(name, [value]);
    return value;
  }

  private classValue(file: string, id: number): ClassValue {
    const key = `${file}#${id}`;
    let value = this.classes.get(key);
    if (!value) {
      value = { k: 'class', file, id, statics: new Map() };
      this.classes.set(key, value);
    }
    return value;
  }

  private genericObject(file: string, classId: number): ObjectValue {
    return { k: 'object', key: `generic:${file}#${classId}`, cls: this.classValue(file, classId), props: new Map() };
  }

  // -------------------------------------------------------------------------------------------
  // Calls and `new`

  private invocation(expr: Extract<Expr, { t: 'call' | 'new' }>, frame: Frame, depth: number): Value {
    const summary = this.host.summaryOf(frame.file);
    const site = summary?.sites[expr.site];
    if (!summary || !site) return UNKNOWN;
    const store = this.storeFor(site, frame, expr.site);
    const known = store.get();
    if (known) return known;
    store.set(UNKNOWN); // re-entered while being computed: unknown
    const value = this.invoke(expr, frame, summary, site, depth);
    store.set(value);
    return value;
  }

  /** Where the result of a site is remembered: per frame, or once for a module variable or `this.x`. */
  private storeFor(site: SiteSummary, frame: Frame, siteId: number): { get(): Value | undefined; set(value: Value): void } {
    if (site.bound === 'module') {
      const key = `${frame.file}#${siteId}`;
      return { get: () => this.moduleBound.get(key), set: (value) => this.moduleBound.set(key, value) };
    }
    if (site.bound === 'this') {
      const self = this.thisOf(frame);
      const key = `${frame.file}#${siteId}#${valueKey(self)}`;
      return { get: () => this.thisBound.get(key), set: (value) => this.thisBound.set(key, value) };
    }
    return { get: () => frame.memo.get(siteId), set: (value) => frame.memo.set(siteId, value) };
  }

  private invoke(expr: Extract<Expr, { t: 'call' | 'new' }>, frame: Frame, summary: FileSummary, site: SiteSummary, depth: number): Value {
    const creation = summary.creations.find((candidate) => candidate.site === expr.site);
    const args = expr.args.map((arg) => this.evaluate(arg, frame, depth + 1));
    if (creation) return this.create(creation, frame, site, depth);
    const callee = this.evaluate(expr.callee, frame, depth + 1);
    // Each `new` is its own object: two wrappers built with different tokens are two bots.
    if (expr.t === 'new') return this.construct(callee, args, frame, `${frame.file}#${expr.site}`);
    // A method call on a bot: start, webhook, or anything else.
    let handled = false;
    let result: Value = UNKNOWN;
    const results: Value[] = [];
    for (const target of alternatives(callee)) {
      if (target.k === 'instance') {
        handled = true;
        this.instanceCall(target.instance, target.path, site, frame.file);
      } else if (target.k === 'lib') {
        handled = this.libraryCall(target, args, site, frame.file, frame) || handled;
      } else if (target.k === 'fn') {
        handled = true;
        const self = target.self ?? UNKNOWN;
        results.push(this.execute(target.file, target.id, args, self, target.closure, 'call'));
      } else if (target.k === 'class') {
        handled = true;
      }
    }
    if (results.length > 0) result = either(results);
    // Functions handed to code we cannot follow (`app.listen(port, () => …)`, `.then(fn)`): assume they run.
    if (!handled) {
      for (const arg of args) {
        for (const candidate of alternatives(arg)) {
          if (candidate.k === 'fn') this.execute(candidate.file, candidate.id, [], candidate.self ?? UNKNOWN, candidate.closure, 'callback');
        }
      }
    }
    return result;
  }

  private construct(callee: Value, args: readonly Value[], frame: Frame, site?: string): Value {
    const results: Value[] = [];
    for (const target of alternatives(callee)) {
      if (target.k !== 'class') continue;
      const object: ObjectValue = { k: 'object', key: `new:${target.file}#${target.id}@${frame.key}${site === undefined ? '' : `@${site}`}`, cls: target, props: new Map() };
      this.runConstructor(target, args, object, 0);
      results.push(object);
    }
    return either(results);
  }

  private runConstructor(cls: ClassValue, args: readonly Value[], object: ObjectValue, depth: number): void {
    if (depth > 8) return;
    const classSummary = this.host.summaryOf(cls.file)?.classes[cls.id];
    if (!classSummary) return;
    const parent = this.superClassOf(cls);
    // Without a constructor of its own, a subclass passes its arguments to the parent's.
    if (parent?.k === 'class' && classSummary.constructorFn === undefined) this.runConstructor(parent, args, object, depth + 1);
    const closure = this.moduleFrame(cls.file);
    if (classSummary.fieldsFn !== undefined) this.execute(cls.file, classSummary.fieldsFn, [], object, closure, 'fields');
    if (classSummary.constructorFn !== undefined) {
      // `super(…)` inside the constructor: the parent's constructor with the same object.
      if (parent?.k === 'class') this.runConstructor(parent, [], object, depth + 1);
      this.execute(cls.file, classSummary.constructorFn, args, object, closure, 'constructor');
    }
  }

  private create(creation: CreationSummary, frame: Frame, site: SiteSummary, depth: number): Value {
    const botClass = classById.get(creation.classId);
    if (!botClass) return UNKNOWN;
    let tokenKeys = creation.tokenKeys;
    if (tokenKeys.length === 0) tokenKeys = tokenKeysOf(this.evaluate(creation.token, frame, depth + 1));
    const instance: Instance = {
      key: `${frame.file}#${creation.site}@${site.bound === 'module' ? 'module' : site.bound === 'this' ? valueKey(this.thisOf(frame)) : frame.key}|${tokenKeys.join(',')}`,
      file: frame.file,
      site,
      botClass,
      tokenKeys,
      webhookConfigured: creation.webhookConfigured,
    };
    this.created.push(instance);
    if (creation.pollsOnCreate) this.record('start', instance, frame.file, site, 'polling option', creation.pollingConditional);
    return { k: 'instance', instance, path: [] };
  }

  private instanceCall(instance: Instance, path: readonly string[], site: SiteSummary, file: string): void {
    const { botClass } = instance;
    if (botClass.webhookMethods.some((method) => samePath(method, path))) {
      this.record('webhook', instance, file, site, `${path.join('.')}()`);
      return;
    }
    const start = botClass.startMethods.find((method) => samePath(method.path, path));
    if (!start) return;
    const webhook = instance.webhookConfigured || (start.notWhenArgHasKey !== undefined && (site.argKeys ?? []).includes(start.notWhenArgHasKey));
    this.record(webhook ? 'webhook' : 'start', instance, file, site, `${path.join('.')}()`);
  }

  /** `run(bot)`, `longPoll(bot.api)`: a library function that polls the instance it is given. */
  private libraryCall(callee: Extract<Value, { k: 'lib' }>, args: readonly Value[], site: SiteSummary, file: string, frame?: Frame): boolean {
    const isAt = (sources: readonly string[], path: readonly string[]) => sources.includes(callee.source) && samePath(path, callee.path);
    const framework = frameworkModules.find((candidate) => [...candidate.factories, ...candidate.asyncFactories].some((factory) => isAt(candidate.sources, [...candidate.path, factory])));
    if (framework && frame) {
      this.frameworkBot(framework, callee.path.at(-1) as string, args[0] ?? UNKNOWN, site, frame);
      return true;
    }
    if (isAt(nestModule.sources, nestModule.path) && frame) {
      this.nestProviders(args[0] ?? UNKNOWN, frame);
      return true;
    }
    const server = webhookServers.find((candidate) => candidate.paths.some((path) => isAt(candidate.sources, path)));
    if (server) {
      for (const arg of alternatives(args[server.instanceArg] ?? UNKNOWN)) {
        if (arg.k === 'instance' && arg.path.length === 0) this.record('webhook', arg.instance, file, site, `${callee.path.join('.')}()`);
      }
      return true;
    }
    const starter = starterFunctions.find(
      (candidate) => candidate.sources.includes(callee.source) && candidate.paths.some((path) => samePath(path, callee.path)),
    );
    if (!starter) return false;
    for (const arg of alternatives(args[starter.instanceArg] ?? UNKNOWN)) {
      if (arg.k !== 'instance') continue;
      const wanted = starter.instanceMember ? [starter.instanceMember] : [];
      if (samePath(arg.path, wanted) || arg.path.length === 0) this.record('start', arg.instance, file, site, `${callee.path.join('.')}()`);
    }
    return true;
  }

  /** `TelegrafModule.forRoot({ token, launchOptions })`: a bot the framework creates and starts with the app. */
  private frameworkBot(framework: FrameworkModule, factory: string, optionsArg: Value, site: SiteSummary, frame: Frame): void {
    const botClass = classById.get(framework.creates);
    if (!botClass) return;
    let options = optionsArg;
    if (framework.asyncFactories.includes(factory)) {
      const results: Value[] = [];
      for (const factoryFn of alternatives(this.memberOf(optionsArg, 'useFactory', 0))) {
        if (factoryFn.k === 'fn') results.push(this.execute(factoryFn.file, factoryFn.id, [], UNKNOWN, factoryFn.closure, 'factory'));
      }
      options = either(results);
    }
    const tokenKeys = tokenKeysOf(this.memberOf(options, framework.tokenKey, 0));
    // The async factories take the name beside `useFactory`; `forRoot` among the options.
    const nameKey = frameworkInjections.find((injection) => injection.framework === framework.id)?.botNameKey;
    const botName = nameKey === undefined ? null : optionalString(framework.asyncFactories.includes(factory) ? optionsArg : options, nameKey);
    const instance: Instance = {
      key: `${frame.file}#framework@${site.start}|${tokenKeys.join(',')}`,
      file: frame.file,
      site,
      botClass,
      tokenKeys,
      webhookConfigured: false,
      framework: { id: framework.id, botName },
    };
    let mode: 'poll' | 'webhook' | 'none' = 'poll';
    for (const option of framework.modes) {
      const value = this.memberOf(options, option.key, 0);
      const matches =
        option.when === 'false' ? value.k === 'bool' && !value.v : option.when === 'true' ? value.k === 'bool' && value.v : this.memberOf(value, 'webhook', 0).k !== 'unknown';
      if (matches) {
        mode = option.mode;
        break;
      }
    }
    if (mode === 'poll') this.record('start', instance, frame.file, site, `${framework.path.join('.')}.${factory}()`);
    else if (mode === 'webhook') this.record('webhook', instance, frame.file, site, `${framework.path.join('.')}.${factory}()`);
  }

  /** `@Module({ providers: [BotService] })`: Nest makes one instance per listing module and runs its lifecycle hooks. */
  private nestProviders(options: Value, frame: Frame): void {
    const providers = this.memberOf(options, nestModule.providersKey, 0);
    for (const list of alternatives(providers)) {
      if (list.k !== 'array') continue;
      for (const item of list.items) {
        const cls = item.k === 'class' ? item : alternatives(this.memberOf(item, 'useClass', 0)).find((candidate): candidate is ClassValue => candidate.k === 'class');
        if (!cls) continue;
        const object = this.construct(cls, [], frame);
        for (const created of alternatives(object)) {
          if (created.k !== 'object' || !created.cls) continue;
          for (const hook of nestModule.lifecycleHooks) {
            const method = this.methodOf(created.cls, hook);
            if (method) this.execute(method.file, method.id, [], created, method.closure, 'lifecycle');
          }
        }
      }
    }
  }

  private record(kind: BotEvent['kind'], instance: Instance, file: string, site: SiteSummary, how: string, conditional = false): void {
    const key = `${kind}|${instance.key}|${file}#${site.start}`;
    if (this.eventKeys.has(key)) return;
    this.eventKeys.add(key);
    this.events.push({ kind, instance, file, site, how, ...(conditional ? { conditional } : {}) });
  }

  /**
   * Calls export `name` of module `file` with unknown arguments, as a framework calls the
   * handlers it loads (a Next.js route's `GET`); the module runs first, as on import.
   */
  callExport(file: string, name: string): void {
    for (const target of alternatives(this.exportOf(file, name))) {
      if (target.k === 'fn') this.execute(target.file, target.id, [], target.self ?? UNKNOWN, target.closure, 'call');
    }
  }
}

// ---------------------------------------------------------------------------------------------

function guardHolds(effect: Effect, isEntry: boolean | undefined): boolean {
  if (effect.guard === undefined || isEntry === undefined) return true;
  return effect.guard === 'main' ? isEntry : !isEntry;
}

/** An optional string option of an object literal: undefined when absent, null when not followed. */
function optionalString(options: Value, key: string): string | undefined | null {
  const found = new Set<string | undefined | null>();
  for (const option of alternatives(options)) {
    if (option.k !== 'object' || option.cls) return null;
    const values = option.props.get(key);
    if (!values) found.add(undefined);
    else for (const value of alternatives(either(values))) found.add(value.k === 'str' ? value.v : null);
  }
  return found.size === 1 ? [...found][0] : null;
}

function alternatives(value: Value): Value[] {
  return value.k === 'either' ? value.of.flatMap(alternatives) : [value];
}

function either(values: readonly Value[]): Value {
  const flat: Value[] = [];
  const seen = new Set<string>();
  for (const value of values.flatMap(alternatives)) {
    if (value.k === 'unknown' || value.k === 'null') continue;
    const key = valueKey(value);
    if (seen.has(key)) continue;
    seen.add(key);
    flat.push(value);
  }
  if (flat.length === 0) return values.some((value) => value.k === 'null') && values.every((value) => value.k === 'null') ? NULL : UNKNOWN;
  if (flat.length === 1) return flat[0] as Value;
  return { k: 'either', of: flat.slice(0, MAX_EITHER) };
}

function addProp(props: Map<string, Value[]>, name: string, value: Value): void {
  const list = props.get(name);
  if (list) list.push(value);
  else props.set(name, [value]);
}

/** A short identity for memo keys: objects by identity, plain values by content. */
function valueKey(value: Value): string {
  switch (value.k) {
    case 'str':
    case 'botId':
      return `${value.k}:${value.v}`;
    case 'env':
      return `env:${value.name}`;
    case 'either':
      return `(${value.of.map(valueKey).join('|')})`;
    case 'lib':
      return `lib:${value.source}:${value.path.join('.')}`;
    case 'module':
      return `module:${value.file}`;
    case 'fn':
      return `fn:${value.file}#${value.id}${value.self ? `@${valueKey(value.self)}` : ''}`;
    case 'class':
      return `class:${value.file}#${value.id}`;
    case 'object':
      return `object:${value.key}`;
    case 'instance':
      return `instance:${value.instance.key}:${value.path.join('.')}`;
    case 'bool':
      return `bool:${value.v}`;
    case 'mainGuard':
      return `main:${value.file}`;
    case 'array':
      return `[${value.items.map(valueKey).join(',')}]`;
    default:
      return value.k;
  }
}

function stringOf(value: Value): string | undefined {
  return value.k === 'str' ? value.v : undefined;
}

/** Env names and bot ids a token value can be; empty when any part is unknown. */
export function tokenKeysOf(value: Value): string[] {
  const keys = new Set<string>();
  for (const candidate of alternatives(value)) {
    if (candidate.k === 'env') keys.add(candidate.name);
    else if (candidate.k === 'botId') keys.add(candidate.v);
  }
  return [...keys];
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

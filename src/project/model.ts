/**
 * The project model: every source file's import specifiers (a cheap scan), a summary of each
 * file that can matter for a bot (parsed on demand and cached by file size and mtime), the entry
 * points and the processes they start, and what each process does with its bots. The rules, the
 * check and migrate all ask this one model.
 *
 * A file can matter when it names a bot library, or imports (directly or not) one that does:
 * only those are parsed and run; a file they read a value from (a config module, an env helper)
 * is parsed when the value is asked for. Perf: a regular expression finds candidate specifiers in
 * every file (20x faster than the tokenizer on 20,000 files); only a specifier whose last name is
 * that of a file that matters is resolved, and only then is the importer's text tokenized to
 * confirm the import (comments and strings do not count).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';

import { parseFile, ParseError } from '../core/parse.js';
import { toPosix } from '../core/paths.js';
import { mentionsBotLibrary, type AnalysisInput } from '../core/pollers.js';
import { findEntryPoints, type EntryPoint, type EntryProblem, type HotReload } from './entries/index.js';
import { Evaluator, type BotEvent, type Instance } from './evaluate.js';
import { implicitEntries } from './implicit-entries.js';
import { createResolver, extractImports, reachableFrom } from './module-graph.js';
import { readForAnalysis } from './read-source.js';
import { summarizeFile, type FileSummary } from './summary.js';
import { isTestFile } from './test-files.js';

/** Larger than this, a file is generated or bundled: it is not parsed (its imports still count). */
export const MAX_ANALYSED_BYTES = 1024 * 1024;

export interface ProjectFile {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mentionsLibrary: boolean;
  /** Candidate import specifiers, from a text scan (confirmed by the tokenizer before use). */
  readonly specifiers: readonly string[];
  /** Scripts it starts as child processes or worker threads (`fork('./job.js')`, `new Worker('./bot.js')`). */
  readonly spawns: readonly string[];
  /** Those of `spawns` started as worker threads. */
  readonly workers: readonly string[];
  /** Its text holds an entry guard (`require.main === module`, `import.meta.main`). */
  readonly hasEntryGuard: boolean;
  /** It calls `cluster.fork()` with no primary/worker check beside it. */
  readonly forksWithoutGuard: boolean;
  /** Why it is not analysed (unreadable, too large, binary), if so. */
  readonly problem?: string;
}

export interface ModelProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** One OS process: the entries that run as it, what they import, and what its bots do. */
export interface ProcessModel {
  readonly label: string;
  readonly entries: readonly EntryPoint[];
  readonly entryFiles: ReadonlySet<string>;
  readonly reach: ReadonlySet<string>;
  readonly clustered: boolean;
  /** The runner that reloads it when a file changes (`tsx watch`, nodemon, `bun --hot`), if any. */
  readonly hotReload: HotReload | undefined;
  readonly events: readonly BotEvent[];
}

export interface ModelOptions {
  /** Keep test files (skipped by default: they poll with fake tokens by design). */
  readonly includeTests?: boolean;
  /** Called after each file is read (for a progress line). */
  readonly onFile?: (done: number, total: number, file: string) => void;
  /** Files of an earlier model whose size and mtime have not changed are taken from it. */
  readonly previous?: ProjectModel;
}

interface CachedSummary {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly summary: FileSummary | undefined;
}

const ENTRY_GUARD = /\brequire\.main\s*[!=]==?\s*module\b|\bmodule\s*[!=]==?\s*require\.main\b|\bimport\.meta\.main\b|import\.meta\.(?:url|filename)[^;\n]*process\.argv\[1\]|process\.argv\[1\][^;\n]*import\.meta\.(?:url|filename)/;
const SPAWN_CALL = /\b(fork|spawn|spawnSync|exec|execSync|execFile|execFileSync|execa|execaNode|Worker)\s*\(([^)]{0,300})\)/g;
const SCRIPT_PATH = /['"`]([^'"`\s]+\.(?:[cm]?[jt]s|tsx?))['"`]/g;

export class ProjectModel {
  readonly files = new Map<string, ProjectFile>();
  readonly problems: ModelProblem[] = [];
  private readonly summaries = new Map<string, CachedSummary>();
  private readonly resolveSpecifier: (fromFile: string, specifier: string) => string | undefined;
  private relevantFiles: Set<string> | undefined;
  private liveRelevant: { file: string; files: Set<string> } | undefined;
  private entryList: { entries: EntryPoint[]; problems: EntryProblem[] } | undefined;
  private processList: ProcessModel[] | undefined;
  private readonly importStarts = new Map<string, BotEvent[]>();
  private readonly confirmedImports = new Map<string, readonly string[]>();

  constructor(
    readonly root: string,
    sourceFiles: readonly string[],
    options: ModelOptions = {},
  ) {
    this.resolveSpecifier = createResolver(root);
    const previous = options.previous;
    for (const [position, file] of sourceFiles.entries()) {
      options.onFile?.(position + 1, sourceFiles.length, file);
      if (!options.includeTests && isTestFile(toPosix(path.relative(root, file)))) continue;
      let stats;
      try {
        stats = statSync(file);
      } catch {
        continue;
      }
      const known = previous?.files.get(file);
      if (known && known.size === stats.size && known.mtimeMs === stats.mtimeMs) {
        this.files.set(file, known);
        const summary = previous?.summaries.get(file);
        if (summary && summary.size === stats.size && summary.mtimeMs === stats.mtimeMs) this.summaries.set(file, summary);
        continue;
      }
      this.files.set(file, this.readFile(file, stats.size, stats.mtimeMs));
    }
    for (const projectFile of this.files.values()) {
      if (projectFile.problem && projectFile.mentionsLibrary) this.problems.push({ file: projectFile.file, line: 0, message: projectFile.problem });
    }
  }

  private readFile(file: string, size: number, mtimeMs: number): ProjectFile {
    const read = readForAnalysis(file);
    if ('problem' in read) {
      const lenient = read.lenient ?? '';
      return { file, size, mtimeMs, mentionsLibrary: mentionsBotLibrary(lenient), specifiers: [], spawns: [], workers: [], hasEntryGuard: false, forksWithoutGuard: false, problem: read.problem };
    }
    const text = read.text;
    const tooLarge = size > MAX_ANALYSED_BYTES;
    return {
      file,
      size,
      mtimeMs,
      mentionsLibrary: mentionsBotLibrary(text),
      specifiers: candidateSpecifiers(text),
      ...spawnedScripts(file, text, this.root, this.resolveSpecifier),
      hasEntryGuard: ENTRY_GUARD.test(text),
      forksWithoutGuard: /\bcluster\s*\.\s*fork\s*\(/.test(text) && !/\bcluster\s*\.\s*is(?:Primary|Master|Worker)\b/.test(text),
      ...(tooLarge ? { problem: `larger than ${MAX_ANALYSED_BYTES / 1024 / 1024} MB: generated or bundled code, not analysed` } : {}),
    };
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    const target = this.resolveSpecifier(fromFile, specifier);
    return target && this.files.has(target) ? target : undefined;
  }

  /** The file's summary, parsed from disk on first use (undefined when it cannot be parsed). */
  summaryOf(file: string): FileSummary | undefined {
    const projectFile = this.files.get(file);
    if (!projectFile || projectFile.problem) return undefined;
    const cached = this.summaries.get(file);
    if (cached && cached.size === projectFile.size && cached.mtimeMs === projectFile.mtimeMs) return cached.summary;
    const read = readForAnalysis(file);
    let summary: FileSummary | undefined;
    let hash = '';
    if ('text' in read) {
      hash = contentHash(read.text);
      try {
        summary = summarizeFile(parseFile(file, read.text));
      } catch (error) {
        if (projectFile.mentionsLibrary) {
          if (error instanceof ParseError) this.problems.push({ file, line: error.line, message: error.reason });
          else this.problems.push({ file, line: 0, message: `could not be analysed: ${(error as Error).message}` });
        }
      }
    }
    this.summaries.set(file, { size: projectFile.size, mtimeMs: projectFile.mtimeMs, hash, summary });
    return summary;
  }

  /** The content hash of the file as last summarised from disk. */
  diskHash(file: string): string | undefined {
    this.summaryOf(file);
    return this.summaries.get(file)?.hash;
  }

  /** Files that name a bot library (or fork a cluster), and every file that imports one of them, directly or not. */
  relevant(): ReadonlySet<string> {
    this.relevantFiles ??= this.closure(new Set(), []);
    return this.relevantFiles;
  }

  /** The files that matter when one file's live text names a bot library (an editor's unsaved edit). */
  relevantWith(file: string | undefined): ReadonlySet<string> {
    const base = this.relevant();
    if (file === undefined || base.has(file)) return base;
    if (this.liveRelevant?.file !== file) this.liveRelevant = { file, files: this.closure(base, [file]) };
    return this.liveRelevant.files;
  }

  /** `start` and `roots`, plus every file that imports one of them, directly or not. */
  private closure(start: ReadonlySet<string>, roots: readonly string[]): Set<string> {
    const relevant = new Set<string>();
    const names = new Set<string>();
    const add = (file: string) => {
      relevant.add(file);
      for (const name of importNames(file)) names.add(name);
    };
    for (const file of start) add(file);
    for (const file of roots) add(file);
    if (start.size === 0) {
      for (const projectFile of this.files.values()) {
        if ((projectFile.mentionsLibrary || projectFile.forksWithoutGuard) && !projectFile.problem) add(projectFile.file);
      }
    }
    // Rounds until no file is added: each adds the importers of the files the last one added.
    for (let grew = true; grew; ) {
      grew = false;
      for (const projectFile of this.files.values()) {
        if (relevant.has(projectFile.file) || projectFile.problem) continue;
        if (!projectFile.specifiers.some((specifier) => names.has(lastName(projectFile.file, specifier)))) continue;
        if (this.importsOf(projectFile.file).some((target) => relevant.has(target))) {
          add(projectFile.file);
          grew = true;
        }
      }
    }
    return relevant;
  }

  /** The project files a file imports at run time (type-only imports left out), confirmed by the tokenizer. */
  importsOf(file: string): readonly string[] {
    let imports = this.confirmedImports.get(file);
    if (imports) return imports;
    const read = this.files.get(file)?.problem ? undefined : readForAnalysis(file);
    imports =
      read && 'text' in read
        ? [
            ...new Set(
              extractImports(read.text)
                .filter((item) => !item.typeOnly)
                .map((item) => this.resolve(file, item.specifier))
                .filter((target): target is string => target !== undefined && target !== file),
            ),
          ]
        : [];
    this.confirmedImports.set(file, imports);
    return imports;
  }

  /** Entry points: the manifests' (package.json, PM2, Procfile, nodemon, Docker, compose), Next.js's and the implicit ones. */
  entries(): { entries: EntryPoint[]; problems: EntryProblem[] } {
    if (this.entryList) return this.entryList;
    const { entries: declared, problems } = findEntryPoints(this.root, { files: this.files.keys() });
    const known = declared.filter((entry) => this.files.has(entry.file));
    this.entryList = { entries: [...known, ...implicitEntries(this, known)], problems };
    return this.entryList;
  }

  /** Every process, with what its bots do when it runs. */
  processes(): ProcessModel[] {
    this.processList ??= this.computeProcesses(undefined);
    return this.processList;
  }

  /**
   * The processes that run `file` (as an entry or through its imports), with its live summary
   * when given. An editor asks this on every keystroke: only these processes are run again.
   */
  processesRunning(file: string, overlay?: { file: string; summary: FileSummary }): ProcessModel[] {
    const runs = (process: { reach: ReadonlySet<string>; entryFiles: ReadonlySet<string> }) => process.reach.has(file) || process.entryFiles.has(file);
    if (!overlay) return this.processes().filter(runs);
    return this.computeProcesses(overlay, runs);
  }

  /**
   * What the code of one file may do, run as if anything called each of its functions: the
   * starts and webhooks located in it, reachable or not.
   */
  eventsIn(file: string, overlay?: { file: string; summary: FileSummary }): BotEvent[] {
    const evaluator = new Evaluator(this.host(overlay));
    evaluator.runModule(file);
    evaluator.runEveryFunction(file);
    return evaluator.events.filter((event) => event.file === file);
  }

  /**
   * The bots one file creates, run as eventsIn runs it (started or not), each with the token
   * the project gives it: what an owner module holds when its token comes from elsewhere.
   */
  instancesIn(file: string): Instance[] {
    const evaluator = new Evaluator(this.host(undefined));
    evaluator.runModule(file);
    evaluator.runEveryFunction(file);
    return evaluator.created.filter((instance) => instance.file === file);
  }

  /**
   * Every file that matters run in one evaluation, each of its functions as if anything called
   * it: what the project's code may create and start, reachable or not (migrate's view).
   */
  everything(): { events: BotEvent[]; created: Instance[] } {
    const evaluator = new Evaluator(this.host(undefined));
    const files = [...this.relevant()];
    for (const file of files) evaluator.runModule(file);
    for (const file of files) evaluator.runEveryFunction(file);
    return { events: evaluator.events, created: evaluator.created };
  }

  /** The polling a module starts by being imported (not run directly): starts located in it. */
  startsAtImport(file: string, overlay?: { file: string; summary: FileSummary }): BotEvent[] {
    let starts = overlay ? undefined : this.importStarts.get(file);
    if (!starts) {
      const evaluator = new Evaluator(this.host(overlay));
      evaluator.runModule(file);
      starts = evaluator.events.filter((event) => event.kind === 'start' && event.file === file);
      if (!overlay) this.importStarts.set(file, starts);
    }
    return starts;
  }

  private host(overlay: { file: string; summary: FileSummary } | undefined) {
    const relevant = this.relevantWith(overlay?.file);
    return {
      summaryOf: (file: string) => (overlay && file === overlay.file ? overlay.summary : this.summaryOf(file)),
      resolve: (fromFile: string, specifier: string) => this.resolve(fromFile, specifier),
      runsEffects: (file: string) => relevant.has(file) || (overlay !== undefined && file === overlay.file),
    };
  }

  private computeProcesses(
    overlay: { file: string; summary: FileSummary } | undefined,
    wanted: (process: { reach: ReadonlySet<string>; entryFiles: ReadonlySet<string> }) => boolean = () => true,
  ): ProcessModel[] {
    const relevant = this.relevantWith(overlay?.file);
    // What a process reaches that can matter: the files that matter are closed under import
    // (a file that imports one is one), so only their own imports are followed.
    const importsOf = (file: string) => (relevant.has(file) ? this.importsOf(file).filter((target) => relevant.has(target)) : []);
    const byId = new Map<string, EntryPoint[]>();
    for (const entry of this.entries().entries) byId.set(entry.process, [...(byId.get(entry.process) ?? []), entry]);
    const processes: ProcessModel[] = [];
    for (const group of byId.values()) {
      const reach = new Set<string>();
      for (const entry of group) for (const file of reachableFrom(entry.file, importsOf)) reach.add(file);
      const entryFiles = new Set(group.map((entry) => entry.file));
      if (!wanted({ reach, entryFiles })) continue;
      let events: BotEvent[] = [];
      if ([...reach].some((file) => relevant.has(file))) {
        const evaluator = new Evaluator(this.host(overlay), entryFiles);
        for (const file of entryFiles) evaluator.runModule(file);
        // Exports the host calls (a Next.js route's GET/POST), as it would, with unknown arguments.
        for (const entry of group) for (const name of entry.calls ?? []) evaluator.callExport(entry.file, name);
        events = evaluator.events;
      }
      processes.push({
        label: group.map((entry) => `${entry.via} (${toPosix(path.relative(this.root, entry.file))})`).join(', '),
        entries: group,
        entryFiles,
        reach,
        clustered: group.some((entry) => isClustered(entry.cluster)),
        hotReload: group.find((entry) => entry.hotReload)?.hotReload,
        events,
      });
    }
    return processes;
  }
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Summarises a file from the AST a linter already has (the live text, not the disk). */
export function summarizeLive(input: AnalysisInput): FileSummary {
  return summarizeFile(input);
}

function isClustered(cluster: EntryPoint['cluster']): boolean {
  if (!cluster) return false;
  const instances = cluster.instances;
  const several = typeof instances === 'number' ? instances > 1 || instances === 0 || instances === -1 : /^(max|-1|0|[2-9]|\d{2,})$/i.test(String(instances).trim());
  // PM2 starts `instances` workers in cluster mode; one instance is one process, whatever the mode.
  if (cluster.execMode !== undefined && /cluster/i.test(cluster.execMode)) return instances === undefined ? false : several;
  return several;
}

/** Script paths named in child-process and worker calls, resolved against the file's folder and the root. */
function spawnedScripts(file: string, text: string, root: string, resolve: (fromFile: string, specifier: string) => string | undefined): { spawns: string[]; workers: string[] } {
  if (!/\b(?:fork|spawn|exec|execa|Worker)/.test(text)) return { spawns: [], workers: [] };
  const found = new Set<string>();
  const workers = new Set<string>();
  for (const call of text.matchAll(SPAWN_CALL)) {
    for (const literal of (call[2] ?? '').matchAll(SCRIPT_PATH)) {
      const script = literal[1] as string;
      for (const base of [path.dirname(file), root]) {
        const target = resolve(file, path.resolve(base, script));
        if (target) {
          found.add(target);
          if (call[1] === 'Worker') workers.add(target);
          break;
        }
      }
    }
  }
  return { spawns: [...found], workers: [...workers] };
}

/** `from 'x'`, `import 'x'`, `import('x')`, `require('x')`: candidates only (comments and strings included). */
const SPECIFIER = /(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*['"]([^'"\n]{1,300})['"]/g;

function candidateSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(SPECIFIER)) found.add(match[1] as string);
  return [...found];
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?|json)$/;

/** The names a specifier can use to reach a file: `bot` for `src/bot.ts`, and `telegram` for `src/telegram/index.ts`. */
function importNames(file: string): string[] {
  const base = path.basename(file).replace(SOURCE_EXTENSION, '');
  return base === 'index' ? ['index', path.basename(path.dirname(file))] : [base];
}

/** The last name in a specifier (`../bot.js` → `bot`; `.` → the folder's name). */
function lastName(fromFile: string, specifier: string): string {
  const target = specifier.startsWith('.') ? path.resolve(path.dirname(fromFile), specifier) : specifier.replace(/\/+$/, '');
  return (target.split(/[\\/]/).pop() ?? '').replace(SOURCE_EXTENSION, '');
}

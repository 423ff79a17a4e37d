// Over 400 lines: its steps (scan, cached summaries, importer index, entries, processes) share the per-file maps they keep fresh.
/**
 * The project model: every source file's import specifiers (a cheap scan), a summary of each
 * file that can matter for a bot (parsed on demand; kept by file size and mtime, and by content
 * hash in the persistent cache of ./cache.ts), the entry points and the processes they start, and
 * what each process does with its bots. The rules, the check and migrate all ask this one model.
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

import { isTypeScriptFile, parseFile, ParseError, warmTypeScriptParsing } from '../core/parse.js';
import { toPosix } from '../core/paths.js';
import type { AnalysisInput } from '../core/pollers.js';
import { redactSecrets } from '../core/redact.js';
import { RACY_MS, type FileRecord, type ProjectCache } from './cache.js';
import { findEntryPoints, type EntryPoint, type EntryProblem, type HotReload } from './entries/index.js';
import { Evaluator, type BotEvent, type Instance } from './evaluate.js';
import { NOT_STATED } from './files.js';
import { implicitEntries } from './implicit-entries.js';
import { createResolver, extractImports, reachableFrom } from './module-graph.js';
import { scanFiles, type ScanOptions } from './parallel-scan.js';
import { readForAnalysis } from './read-source.js';
import type { FileScan } from './scan.js';
import { scanFileOnDisk, type ScannedFile } from './scan-file.js';
import { summarizeFile, type FileSummary } from './summary.js';
import { isTestFile } from './test-files.js';
import { Workspace } from './workspaces.js';

export { MAX_ANALYSED_BYTES } from './scan-file.js';

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

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  /**
   * The git blob the file holds, when git vouches for it (tracked and clean): the file is then
   * known by its content and not stat'ed (size and mtime are NOT_STATED).
   */
  readonly oid?: string;
}

export interface ModelOptions {
  /** Keep test files (skipped by default: they poll with fake tokens by design). */
  readonly includeTests?: boolean;
  /** Called after each file is read (for a progress line). */
  readonly onFile?: (done: number, total: number, file: string) => void;
  /** Files of an earlier model whose size and mtime have not changed are taken from it. */
  readonly previous?: ProjectModel;
  /** The persistent cache: files whose size and mtime match their record are not read. */
  readonly cache?: ProjectCache;
  /** Sizes and mtimes already known (from a walk that stat'ed each file); other files are stat'ed. */
  readonly stats?: (file: string) => FileStat | undefined;
  /**
   * With `previous` and the same files: keep its confirmed imports of unchanged files, and the
   * files that matter when no changed file differs in what decides that (its library mention,
   * import candidates and confirmed imports). Off when resolution may have changed (a tsconfig).
   */
  readonly inherit?: boolean;
  /** How the files never seen are read (tests turn the helper thread on or off). */
  readonly scan?: Pick<ScanOptions, 'helper'>;
  /**
   * Parse the files that name a bot library as the scan meets them, for summaryOf to take when
   * the file has not changed since. Perf: for a caller that will ask every such summary (`check`):
   * the main thread's parsing during the scan leaves more of the scan to the helper thread,
   * instead of running alone after it.
   */
  readonly summarizeWhileScanning?: boolean;
}

/** What building and using the model cost: files read, parsed, tokenized (tests count work, not time). */
export interface ModelWork {
  /** Files whose text was read (scan, summary or imports). */
  read: number;
  /** Files parsed and summarised. */
  summarised: number;
  /** Files whose imports the tokenizer confirmed. */
  tokenized: number;
  /** Files taken from the persistent cache without being read. */
  fromCache: number;
  /** Files taken from the previous model without being read. */
  fromPrevious: number;
}

/** A file on its way into the model (see the constructor). */
type Step =
  | { readonly file: string; readonly record: FileRecord; readonly previous?: ProjectFile }
  | { readonly file: string; readonly stats: FileStat; readonly earlier: readonly (FileRecord | undefined)[] }
  | { readonly file: string; readonly stats?: FileStat; unseen: number }; // unseen: its place in the list to scan, set there

export class ProjectModel {
  readonly files = new Map<string, ProjectFile>();
  readonly problems: ModelProblem[] = [];
  readonly work: ModelWork = { read: 0, summarised: 0, tokenized: 0, fromCache: 0, fromPrevious: 0 };
  private readonly records = new Map<string, FileRecord>();
  /** Summaries of files that changed on disk while this model was in use: not recorded. */
  private readonly transientSummaries = new Map<string, FileSummary | undefined>();
  private readonly reportedParseProblems = new Set<string>();
  /** Parses made during the scan (summarizeWhileScanning), by file: taken once, if the content is the same. */
  private readonly earlySummaries = new Map<string, EarlySummary>();
  /** Files whose summary was asked for. */
  private readonly asked = new Set<string>();
  private readonly cache: ProjectCache | undefined;
  private readonly resolveSpecifier: (fromFile: string, specifier: string) => string | undefined;
  /** The monorepo's packages, when the root declares or links any: their names resolve to their sources. */
  readonly workspace: Workspace;
  private relevantFiles: Set<string> | undefined;
  private importers: Map<string, string[]> | undefined;
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
    // An editor's rebuilt model keeps the packages found when no manifest changed (folders are not listed again).
    this.workspace = new Workspace(root, undefined, options.previous && options.inherit === true ? options.previous.workspace : undefined);
    this.resolveSpecifier = createResolver(root, this.workspace);
    this.cache = options.cache;
    const previous = options.previous;
    const now = Date.now();
    // First what is known without reading (an earlier model, the cache); then the files never
    // seen are read and scanned together (on two threads when there are many); last, every file
    // is added in the order given, so the model does not depend on which thread read what.
    const steps: Step[] = [];
    const unseen: string[] = [];
    const statNeeded = new Set<number>(); // positions in `unseen` of the files the scan stats
    const aheadUsable = new Set<number>(); // and of those git vouches for (a scan made ahead holds)
    const onFile = options.onFile;
    let taken = 0; // for the progress line: files done, the unseen ones counted as they are scanned
    for (const file of sourceFiles) {
      const known = previous?.records.get(file);
      const knownFile = previous?.files.get(file);
      const step = this.stepFor(file, known, knownFile, options);
      if (step && 'unseen' in step) {
        step.unseen = unseen.length;
        steps.push(step);
        unseen.push(file);
        if (!step.stats) statNeeded.add(unseen.length - 1);
        else if (step.stats.oid !== undefined) aheadUsable.add(unseen.length - 1);
        continue;
      }
      if (step) steps.push(step);
      onFile?.(++taken, sourceFiles.length, file);
    }
    let parserWarm = false;
    const onScanned: ScanOptions['onScanned'] = (file, scanned, claimed) => {
      onFile?.(Math.min(taken + claimed, sourceFiles.length), sourceFiles.length, file);
      // Perf: the first TypeScript file that names a library will be parsed: the parser loads
      // now, while the helper thread goes on scanning, not after the scan.
      if (!parserWarm && scanned.scan.mentionsLibrary && !scanned.scan.problem && isTypeScriptFile(file)) {
        parserWarm = true;
        warmTypeScriptParsing();
      }
      if (options.summarizeWhileScanning && scanned.scan.mentionsLibrary && !scanned.scan.problem) this.summarizeEarly(file);
    };
    const scans = unseen.length > 0 ? scanFiles(unseen, { ...options.scan, onScanned, statNeeded, aheadUsable, root }) : [];
    for (const step of steps) {
      if ('record' in step) {
        if (step.previous) {
          this.records.set(step.file, step.record);
          this.files.set(step.file, step.previous);
          this.work.fromPrevious++;
        } else {
          this.addFile(step.file, step.record);
          this.work.fromCache++;
        }
      } else if ('unseen' in step) {
        const scanned = scans[step.unseen] as ScannedFile;
        const stats = step.stats ?? scanned.stat;
        if (!stats) continue; // gone, or no longer a file
        this.work.read++;
        this.addFile(step.file, this.recordOf(step.file, stats, now, scanned));
      } else {
        this.addFile(step.file, this.readRecord(step.file, step.stats, now, step.earlier));
      }
    }
    for (const projectFile of this.files.values()) {
      if (projectFile.problem && projectFile.mentionsLibrary) this.problems.push({ file: projectFile.file, line: 0, message: projectFile.problem });
    }
    if (previous) this.inheritFrom(previous, options.inherit === true);
  }

  /** How a file enters the model: left out (a test file, gone), taken as known, or to be read. */
  private stepFor(file: string, known: FileRecord | undefined, knownFile: ProjectFile | undefined, options: ModelOptions): Step | undefined {
    if (!knownFile && !options.includeTests && isTestFile(relativePosix(this.root, file))) return undefined;
    const given = options.stats?.(file);
    const cached = this.cache?.get(file);
    // A file nothing is known of is stat'ed where it is read (on either thread), not here.
    if (!given && !known && !cached) return { file, unseen: -1 };
    const stats = given ?? statOf(file);
    if (!stats) return undefined;
    if (known && knownFile && trusted(known, stats)) return { file, previous: knownFile, record: known };
    const vouched = cached && (trusted(cached, stats) ? cached : this.withBlob(file, cached, stats));
    if (vouched) return { file, record: vouched };
    if (known || cached) return { file, stats, earlier: [known, cached] };
    return { file, stats, unseen: -1 };
  }

  private inheritFrom(previous: ProjectModel, inherit: boolean): void {
    const added = [...this.files.keys()].filter((file) => !previous.files.has(file));
    const removed = [...previous.files.keys()].filter((file) => !this.files.has(file));
    if (added.length > 0 || removed.length > 0) {
      // A script named by a spawn call may have come or gone: resolve those again.
      for (const [file, record] of this.records) if (record.scan.spawnCalls.length > 0 && this.files.get(file) === previous.files.get(file)) this.addFile(file, record);
    }
    if (!inherit) return;
    const changed = [...this.files.values()].filter((projectFile) => previous.files.has(projectFile.file) && previous.files.get(projectFile.file) !== projectFile);
    // Confirmed imports stay, but for changed files and for the files whose specifiers name a
    // file that came or went (`./bot` may now resolve to another file).
    const stale = new Set([...changed.map((projectFile) => projectFile.file), ...added]);
    if (previous.importers) {
      this.importers = patchedImporters(previous.importers, previous.files, this.files, [...removed, ...stale], this.packageKey);
      for (const file of [...added, ...removed]) {
        for (const name of this.namesOf(file)) {
          for (const candidate of [...(previous.importers.get(name) ?? []), ...(this.importers.get(name) ?? [])]) stale.add(candidate);
        }
      }
    } else if (added.length > 0 || removed.length > 0) {
      return;
    }
    for (const [file, imports] of previous.confirmedImports) if (!stale.has(file) && this.files.has(file)) this.confirmedImports.set(file, imports);
    if (added.length > 0 || removed.length > 0) return;
    const sameRelevance = changed.every((projectFile) => {
      const before = previous.files.get(projectFile.file) as ProjectFile;
      const importsBefore = previous.confirmedImports.get(projectFile.file);
      return (
        before.mentionsLibrary === projectFile.mentionsLibrary &&
        before.forksWithoutGuard === projectFile.forksWithoutGuard &&
        Boolean(before.problem) === Boolean(projectFile.problem) &&
        sameList(before.specifiers, projectFile.specifiers) &&
        (importsBefore === undefined || sameList(importsBefore, this.importsOf(projectFile.file)))
      );
    });
    if (sameRelevance) this.relevantFiles = previous.relevantFiles;
  }

  /**
   * The files whose change can change what the model says: the ones that matter, those whose
   * imports were confirmed or whose summary was asked for (config modules, env helpers), the entries.
   */
  watchedFiles(): string[] {
    const files = new Set<string>(this.relevant());
    for (const entry of this.entries().entries) files.add(entry.file);
    for (const file of this.confirmedImports.keys()) files.add(file);
    for (const file of this.asked) files.add(file);
    return [...files];
  }

  private addFile(file: string, record: FileRecord): void {
    this.records.set(file, record);
    const { scan } = record;
    const { spawns, workers } = this.spawnedScripts(file, scan);
    const projectFile: { -readonly [K in keyof ProjectFile]: ProjectFile[K] } = {
      file,
      size: record.size,
      mtimeMs: record.mtimeMs,
      mentionsLibrary: scan.mentionsLibrary,
      specifiers: scan.specifiers,
      spawns,
      workers,
      hasEntryGuard: scan.hasEntryGuard,
      forksWithoutGuard: scan.forksWithoutGuard,
    };
    // Perf: a property added only when there is one, without spreading a new object per file.
    if (scan.problem) projectFile.problem = scan.problem;
    this.files.set(file, projectFile);
  }

  /**
   * A record written by a model that stat'ed the file (the rules), met by one that knows the file
   * by its git blob (check): a stat tells whether the record is of this content, and the blob id
   * is added to it, so either kind of model takes it from then on without reading the file.
   */
  private withBlob(file: string, record: FileRecord, stats: FileStat): FileRecord | undefined {
    if (stats.oid === undefined || record.oid !== undefined || record.size === NOT_STATED) return undefined;
    const current = statOf(file);
    if (!current || !trusted(record, current)) return undefined;
    const vouched: FileRecord = { ...record, oid: stats.oid };
    this.cache?.set(file, vouched);
    return vouched;
  }

  /**
   * Reads and scans a file whose stat matches no record; the summary and imports of an earlier
   * record are kept when the content is the same.
   */
  private readRecord(file: string, stats: FileStat, now: number, earlier: readonly (FileRecord | undefined)[]): FileRecord {
    const scanned = scanFileOnDisk(file);
    this.work.read++;
    const record = this.recordOf(file, stats, now, scanned);
    if (scanned.text !== undefined && earlier.some((other) => other?.hash !== undefined)) {
      const hash = contentHash(scanned.text);
      const same = earlier.find((other) => other?.hash === hash);
      if (same) {
        record.hash = hash;
        if (same.summary !== undefined) record.summary = same.summary;
        if (same.parseProblem) record.parseProblem = same.parseProblem;
        if (same.imports) record.imports = same.imports;
      }
    }
    return record;
  }

  /** The record of a file just read and scanned, kept in the cache when the scan is a fact about its content. */
  private recordOf(file: string, stats: FileStat, now: number, { scan, cacheable, readSince }: ScannedFile): FileRecord {
    // Perf: a record built in one literal per case, without spreading a new object per file.
    const record: FileRecord =
      stats.oid !== undefined
        ? { size: NOT_STATED, mtimeMs: NOT_STATED, oid: stats.oid, scan }
        : (readSince ?? now) - stats.mtimeMs < RACY_MS
          ? { size: stats.size, mtimeMs: stats.mtimeMs, racy: true, scan }
          : { size: stats.size, mtimeMs: stats.mtimeMs, scan };
    // Unreadable now is no fact about the content: only content problems are remembered.
    if (cacheable) this.cache?.set(file, record);
    return record;
  }

  /** Script paths named in child-process and worker calls, resolved against the file's folder and the root. */
  private spawnedScripts(file: string, scan: FileScan): { spawns: readonly string[]; workers: readonly string[] } {
    if (scan.spawnCalls.length === 0) return NO_SPAWNS;
    const found = new Set<string>();
    const workers = new Set<string>();
    for (const call of scan.spawnCalls) {
      for (const script of call.scripts) {
        for (const base of [path.dirname(file), this.root]) {
          const target = this.resolveSpecifier(file, path.resolve(base, script));
          if (target) {
            found.add(target);
            if (call.callee === 'Worker') workers.add(target);
            break;
          }
        }
      }
    }
    return { spawns: [...found], workers: [...workers] };
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    const target = this.resolveSpecifier(fromFile, specifier);
    return target && this.files.has(target) ? target : undefined;
  }

  /** The file's summary, parsed from disk on first use (undefined when it cannot be parsed). */
  summaryOf(file: string): FileSummary | undefined {
    this.asked.add(file);
    const record = this.records.get(file);
    if (!record || record.scan.problem) return undefined;
    if (this.transientSummaries.has(file)) return this.transientSummaries.get(file);
    if (record.summary === undefined) {
      const read = this.readAgain(file, record);
      if (!read) return undefined;
      let summary: FileSummary | null = null;
      let parseProblem: FileRecord['parseProblem'];
      const early = this.earlySummaries.get(file);
      this.earlySummaries.delete(file);
      const parsedEarly = early?.hash === read.hash ? early : undefined;
      try {
        if (parsedEarly?.parseError) throw parsedEarly.parseError;
        summary = parsedEarly ? parsedEarly.summary : summarizeFile(parseFile(file, read.text));
      } catch (error) {
        // Only a parse error is a fact about the text; anything else is not remembered.
        if (!(error instanceof ParseError)) {
          if (record.scan.mentionsLibrary) this.problems.push({ file, line: 0, message: `could not be analysed: ${(error as Error).message}` });
          this.transientSummaries.set(file, undefined);
          return undefined;
        }
        parseProblem = { line: error.line, message: redactSecrets(error.reason) };
      }
      if (!parsedEarly) this.work.summarised++;
      // The cache is a file on disk: a summary that quotes a secret (a token split in two
      // literals) is used for this run only.
      if (!read.current || (summary && quotesSecret(summary))) {
        this.transientSummaries.set(file, summary ?? undefined);
        return summary ?? undefined;
      }
      record.summary = summary;
      if (parseProblem) record.parseProblem = parseProblem;
      this.cache?.set(file, record);
    }
    if (record.parseProblem && record.scan.mentionsLibrary && !this.reportedParseProblems.has(file)) {
      this.reportedParseProblems.add(file);
      this.problems.push({ file, line: record.parseProblem.line, message: record.parseProblem.message });
    }
    return record.summary ?? undefined;
  }

  /**
   * The file's text for its summary or imports, with its hash recorded; `current` is false when
   * the file changed since it was scanned (what is computed from it is then not recorded).
   */
  private readAgain(file: string, record: FileRecord): { text: string; hash: string; current: boolean } | undefined {
    const read = readForAnalysis(file);
    this.work.read++;
    if (!('text' in read)) return undefined;
    const hash = contentHash(read.text);
    if (record.hash === undefined) {
      // Unchanged since the scan: the same blob, or the same size and mtime.
      if (record.oid !== undefined) {
        if (gitBlobId(read.text) !== record.oid) return { text: read.text, hash, current: false };
      } else {
        const stats = statOf(file);
        if (!stats || stats.size !== record.size || stats.mtimeMs !== record.mtimeMs) return { text: read.text, hash, current: false };
      }
      record.hash = hash;
    }
    return { text: read.text, hash, current: record.hash === hash };
  }

  /** A summary worked out now from the file as it is, kept by its content hash for summaryOf. */
  private summarizeEarly(file: string): void {
    const read = readForAnalysis(file);
    this.work.read++;
    if (!('text' in read)) return;
    const hash = contentHash(read.text);
    this.work.summarised++;
    try {
      this.earlySummaries.set(file, { hash, summary: summarizeFile(parseFile(file, read.text)) });
    } catch (error) {
      // Only a parse error is a fact about the text; summaryOf meets anything else itself.
      if (error instanceof ParseError) this.earlySummaries.set(file, { hash, summary: null, parseError: error });
    }
  }

  /** The content hash of the file as last summarised from disk. */
  diskHash(file: string): string | undefined {
    this.summaryOf(file);
    return this.records.get(file)?.hash;
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
    const relevant = new Set<string>(start);
    const queue: string[] = [...roots];
    if (start.size === 0) {
      for (const projectFile of this.files.values()) {
        if ((projectFile.mentionsLibrary || projectFile.forksWithoutGuard) && !projectFile.problem) queue.push(projectFile.file);
      }
    }
    for (const file of queue) relevant.add(file);
    // Breadth first: the files whose specifiers name an added file (by its last name) are the
    // candidates; the tokenizer confirms the import.
    const importers = this.importersByName();
    for (let next = 0; next < queue.length; next++) {
      for (const name of this.namesOf(queue[next] as string)) {
        for (const candidate of importers.get(name) ?? []) {
          if (relevant.has(candidate)) continue;
          if (this.importsOf(candidate).some((target) => relevant.has(target))) {
            relevant.add(candidate);
            queue.push(candidate);
          }
        }
      }
    }
    return relevant;
  }

  /** Last name in a specifier (`../bot.js` → `bot`) → the files with such a specifier. */
  private importersByName(): Map<string, string[]> {
    if (this.importers) return this.importers;
    const importers = new Map<string, string[]>();
    const names = new Map<string, string>();
    for (const projectFile of this.files.values()) addImporter(importers, projectFile, this.packageKey, names);
    this.importers = importers;
    return importers;
  }

  /**
   * The index name of a bare specifier naming a workspace package: the specifier itself, which
   * the file it resolves to answers to (a last name like `index` would make every importer of
   * every package a candidate).
   */
  private readonly packageKey = (specifier: string): string | undefined => {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || !this.workspace.names(specifier)) return undefined;
    return this.workspace.resolve(specifier) === undefined ? undefined : specifier;
  };

  /** The names the importers index knows a file by: its last names, and the package specifiers that resolve to it. */
  private namesOf(file: string): readonly string[] {
    const specifiers = this.workspace.specifiersOf(file);
    return specifiers.length === 0 ? importNames(file) : [...importNames(file), ...specifiers];
  }

  /** The project files a file imports at run time (type-only imports left out), confirmed by the tokenizer. */
  importsOf(file: string): readonly string[] {
    let imports = this.confirmedImports.get(file);
    if (imports) return imports;
    const record = this.records.get(file);
    let specifiers: readonly string[] = [];
    if (record && !record.scan.problem) {
      if (record.imports) specifiers = record.imports;
      else {
        const read = this.readAgain(file, record);
        if (read) {
          specifiers = [...new Set(extractImports(read.text).filter((item) => !item.typeOnly).map((item) => item.specifier))];
          this.work.tokenized++;
          if (read.current) {
            record.imports = specifiers;
            this.cache?.set(file, record);
          }
        }
      }
    }
    imports = [...new Set(specifiers.map((specifier) => this.resolve(file, specifier)).filter((target): target is string => target !== undefined && target !== file))];
    this.confirmedImports.set(file, imports);
    return imports;
  }

  /** Entry points: the manifests' (package.json, PM2, Procfile, nodemon, Docker, compose), Next.js's and the implicit ones. */
  entries(): { entries: EntryPoint[]; problems: EntryProblem[] } {
    if (this.entryList) return this.entryList;
    const { entries: declared, problems } = findEntryPoints(this.root, { files: this.files.keys(), packages: this.workspace.members() });
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

const NO_SPAWNS = { spawns: [], workers: [] } as const;

interface EarlySummary {
  readonly hash: string;
  readonly summary: FileSummary | null;
  readonly parseError?: ParseError;
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The id git gives a file holding `text` (as UTF-8) in a SHA-1 repository. */
export function gitBlobId(text: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest('hex');
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

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?|json)$/;

/** The names a specifier can use to reach a file: `bot` for `src/bot.ts`, and `telegram` for `src/telegram/index.ts`. */
function importNames(file: string): string[] {
  const base = path.basename(file).replace(SOURCE_EXTENSION, '');
  return base === 'index' ? ['index', path.basename(path.dirname(file))] : [base];
}

/** The last name in a specifier (`../bot.js` → `bot`; `.` → the folder's name), or the workspace package's. */
function lastName(fromFile: string, specifier: string, packageKey: PackageKey): string {
  return nameOfSpecifier(specifier, packageKey) ?? lastNameFrom(fromFile, specifier);
}

/** The last name of a specifier that ends with one (most do), the same from every file; undefined for `.`, `..` and the like. */
function nameOfSpecifier(specifier: string, packageKey: PackageKey): string | undefined {
  const key = packageKey(specifier);
  if (key !== undefined) return key;
  const end = specifier.endsWith('/') ? specifier.replace(/\/+$/, '') : specifier;
  const tail = end.slice(Math.max(end.lastIndexOf('/'), end.lastIndexOf('\\')) + 1);
  return tail !== '' && tail !== '.' && tail !== '..' ? tail.replace(SOURCE_EXTENSION, '') : undefined;
}

/** The last name of a specifier that names a folder by a path (`.`, `../..`), as seen from `fromFile`. */
function lastNameFrom(fromFile: string, specifier: string): string {
  const target = specifier.startsWith('.') ? path.resolve(path.dirname(fromFile), specifier) : specifier.replace(/\/+$/, '');
  return (target.split(/[\\/]/).pop() ?? '').replace(SOURCE_EXTENSION, '');
}

type PackageKey = (specifier: string) => string | undefined;

/** Adds a file to the index under each name it imports. `names` remembers the names of specifiers across files (perf: 20,000 files share most of theirs). */
function addImporter(importers: Map<string, string[]>, projectFile: ProjectFile, packageKey: PackageKey, names?: Map<string, string>): void {
  if (projectFile.problem) return;
  const added: string[] = [];
  for (const specifier of projectFile.specifiers) {
    let name = names?.get(specifier);
    if (name === undefined) {
      const shared = nameOfSpecifier(specifier, packageKey);
      if (shared !== undefined) names?.set(specifier, shared);
      name = shared ?? lastNameFrom(projectFile.file, specifier);
    }
    if (added.includes(name)) continue;
    added.push(name);
    const list = importers.get(name);
    if (list) list.push(projectFile.file);
    else importers.set(name, [projectFile.file]);
  }
}

/** An importers index with `files` taken out (as they were in `before`) and put back (as they are in `after`). */
function patchedImporters(
  index: ReadonlyMap<string, string[]>,
  before: ReadonlyMap<string, ProjectFile>,
  after: ReadonlyMap<string, ProjectFile>,
  files: readonly string[],
  packageKey: PackageKey,
): Map<string, string[]> {
  const patched = new Map(index);
  const out = new Set(files);
  for (const file of files) {
    const old = before.get(file);
    if (!old || old.problem) continue;
    for (const name of new Set(old.specifiers.map((specifier) => lastName(file, specifier, packageKey)))) {
      const list = patched.get(name);
      if (list) patched.set(name, list.filter((other) => !out.has(other)));
    }
  }
  const added = new Map<string, string[]>();
  for (const file of files) {
    const projectFile = after.get(file);
    if (projectFile) addImporter(added, projectFile, packageKey);
  }
  for (const [name, list] of added) patched.set(name, [...(patched.get(name) ?? []), ...list]);
  return patched;
}

function quotesSecret(summary: FileSummary): boolean {
  const text = JSON.stringify(summary);
  return redactSecrets(text) !== text;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** A file's record is taken on its git blob when git vouches for the file, else on its size and mtime (unless it was read too close to its mtime). */
function trusted(record: FileRecord, stats: FileStat): boolean {
  if (stats.oid !== undefined) return record.oid === stats.oid;
  return record.size === stats.size && record.mtimeMs === stats.mtimeMs && !record.racy;
}

function statOf(file: string): FileStat | undefined {
  try {
    const stats = statSync(file);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

/** `file` relative to `root`, '/'-separated (a slice for the usual file under the root). */
function relativePosix(root: string, file: string): string {
  if (file.length > root.length + 1 && file.startsWith(root) && file[root.length] === path.sep) {
    const relative = file.slice(root.length + 1);
    return path.sep === '/' ? relative : toPosix(relative);
  }
  return toPosix(path.relative(root, file));
}

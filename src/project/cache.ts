/**
 * The project model's memory between runs, shared by `check`, `migrate` and the ESLint rules
 * (every ESLint worker reads the same file): per source file its size and mtime, the text scan,
 * and, once they were computed, the content hash with the costly parts (the summary, the
 * tokenizer-confirmed imports). A file whose size and mtime match is taken from here without
 * being read; one whose stat differs is read, and its summary kept when the content hash is the
 * same.
 *
 * One file per project root, in `node_modules/.cache/eslint-plugin-telegram-bot` under the root
 * (only when the root has a node_modules folder: a cache never creates one), or in the folder
 * named by TELEGRAM_BOT_LINT_CACHE_DIR; TELEGRAM_BOT_LINT_CACHE=off turns it off.
 *
 * The cache is never trusted: a file whose header does not name this build, or whose body does
 * not match the checksum in its header (cut short, edited, another format), is ignored and
 * rebuilt. Writers never leave a partial file: each writes a file of its own and renames it over
 * the cache, so concurrent writers (ESLint workers, a check beside an editor) only ever replace a
 * whole cache with another; what one of them computed and the other did not is merged in first.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

import { cacheFileFor, type CacheSettings } from './cache-location.js';
import type { FileScan } from './scan.js';
import { SUMMARY_VERSION, type FileSummary } from './summary.js';

export { CACHE_FOLDER, cacheFileFor, type CacheSettings } from './cache-location.js';

/** Bumped whenever the shape of a cached record changes. */
export const CACHE_SCHEMA = 2;
const FORMAT = 'eslint-plugin-telegram-bot project model cache';

/**
 * A file changed again within the file system's timestamp resolution keeps its mtime (and
 * maybe its size): a record taken this close to the file's mtime is checked by content.
 */
export const RACY_MS = 2000;

export interface FileRecord {
  readonly size: number;
  readonly mtimeMs: number;
  /** Read within RACY_MS of its mtime: size and mtime alone cannot vouch for it. */
  readonly racy?: boolean;
  /** The git blob it was read as (tracked and clean): then size and mtime were not taken. */
  readonly oid?: string;
  readonly scan: FileScan;
  /** Hash of the text `summary` and `imports` were computed from (set with them). */
  hash?: string;
  /** null: the file does not parse (`parseProblem` says why). */
  summary?: FileSummary | null;
  parseProblem?: { readonly line: number; readonly message: string };
  /** Run-time import specifiers, confirmed by the tokenizer (type-only imports left out). */
  imports?: readonly string[];
}

const open = new Map<string, ProjectCache>();

/** The cache of `root`, shared by every model of this process (undefined when there is none). */
export function openProjectCache(root: string, settings: CacheSettings = {}): ProjectCache | undefined {
  const file = cacheFileFor(root, settings);
  if (!file) return undefined;
  let cache = open.get(file);
  if (!cache) open.set(file, (cache = new ProjectCache(path.resolve(root), file)));
  return cache;
}

/** Forget the caches this process opened (tests; a later open reads the file again). */
export function closeProjectCaches(): void {
  open.clear();
}

/**
 * On disk, compact (the whole file is parsed at every start): per file a tuple of size, mtime,
 * flags, the specifiers joined by newlines and, for a file git vouched for, its blob id; the rarer parts (spawned scripts, problems,
 * hashes with summaries and imports) in a second map.
 */
type StoredFile = [size: number, mtimeMs: number, flags: number, specifiers: string, oid?: string];
interface StoredDetails {
  readonly spawnCalls?: FileScan['spawnCalls'];
  readonly problem?: string;
  readonly hash?: string;
  readonly summary?: FileSummary | null;
  readonly parseProblem?: FileRecord['parseProblem'];
  readonly imports?: readonly string[];
}
interface Stored {
  files: Record<string, StoredFile>;
  details: Record<string, StoredDetails>;
}

const MENTIONS_LIBRARY = 1;
const HAS_ENTRY_GUARD = 2;
const FORKS_WITHOUT_GUARD = 4;
const RACY = 8;

export class ProjectCache {
  /** Records read or written by this process. */
  private readonly records = new Map<string, FileRecord>();
  /** As loaded; a record is decoded when first asked for. */
  private stored: Stored;
  private readonly deleted = new Set<string>();
  private loadedStat: { size: number; mtimeMs: number } | undefined;
  private changes = 0;
  private pruned = false;
  /** `stored` holds no file: set with it. */
  private storedEmpty = true;

  constructor(
    readonly root: string,
    readonly file: string,
  ) {
    this.loadedStat = statOf(file);
    this.stored = readCacheFile(file, root) ?? { files: {}, details: {} };
    this.storedEmpty = Object.keys(this.stored.files).length === 0;
  }



  /** Records changed since the last save. */
  get dirty(): boolean {
    return this.changes > 0;
  }

  /** The record of a file (absolute path), when it is well formed. */
  get(file: string): FileRecord | undefined {
    // Perf: a cold run asks for every file of the project, and nothing is there.
    if (this.records.size === 0 && this.storedEmpty) return undefined;
    const key = this.key(file);
    if (key === undefined) return undefined;
    const known = this.records.get(key);
    if (known || this.deleted.has(key) || !Object.hasOwn(this.stored.files, key)) return known;
    const record = decode(this.stored.files[key], Object.hasOwn(this.stored.details, key) ? this.stored.details[key] : undefined);
    if (record) this.records.set(key, record);
    return record;
  }

  set(file: string, record: FileRecord): void {
    const key = this.key(file);
    if (key === undefined) return;
    this.deleted.delete(key);
    this.records.set(key, record);
    this.changes++;
  }

  delete(file: string): void {
    const key = this.key(file);
    if (key === undefined || this.deleted.has(key)) return;
    this.records.delete(key);
    this.deleted.add(key);
    this.changes++;
  }

  /**
   * Writes the cache when something changed: merged with what another process wrote since it
   * was read, to a file of its own, renamed over the cache. Returns whether it wrote; a cache
   * that cannot be written is no cache (the run goes on).
   */
  save(): boolean {
    if (this.changes === 0) return false;
    const current = statOf(this.file);
    if (current && (current.size !== this.loadedStat?.size || current.mtimeMs !== this.loadedStat.mtimeMs)) {
      this.stored = readCacheFile(this.file, this.root) ?? this.stored;
      this.storedEmpty = Object.keys(this.stored.files).length === 0;
    }
    // The body is written as it is made, a member per file, in batches (perf: on 20,000 files no
    // list of members, joined text and buffer of the whole body stay alive at once). Its hash
    // goes in the header, written last over a placeholder of the same length.
    const temporary = `${this.file}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    const header = (bodySha1: string) => `${JSON.stringify({ format: FORMAT, build: buildId(), root: this.root, sha1: bodySha1 })}\n`;
    let fd: number | undefined;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      fd = openSync(temporary, 'w');
      writeAll(fd, Buffer.from(header('0'.repeat(40))));
      const body = new HashedWriter(fd);
      body.add('{"files":{');
      let first = true;
      const member = (key: string, json: string) => {
        body.add(`${first ? '' : ','}${JSON.stringify(key)}:${json}`);
        first = false;
      };
      // What this process did not look at is written back as stored (by it or, since, by another
      // process), unless it is of a file deleted since (checked once: later removals are deleted by
      // the models that see them go). What stays in `stored` is that: the records hold the rest.
      const kept: Stored = { files: {}, details: {} };
      const details: Record<string, StoredDetails> = {};
      for (const key of Object.keys(this.stored.files)) {
        if (this.records.has(key) || this.deleted.has(key)) continue;
        if (!this.pruned && !existsSync(path.join(this.root, key))) continue;
        const file = this.stored.files[key] as StoredFile;
        kept.files[key] = file;
        member(key, JSON.stringify(file));
        if (Object.hasOwn(this.stored.details, key)) details[key] = kept.details[key] = this.stored.details[key] as StoredDetails;
      }
      this.pruned = true;
      for (const [key, record] of this.records) {
        member(key, encodeFile(record));
        const extra = encodeDetails(record);
        if (extra) details[key] = extra;
      }
      this.stored = kept;
      this.storedEmpty = Object.keys(kept.files).length === 0;
      body.add(`},"details":${JSON.stringify(details)}}`);
      writeAll(fd, Buffer.from(header(body.end())), 0);
      closeSync(fd);
      fd = undefined;
      renameSync(temporary, this.file);
    } catch {
      try {
        if (fd !== undefined) closeSync(fd);
        unlinkSync(temporary);
      } catch {
        // never written
      }
      return false;
    }
    this.loadedStat = statOf(this.file);
    this.changes = 0;
    this.deleted.clear();
    return true;
  }

  /** A project file's key: its path relative to the root, '/'-separated. */
  private key(file: string): string | undefined {
    const root = this.root;
    if (path.sep === '/' && file.length > root.length + 1 && file.startsWith(root) && file[root.length] === '/' && !file.includes('/.')) return file.slice(root.length + 1);
    const relative = path.relative(root, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return path.sep === '/' ? relative : relative.split(path.sep).join('/');
  }
}

/** The record's StoredFile, as JSON. */
function encodeFile(record: FileRecord): string {
  const { scan } = record;
  const flags = (scan.mentionsLibrary ? MENTIONS_LIBRARY : 0) | (scan.hasEntryGuard ? HAS_ENTRY_GUARD : 0) | (scan.forksWithoutGuard ? FORKS_WITHOUT_GUARD : 0) | (record.racy ? RACY : 0);
  const specifiers = scan.specifiers.length === 0 ? '""' : JSON.stringify(scan.specifiers.join('\n'));
  const oid = record.oid === undefined ? '' : `,${JSON.stringify(record.oid)}`;
  return `[${jsonNumber(record.size)},${jsonNumber(record.mtimeMs)},${flags},${specifiers}${oid}]`;
}

/** As JSON.stringify writes a number (null for NaN and the infinities: read back as no record). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** What most records do not have; undefined when the record has none of it (perf: no object for those). */
function encodeDetails(record: FileRecord): StoredDetails | undefined {
  const { scan } = record;
  if (scan.spawnCalls.length === 0 && scan.problem === undefined && record.hash === undefined && record.summary === undefined && record.parseProblem === undefined && record.imports === undefined) return undefined;
  const details: { -readonly [K in keyof StoredDetails]: StoredDetails[K] } = {};
  if (scan.spawnCalls.length > 0) details.spawnCalls = scan.spawnCalls;
  if (scan.problem !== undefined) details.problem = scan.problem;
  if (record.hash !== undefined) details.hash = record.hash;
  if (record.summary !== undefined) details.summary = record.summary;
  if (record.parseProblem !== undefined) details.parseProblem = record.parseProblem;
  if (record.imports !== undefined) details.imports = record.imports;
  return details;
}

/** The record, or undefined when what is stored is not well formed. */
function decode(file: unknown, details: StoredDetails | undefined): FileRecord | undefined {
  if (!Array.isArray(file) || (file.length !== 4 && file.length !== 5)) return undefined;
  const [size, mtimeMs, flags, specifiers, oid] = file as unknown[];
  if (typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof flags !== 'number' || typeof specifiers !== 'string') return undefined;
  if (oid !== undefined && typeof oid !== 'string') return undefined;
  if (details !== undefined && !wellFormedDetails(details)) return undefined;
  const scan: FileScan = {
    mentionsLibrary: (flags & MENTIONS_LIBRARY) !== 0,
    specifiers: specifiers === '' ? [] : specifiers.split('\n'),
    spawnCalls: details?.spawnCalls ?? [],
    hasEntryGuard: (flags & HAS_ENTRY_GUARD) !== 0,
    forksWithoutGuard: (flags & FORKS_WITHOUT_GUARD) !== 0,
    ...(details?.problem !== undefined ? { problem: details.problem } : {}),
  };
  const record: FileRecord = { size, mtimeMs, ...((flags & RACY) !== 0 ? { racy: true } : {}), ...(oid !== undefined ? { oid } : {}), scan };
  if (details?.hash !== undefined) {
    record.hash = details.hash;
    if (details.summary !== undefined) record.summary = details.summary;
    if (details.parseProblem !== undefined) record.parseProblem = details.parseProblem;
    if (details.imports !== undefined) record.imports = details.imports;
  }
  return record;
}

function wellFormedDetails(details: unknown): details is StoredDetails {
  if (typeof details !== 'object' || details === null) return false;
  const { spawnCalls, problem, hash, summary, parseProblem, imports } = details as Record<string, unknown>;
  if (spawnCalls !== undefined && !(Array.isArray(spawnCalls) && spawnCalls.every((call) => typeof call?.callee === 'string' && isStringArray(call?.scripts)))) return false;
  if (problem !== undefined && typeof problem !== 'string') return false;
  if (hash !== undefined && typeof hash !== 'string') return false;
  if (imports !== undefined && !isStringArray(imports)) return false;
  if (parseProblem !== undefined && (typeof parseProblem !== 'object' || parseProblem === null || typeof (parseProblem as { line?: unknown }).line !== 'number')) return false;
  return summary === undefined || summary === null || (typeof summary === 'object' && (summary as { version?: unknown }).version === SUMMARY_VERSION);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The stored records of a cache file, or undefined when it is missing, of another build or root, or damaged. */
function readCacheFile(file: string, root: string): Stored | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline === -1) return undefined;
  try {
    const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
    if (header.format !== FORMAT || header.build !== buildId() || header.root !== root) return undefined;
    const body = text.slice(newline + 1);
    if (header.sha1 !== sha1(body)) return undefined;
    const stored = JSON.parse(body) as Partial<Stored> | null;
    if (!isPlainObject(stored) || !isPlainObject(stored.files) || !isPlainObject(stored.details)) return undefined;
    return stored as Stored;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let build: string | undefined;

/**
 * This build: the formats plus a hash of the code whose output is cached (the scan, the summary
 * and all of core/ and catalogue/ they build on). A new version or a development build changes
 * it; the files' mtimes would not do (npm installs every file with one fixed mtime).
 */
function buildId(): string {
  if (build === undefined) {
    const extension = path.extname(__filename);
    const here = path.join(__dirname, '..');
    const sources = ['project/scan', 'project/summary', 'project/model', 'project/module-graph', 'project/cache'].map((source) => path.join(here, `${source}${extension}`));
    for (const folder of ['core', 'catalogue']) {
      try {
        for (const name of readdirSync(path.join(here, folder)).sort()) if (name.endsWith(extension) && !name.endsWith(`.d${extension}`)) sources.push(path.join(here, folder, name));
      } catch {
        // not there: the other files decide
      }
    }
    const hash = createHash('sha1');
    for (const source of sources) {
      try {
        hash.update(readFileSync(source));
      } catch {
        hash.update(`missing ${source}`);
      }
    }
    build = `${CACHE_SCHEMA}/${SUMMARY_VERSION}/${hash.digest('hex')}`;
  }
  return build;
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const stats = statSync(file);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Text written to a file in batches of about 64 KB, hashed (SHA-1) as it goes. */
class HashedWriter {
  private pending = '';
  private readonly hash = createHash('sha1');

  constructor(private readonly fd: number) {}

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= 65_536) this.flush();
  }

  /** Writes what is left; the hex digest of all that was added. */
  end(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    const bytes = Buffer.from(this.pending);
    this.pending = '';
    this.hash.update(bytes);
    writeAll(this.fd, bytes);
  }
}

/** Writes all of `bytes` (at `position`, or where the file is), however many writes it takes. */
function writeAll(fd: number, bytes: Buffer, position?: number): void {
  for (let done = 0; done < bytes.length; ) {
    done += writeSync(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
  }
}

function sha1(content: string | Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

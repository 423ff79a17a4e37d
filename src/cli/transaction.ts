// Over 400 lines on purpose: the phases below share one journal, and every failure path must be read beside the write it undoes.
/**
 * Writing a command's planned changes as one transaction: either every file gets its new text
 * or none does, also when a write fails half-way, the disk fills up, or the process is killed.
 *
 * 1. Check: every target is writable (a read-only file is a refusal naming it, never replaced)
 *    and still holds the text the plan was made from.
 * 2. Journal: the list of targets, temporaries and backups goes to disk before anything else.
 * 3. Stage: each new text is written to a temporary beside its target (same folder, so the
 *    rename below is atomic) and synced.
 * 4. Commit: the targets are replaced by their temporaries in the order given (the owner's export
 *    first), each original kept as a hard link (or copy) until the end.
 * 5. Any failure: what was renamed is put back from its backup and every temporary is removed.
 *    A killed run leaves its journal; the next run undoes it (or, when every file was already
 *    replaced, only tidies up) before it does anything else.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, chown, copyFile, link, mkdir, open, readFile, readdir, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface PlannedWrite {
  readonly file: string;
  /** The text the plan was made from: the file must still hold it. */
  readonly before: string;
  readonly after: string;
}

export type WriteStatus = 'written' | 'not written' | 'restored' | 'failed' | 'refused';

export interface FileOutcome {
  readonly file: string;
  readonly status: WriteStatus;
  readonly reason?: string;
}

export interface TransactionResult {
  /** Every file got its new text. */
  readonly committed: boolean;
  /** One per planned write, in plan order. */
  readonly files: FileOutcome[];
  /** A failure no planned file is to blame for (the journal could not be written). */
  readonly problem?: string;
  /** Whether the problem was a refusal (found before writing anything). */
  readonly refused?: boolean;
}

/** Steps a test may make fail (fault injection); nothing else passes hooks. */
export type WriteStep = 'journal' | 'create' | 'write' | 'permissions' | 'backup' | 'rename';

export interface TransactionHooks {
  /** Called before every step that changes the disk on the way forward; throwing fails that step. */
  beforeStep?(step: WriteStep, file: string): void | Promise<void>;
}

/**
 * Test-only: with this set to N, the process kills itself (SIGKILL) right after its N-th rename,
 * so a test can show what the next run does with what a killed run left behind.
 */
export const ABORT_AFTER_RENAME_ENV = 'ESLINT_PLUGIN_TELEGRAM_BOT_TEST_ABORT_AFTER_RENAME';

const CACHE_FOLDER = path.join('node_modules', '.cache', 'eslint-plugin-telegram-bot');
const JOURNAL_NAME = 'transaction.json';

interface JournalEntry {
  target: string;
  temp: string;
  /** Where the original is kept while the run lasts; null for a file that did not exist. */
  backup: string | null;
  beforeHash: string;
  afterHash: string;
}

interface Journal {
  version: 1;
  pid: number;
  entries: JournalEntry[];
}

interface Prepared extends JournalEntry {
  readonly write: PlannedWrite;
  readonly mode: number | undefined;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
}

export async function commitTransaction(cwd: string, writes: readonly PlannedWrite[], hooks: TransactionHooks = {}): Promise<TransactionResult> {
  if (writes.length === 0) return { committed: true, files: [] };
  const refusals = new Map<string, string>();
  const prepared: Prepared[] = [];
  const seen = new Set<string>();
  for (const write of writes) {
    const checked = await check(write);
    if (typeof checked === 'string') refusals.set(write.file, checked);
    else if (seen.has(checked.target)) refusals.set(write.file, 'is the same file as another one of this run (through a link)');
    else {
      seen.add(checked.target);
      prepared.push(checked);
    }
  }
  if (refusals.size > 0) {
    const files = writes.map((write) => {
      const reason = refusals.get(write.file);
      return reason === undefined ? { file: write.file, status: 'not written' as const } : { file: write.file, status: 'refused' as const, reason };
    });
    return { committed: false, refused: true, files };
  }

  const { file: journalFile, created } = await journalLocation(cwd);
  const step = async (kind: WriteStep, file: string) => hooks.beforeStep?.(kind, file);
  const renamed: Prepared[] = [];
  let failedFile: string | undefined;
  let journalWritten = false;
  try {
    failedFile = journalFile;
    await step('journal', journalFile);
    await writeJournal(journalFile, { version: 1, pid: process.pid, entries: prepared.map(journalEntry) });
    journalWritten = true;
    for (const entry of prepared) {
      failedFile = entry.write.file;
      await stage(entry, step);
    }
    const abortAfter = Number(process.env[ABORT_AFTER_RENAME_ENV] ?? 0);
    for (const entry of prepared) {
      failedFile = entry.write.file;
      if (entry.backup !== null) {
        await step('backup', entry.write.file);
        await keepOriginal(entry.target, entry.backup);
      }
      await step('rename', entry.write.file);
      await rename(entry.temp, entry.target);
      renamed.push(entry);
      if (abortAfter > 0 && renamed.length === abortAfter) process.kill(process.pid, 'SIGKILL');
    }
  } catch (error) {
    const reason = describeError(error);
    const leftBehind = await rollBack(prepared, renamed);
    // A journal this run did not write belongs to another run: never removed here.
    if (journalWritten && leftBehind.length === 0) await unlink(journalFile).catch(() => undefined);
    if (leftBehind.length === 0) await removeCreatedFolders(journalFile, created);
    const files = prepared.map((entry): FileOutcome => {
      const file = entry.write.file;
      if (file === failedFile) return { file, status: 'failed', reason: `could not be written (${reason})` };
      if (leftBehind.includes(entry)) return { file, status: 'failed', reason: 'could not be put back; the next run puts it back' };
      return renamed.includes(entry) ? { file, status: 'restored' } : { file, status: 'not written' };
    });
    return { committed: false, files, ...(failedFile === journalFile ? { problem: `could not write the journal ${journalFile} (${reason})` } : {}) };
  }
  for (const entry of prepared) if (entry.backup !== null) await unlink(entry.backup).catch(() => undefined);
  await unlink(journalFile).catch(() => undefined);
  await removeCreatedFolders(journalFile, created);
  return { committed: true, files: writes.map((write) => ({ file: write.file, status: 'written' })) };
}

/** The target behind `write.file` and what it needs, or why it must not be written. */
async function check(write: PlannedWrite): Promise<Prepared | string> {
  const target = await realTarget(path.resolve(write.file));
  let existing;
  try {
    existing = await stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot be read (${describeError(error)})`;
  }
  if (existing) {
    // Checked on the mode bits, not access(): root may write anywhere, and must not either.
    if ((existing.mode & 0o222) === 0) return 'is read-only; make it writable (chmod u+w) to let it be changed';
    let current: Buffer;
    try {
      current = await readFile(target);
    } catch (error) {
      return `cannot be read (${describeError(error)})`;
    }
    if (!current.equals(Buffer.from(write.before, 'utf8'))) return 'changed while this run was planning; run again';
  } else if (write.before !== '') {
    return 'was removed while this run was planning; run again';
  }
  const dir = path.dirname(target);
  try {
    await access(dir, fsConstants.W_OK);
  } catch (error) {
    return `is in a folder that cannot be written (${describeError(error)})`;
  }
  const base = `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}`;
  return {
    write,
    target,
    temp: path.join(dir, `${base}.tmp`),
    backup: existing ? path.join(dir, `${base}.orig`) : null,
    beforeHash: hash(Buffer.from(write.before, 'utf8')),
    afterHash: hash(Buffer.from(write.after, 'utf8')),
    mode: existing?.mode,
    uid: existing?.uid,
    gid: existing?.gid,
  };
}

async function stage(entry: Prepared, step: (kind: WriteStep, file: string) => Promise<void>): Promise<void> {
  await step('create', entry.write.file);
  const handle = await open(entry.temp, 'wx', entry.mode === undefined ? 0o666 : entry.mode & 0o777);
  try {
    await step('write', entry.write.file);
    await handle.writeFile(Buffer.from(entry.write.after, 'utf8'));
    await handle.sync(); // on disk before a rename makes it the file
  } finally {
    await handle.close();
  }
  if (entry.mode !== undefined) {
    await step('permissions', entry.write.file);
    const mine = await stat(entry.temp);
    if (mine.uid !== entry.uid || mine.gid !== entry.gid) {
      await chown(entry.temp, entry.uid as number, entry.gid as number).catch(() => undefined); // only root may; best effort
    }
    // open()'s mode is filtered by the umask (and chown may clear setuid): set the old mode exactly.
    await chmod(entry.temp, entry.mode & 0o7777);
  }
}

/** A second name for the original, so it can be put back whole; a copy where links are not allowed. */
async function keepOriginal(target: string, backup: string): Promise<void> {
  try {
    await link(target, backup);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK' && code !== 'ENOSYS') throw error;
    await copyFile(target, backup, fsConstants.COPYFILE_EXCL);
  }
}

/** Puts back what was renamed (last first) and removes every temporary; returns the entries it could not put back. */
async function rollBack(prepared: readonly Prepared[], renamed: readonly Prepared[]): Promise<Prepared[]> {
  const failed: Prepared[] = [];
  for (const entry of [...renamed].reverse()) {
    try {
      if (entry.backup === null) await unlink(entry.target);
      else await rename(entry.backup, entry.target);
    } catch {
      failed.push(entry);
    }
  }
  for (const entry of prepared) {
    await unlink(entry.temp).catch(() => undefined);
    if (entry.backup !== null && !failed.includes(entry)) await unlink(entry.backup).catch(() => undefined);
  }
  return failed;
}

export interface Recovery {
  /** Files a killed run had replaced, put back as they were. */
  readonly restored: string[];
  /** A killed run had replaced every file: only its leftovers were removed. */
  readonly completed: string[];
  /** Files changed since the killed run: left as they are, with where their original is. */
  readonly conflicts: { file: string; reason: string }[];
}

/**
 * Finishes what a killed run left: a journal in the cache folder (or `.git/`). Every file is put
 * back as it was, unless the run had replaced them all; temporaries and backups are removed.
 * Returns undefined when there was nothing to do. Throws when another live run holds the journal.
 */
export async function recoverInterruptedRun(cwd: string): Promise<Recovery | undefined> {
  await removeJournalTemporaries(cwd);
  let recovery: { restored: string[]; completed: string[]; conflicts: { file: string; reason: string }[] } | undefined;
  for (const journalFile of await journalCandidates(cwd)) {
    let journal: Journal;
    try {
      journal = JSON.parse(await readFile(journalFile, 'utf8')) as Journal;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`cannot read the journal of an interrupted run, ${journalFile}: ${describeError(error)}; remove it once the files it names are as you want them`);
    }
    if (journal.pid !== process.pid && isAlive(journal.pid)) {
      throw new Error(`another run (process ${journal.pid}) is writing this project; wait for it to finish (its journal: ${journalFile})`);
    }
    recovery ??= { restored: [], completed: [], conflicts: [] };
    const states = await Promise.all(journal.entries.map(async (entry) => ({ entry, state: await stateOf(entry) })));
    const allReplaced = states.every(({ state }) => state === 'after');
    for (const { entry, state } of states) {
      if (state === 'after' && !allReplaced) {
        try {
          if (entry.backup === null) await unlink(entry.target); // it did not exist before
          else await rename(entry.backup, entry.target);
        } catch (error) {
          recovery.conflicts.push({ file: entry.target, reason: `could not be put back as it was before an interrupted run (${describeError(error)})` });
          continue;
        }
        recovery.restored.push(entry.target);
      } else if (state === 'after' && allReplaced) {
        recovery.completed.push(entry.target);
      } else if (state === 'other') {
        recovery.conflicts.push({
          file: entry.target,
          reason: `changed since an interrupted run; left as it is${entry.backup ? ` (its original: ${entry.backup})` : ''}`,
        });
        await unlink(entry.temp).catch(() => undefined);
        continue;
      }
      await unlink(entry.temp).catch(() => undefined);
      if (entry.backup !== null) await unlink(entry.backup).catch(() => undefined);
    }
    await unlink(journalFile);
  }
  return recovery;
}

async function stateOf(entry: JournalEntry): Promise<'before' | 'after' | 'other'> {
  let content: Buffer;
  try {
    content = await readFile(entry.target);
  } catch {
    return entry.backup === null ? 'before' : 'other';
  }
  const current = hash(content);
  if (current === entry.beforeHash) return 'before';
  if (current === entry.afterHash) return 'after';
  return 'other';
}

/**
 * Where this run's journal goes: the project's cache folder, else the git folder, else a new
 * cache folder; with the first folder this created (removed again when the run is over).
 */
async function journalLocation(cwd: string): Promise<{ file: string; created: string | undefined }> {
  const [first] = await journalCandidates(cwd, true);
  const file = first as string;
  const created = await mkdir(path.dirname(file), { recursive: true });
  return { file, created };
}

/** The folders made for the journal, deepest first, as far as they are empty: a project is left as found. */
async function removeCreatedFolders(journalFile: string, created: string | undefined): Promise<void> {
  if (created === undefined) return;
  for (let dir = path.dirname(journalFile); dir.length >= created.length; dir = path.dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}

async function journalCandidates(cwd: string, forWriting = false): Promise<string[]> {
  const root = path.resolve(cwd);
  const candidates: string[] = [];
  if (await isDirectory(path.join(root, 'node_modules'))) candidates.push(path.join(root, CACHE_FOLDER, JOURNAL_NAME));
  const gitDir = await findGitDir(root);
  if (gitDir) candidates.push(path.join(gitDir, 'eslint-plugin-telegram-bot', JOURNAL_NAME));
  if (forWriting && candidates.length === 0) candidates.push(path.join(root, CACHE_FOLDER, JOURNAL_NAME));
  return candidates;
}

/** The nearest `.git` folder at or above `dir` (a worktree's `.git` file is passed by). */
async function findGitDir(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await isDirectory(path.join(current, '.git'))) return path.join(current, '.git');
    if (path.dirname(current) === current) return undefined;
  }
}

async function writeJournal(file: string, journal: Journal): Promise<void> {
  // Another run's journal that is still there means it is running or was killed: never overwrite it.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(journal));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file); // fails when a journal exists, where rename would replace it
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Leftover journal temporaries of a killed run (the journal itself is written by link, so whole). */
async function removeJournalTemporaries(cwd: string): Promise<void> {
  for (const journalFile of await journalCandidates(cwd)) {
    const dir = path.dirname(journalFile);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.startsWith(`${JOURNAL_NAME}.`) && name.endsWith('.tmp')) await unlink(path.join(dir, name)).catch(() => undefined);
    }
  }
}

function journalEntry(entry: Prepared): JournalEntry {
  return { target: entry.target, temp: entry.temp, backup: entry.backup, beforeHash: entry.beforeHash, afterHash: entry.afterHash };
}

function hash(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** The file a path really names: a symlink is followed, so the rename replaces its target, not the link. */
async function realTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return file;
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the disk';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EROFS') return 'read-only file system';
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

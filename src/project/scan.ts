/**
 * The cheap look at every project file's text, before any parse: does it name a bot library,
 * which modules may it import, which scripts does it start, does it hold an entry guard or fork
 * a cluster. Plain data, so the persistent cache can keep it. Perf: most files hold none of the
 * words these patterns need, so one pass of one regular expression finds which of the words a
 * text holds (a test per word scanned every text once per word), and a pattern runs only on the
 * files that have its word.
 */
import { escapeForRegExp, LIBRARY_WORDS, mentionsBotLibrary } from '../core/pollers.js';

export interface SpawnCall {
  /** `fork`, `spawn`, `execa`, `Worker`, … */
  readonly callee: string;
  /** Script paths named in its arguments (`./job.js`), unresolved. */
  readonly scripts: readonly string[];
}

export interface FileScan {
  readonly mentionsLibrary: boolean;
  /** Candidate import specifiers, from a text scan (confirmed by the tokenizer before use). */
  readonly specifiers: readonly string[];
  /** Child-process and worker calls that name a script. */
  readonly spawnCalls: readonly SpawnCall[];
  /** Its text holds an entry guard (`require.main === module`, `import.meta.main`). */
  readonly hasEntryGuard: boolean;
  /** It calls `cluster.fork()` with no primary/worker check beside it. */
  readonly forksWithoutGuard: boolean;
  /** Why it is not analysed (unreadable, too large, binary), if so. */
  readonly problem?: string;
}

const ENTRY_GUARD = /\brequire\.main\s*[!=]==?\s*module\b|\bmodule\s*[!=]==?\s*require\.main\b|\bimport\.meta\.main\b|import\.meta\.(?:url|filename)[^;\n]*process\.argv\[1\]|process\.argv\[1\][^;\n]*import\.meta\.(?:url|filename)/;
const SPAWN_CALL = /\b(fork|spawn|spawnSync|exec|execSync|execFile|execFileSync|execa|execaNode|Worker)\s*\(([^)]{0,300})\)/g;
const SCRIPT_PATH = /['"`]([^'"`\s]+\.(?:[cm]?[jt]s|tsx?))['"`]/g;
/** `from 'x'`, `import 'x'`, `import('x')`, `require('x')`: candidates only (comments and strings included). */
const SPECIFIER = /(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*['"]([^'"\n]{1,300})['"]/g;

// Perf: the scans of 20,000 files live as long as the model; most hold no spawn call and many no import.
export const NO_SPECIFIERS: readonly string[] = Object.freeze([]);
export const NO_SPAWN_CALLS: readonly SpawnCall[] = Object.freeze([]);

const LIBRARY = new Set(LIBRARY_WORDS);
const SPAWN_WORDS = ['fork', 'spawn', 'exec', 'Worker'];
const GUARD_WORDS = ['require.main', 'import.meta'];
/** Library names first: where a library name starts, it is the word found. */
const WORDS = new RegExp([...LIBRARY_WORDS, ...SPAWN_WORDS, ...GUARD_WORDS, 'cluster'].map(escapeForRegExp).join('|'), 'g');

/** Which of WORDS the text holds. */
function wordsIn(text: string): Set<string> {
  const found = new Set<string>();
  WORDS.lastIndex = 0;
  for (let match = WORDS.exec(text); match; match = WORDS.exec(text)) {
    found.add(match[0]);
    // One character on, not past the match: a word may begin inside the one found.
    WORDS.lastIndex = match.index + 1;
  }
  return found;
}

/** What the text shows; `tooLarge` names why a file over the size limit is not parsed. */
export function scanText(text: string, tooLarge?: string): FileScan {
  const words = wordsIn(text);
  const has = (list: readonly string[]) => list.some((word) => words.has(word));
  const scan: { -readonly [K in keyof FileScan]: FileScan[K] } = {
    mentionsLibrary: [...words].some((word) => LIBRARY.has(word)),
    specifiers: candidateSpecifiers(text),
    spawnCalls: has(SPAWN_WORDS) ? spawnCalls(text) : NO_SPAWN_CALLS,
    hasEntryGuard: has(GUARD_WORDS) && ENTRY_GUARD.test(text),
    forksWithoutGuard: words.has('cluster') && /\bcluster\s*\.\s*fork\s*\(/.test(text) && !/\bcluster\s*\.\s*is(?:Primary|Master|Worker)\b/.test(text),
  };
  if (tooLarge) scan.problem = tooLarge;
  return scan;
}

/** A file that cannot be analysed: only whether it names a library (to say so) is kept. */
export function problemScan(problem: string, lenientText: string): FileScan {
  return { mentionsLibrary: mentionsBotLibrary(lenientText), specifiers: NO_SPECIFIERS, spawnCalls: NO_SPAWN_CALLS, hasEntryGuard: false, forksWithoutGuard: false, problem };
}

function candidateSpecifiers(text: string): readonly string[] {
  if (!text.includes('from') && !text.includes('import') && !text.includes('require')) return NO_SPECIFIERS;
  const found = new Set<string>();
  // Perf: an exec loop, not matchAll (which copies the expression and makes an iterator): 40% less time.
  SPECIFIER.lastIndex = 0;
  for (let match = SPECIFIER.exec(text); match; match = SPECIFIER.exec(text)) found.add(detached(match[1] as string));
  return found.size === 0 ? NO_SPECIFIERS : [...found];
}

/**
 * A copy of a piece of a file's text that does not point into the text. Perf: V8 keeps a
 * substring as a view of the whole text, so each kept specifier kept its file's text alive until
 * a full collection; copied, the texts die young (on 20,000 files: half the time of the loop that
 * reads and scans them, 167 → 99 MB peak RSS).
 */
function detached(piece: string): string {
  return (` ${piece}`).slice(1);
}

function spawnCalls(text: string): SpawnCall[] {
  const calls: SpawnCall[] = [];
  for (const call of text.matchAll(SPAWN_CALL)) {
    const scripts = [...(call[2] ?? '').matchAll(SCRIPT_PATH)].map((literal) => detached(literal[1] as string));
    if (scripts.length > 0) calls.push({ callee: detached(call[1] as string), scripts });
  }
  return calls;
}

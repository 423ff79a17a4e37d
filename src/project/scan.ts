/**
 * The cheap look at every project file's text, before any parse: does it name a bot library,
 * which modules may it import, which scripts does it start, does it hold an entry guard or fork
 * a cluster. Plain data, so the persistent cache can keep it. Perf: most files hold none of the
 * words these patterns need, so a substring test goes first and the regular expression runs only
 * on the files that have the word.
 */
import { mentionsBotLibrary } from '../core/pollers.js';

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

/** What the text shows; `tooLarge` names why a file over the size limit is not parsed. */
export function scanText(text: string, tooLarge?: string): FileScan {
  return {
    mentionsLibrary: mentionsBotLibrary(text),
    specifiers: candidateSpecifiers(text),
    spawnCalls: spawnCalls(text),
    hasEntryGuard: (text.includes('require.main') || text.includes('import.meta')) && ENTRY_GUARD.test(text),
    forksWithoutGuard: text.includes('cluster') && /\bcluster\s*\.\s*fork\s*\(/.test(text) && !/\bcluster\s*\.\s*is(?:Primary|Master|Worker)\b/.test(text),
    ...(tooLarge ? { problem: tooLarge } : {}),
  };
}

/** A file that cannot be analysed: only whether it names a library (to say so) is kept. */
export function problemScan(problem: string, lenientText: string): FileScan {
  return { mentionsLibrary: mentionsBotLibrary(lenientText), specifiers: [], spawnCalls: [], hasEntryGuard: false, forksWithoutGuard: false, problem };
}

function candidateSpecifiers(text: string): string[] {
  if (!text.includes('from') && !text.includes('import') && !text.includes('require')) return [];
  const found = new Set<string>();
  for (const match of text.matchAll(SPECIFIER)) found.add(match[1] as string);
  return [...found];
}

function spawnCalls(text: string): SpawnCall[] {
  if (!text.includes('fork') && !text.includes('spawn') && !text.includes('exec') && !text.includes('Worker')) return [];
  const calls: SpawnCall[] = [];
  for (const call of text.matchAll(SPAWN_CALL)) {
    const scripts = [...(call[2] ?? '').matchAll(SCRIPT_PATH)].map((literal) => literal[1] as string);
    if (scripts.length > 0) calls.push({ callee: call[1] as string, scripts });
  }
  return calls;
}

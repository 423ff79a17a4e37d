// Over 400 lines: the graph's three steps (import tokenizer, resolver, reachability walk) are each short and are read in order.
/**
 * The project's module graph without parsing: a small tokenizer finds the import specifiers of
 * every file (most files never mention a Telegram library, so they must stay cheap), a resolver
 * turns specifiers into files the way TypeScript would, and a breadth-first walk collects what
 * an entry point reaches.
 */
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

import { createPathsMatcher, getTsconfig, type PathsMatcher, type TsConfigResult } from 'get-tsconfig';

import { fileExists, resolveRelative, resolveTarget, type FileExists } from '../core/resolve.js';
import { Workspace } from './workspaces.js';

export interface ModuleImport {
  readonly specifier: string;
  /** `static`: import/export declarations; `dynamic`: `import('x')`; `require`: `require('x')` and `import x = require('x')`. */
  readonly kind: 'static' | 'dynamic' | 'require';
  /** 1-based line of the `import` / `export` / `require` keyword. */
  readonly line: number;
  /**
   * Erased before the code runs: `import type`, `export type`, `import { type A, type B }`
   * (every name a type), `typeof import('x')`. Callers that follow runtime edges skip these.
   */
  readonly typeOnly: boolean;
}

type Token =
  | { readonly type: 'word' | 'punct'; readonly value: string; readonly line: number }
  | { readonly type: 'string'; readonly value: string; readonly line: number }
  // `plain`: a template literal without `${}`, usable as a specifier.
  | { readonly type: 'template'; readonly value: string; readonly plain: boolean; readonly line: number }
  | { readonly type: 'regex'; readonly value: string; readonly line: number };

// Files without any of these words have no imports: skip the tokenizer altogether.
const MAY_IMPORT = /\b(?:import|export|require)\b/;

export function extractImports(text: string): ModuleImport[] {
  if (!MAY_IMPORT.test(text)) return [];
  const tokens = tokenize(text);
  const found: ModuleImport[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type !== 'word') continue;
    const previous = tokens[index - 1];
    // `x.import(…)`, `obj.require('y')`: a method of something else, not the module system.
    const member = isPunct(previous, '.') && !(token.value === 'require' && isWord(tokens[index - 2], 'module'));
    // The `require` of `import x = require('y')`, already counted with its `import`.
    const importEquals = token.value === 'require' && isPunct(previous, '=') && isWord(tokens[index - 3], 'import');
    const importTypeEquals = token.value === 'require' && isPunct(previous, '=') && isWord(tokens[index - 3], 'type') && isWord(tokens[index - 4], 'import');
    if (member || importEquals || importTypeEquals) continue;
    let hit: Omit<ModuleImport, 'line'> | undefined;
    if (token.value === 'import') hit = importAt(tokens, index);
    else if (token.value === 'export') hit = exportAt(tokens, index);
    else if (token.value === 'require') hit = requireAt(tokens, index);
    if (hit) found.push({ ...hit, line: token.line });
  }
  return found;
}

function importAt(tokens: readonly Token[], index: number): Omit<ModuleImport, 'line'> | undefined {
  const next = tokens[index + 1];
  if (!next) return undefined;
  if (next.type === 'string') return { specifier: next.value, kind: 'static', typeOnly: false };
  if (isPunct(next, '(')) {
    const argument = literalAt(tokens, index + 2);
    const after = tokens[index + 3];
    if (argument === undefined || !(isPunct(after, ')') || isPunct(after, ','))) return undefined;
    // `typeof import('x')` and `: import('x').Type` are TypeScript types, not loads.
    const before = tokens[index - 1];
    const typeOnly = isWord(before, 'typeof') || (isPunct(before, ':') && isPunct(tokens[index + 4], '.'));
    return { specifier: argument, kind: 'dynamic', typeOnly };
  }
  let at = index + 1;
  let typeOnly = false;
  if (isWord(tokens[at], 'type') && startsClause(tokens[at + 1])) {
    typeOnly = true;
    at++;
  }
  // `import x = require('y')` (TypeScript's CommonJS import).
  if (tokens[at]?.type === 'word' && isPunct(tokens[at + 1], '=')) {
    const required = requireAt(tokens, at + 2);
    return required && { ...required, typeOnly };
  }
  const clause = clauseAt(tokens, at);
  if (!clause) return undefined;
  return { specifier: clause.specifier, kind: 'static', typeOnly: typeOnly || clause.allTypes };
}

function exportAt(tokens: readonly Token[], index: number): Omit<ModuleImport, 'line'> | undefined {
  let at = index + 1;
  let typeOnly = false;
  if (isWord(tokens[at], 'type') && (isPunct(tokens[at + 1], '{') || isPunct(tokens[at + 1], '*'))) {
    typeOnly = true;
    at++;
  }
  if (!isPunct(tokens[at], '{') && !isPunct(tokens[at], '*')) return undefined;
  const clause = clauseAt(tokens, at);
  if (!clause) return undefined;
  return { specifier: clause.specifier, kind: 'static', typeOnly: typeOnly || clause.allTypes };
}

function requireAt(tokens: readonly Token[], index: number): Omit<ModuleImport, 'line'> | undefined {
  if (!isWord(tokens[index], 'require') || !isPunct(tokens[index + 1], '(')) return undefined;
  const argument = literalAt(tokens, index + 2);
  if (argument === undefined || !isPunct(tokens[index + 3], ')')) return undefined;
  return { specifier: argument, kind: 'require', typeOnly: false };
}

/** After `import type`: is `type` a modifier (`import type X from`) or the default's name (`import type from`)? */
function startsClause(token: Token | undefined): boolean {
  if (isPunct(token, '{') || isPunct(token, '*')) return true;
  return token?.type === 'word' && token.value !== 'from';
}

/**
 * The bindings of an import or re-export up to `from 'x'`: `X`, `X, { a }`, `* as ns`,
 * `{ a, type B }`. Gives up on anything else, so `export { a };` and stray words do not match.
 */
function clauseAt(tokens: readonly Token[], start: number): { specifier: string; allTypes: boolean } | undefined {
  let inBraces = false;
  let sawBraces = false;
  let sawOther = false; // a default or namespace binding: a value import whatever the braces say
  let specifiers: string[][] = [];
  let current: string[] = [];
  for (let at = start; at < tokens.length && at < start + 2000; at++) {
    const token = tokens[at] as Token;
    if (!inBraces && isWord(token, 'from')) {
      const source = tokens[at + 1];
      if (source?.type !== 'string') return undefined;
      if (current.length > 0) specifiers.push(current);
      const allTypes = sawBraces && !sawOther && specifiers.length > 0 && specifiers.every(isTypeSpecifier);
      return { specifier: source.value, allTypes };
    }
    if (isPunct(token, '{')) {
      if (inBraces || sawBraces) return undefined;
      inBraces = sawBraces = true;
      specifiers = [];
      current = [];
    } else if (isPunct(token, '}')) {
      if (!inBraces) return undefined;
      if (current.length > 0) specifiers.push(current);
      current = [];
      inBraces = false;
    } else if (isPunct(token, ',')) {
      if (inBraces && current.length > 0) specifiers.push(current);
      current = [];
    } else if (isPunct(token, '*')) {
      if (inBraces) return undefined;
      sawOther = true;
    } else if (token.type === 'word') {
      if (token.value === 'import' || token.value === 'export') return undefined;
      if (inBraces) current.push(token.value);
      else sawOther = true;
    } else if (token.type === 'string' && inBraces) {
      current.push(token.value); // `{ "a-b" as ab }`: an arbitrary export name
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** `type A`, `type A as B`, `type as as B` are types; `type`, `type as B` import a value called `type`. */
function isTypeSpecifier(words: readonly string[]): boolean {
  if (words[0] !== 'type' || words.length < 2) return false;
  return !(words.length === 3 && words[1] === 'as');
}

/** A string literal, or a template literal with no `${}`, at `index`. */
function literalAt(tokens: readonly Token[], index: number): string | undefined {
  const token = tokens[index];
  if (token?.type === 'string') return token.value;
  if (token?.type === 'template' && token.plain) return token.value;
  return undefined;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.type === 'punct' && token.value === value;
}

function isWord(token: Token | undefined, value: string): boolean {
  return token?.type === 'word' && token.value === value;
}

// After these words an expression starts, so a `/` opens a regular expression.
const BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);
const WORD = /[\p{ID_Continue}$#\u200c\u200d]+/uy;

/**
 * Words, punctuation, string and template literals and regular expressions, with comments
 * dropped. Strings and regular expressions end at a line break, so one misread quote (JSX
 * text like `Don't`) costs at most the rest of its line.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let at = 0;
  let line = 1;
  // Brace depth at which each open `${` of a template literal closes.
  const substitutions: number[] = [];
  let braces = 0;
  if (text.startsWith('#!')) at = lineEnd(text, 0);

  const readTemplate = (startLine: number, opening: boolean): void => {
    // From just after '`' (opening) or the '}' closing a substitution, to '`' or the next '${'.
    let value = '';
    while (at < length) {
      const char = text[at] as string;
      if (char === '\\') {
        if (text[at + 1] === '\n') line++;
        value += text[at + 1] ?? '';
        at += 2;
      } else if (char === '`') {
        at++;
        tokens.push({ type: 'template', value, plain: opening, line: startLine });
        return;
      } else if (char === '$' && text[at + 1] === '{') {
        at += 2;
        substitutions.push(braces);
        if (opening) tokens.push({ type: 'template', value, plain: false, line: startLine });
        return;
      } else {
        if (char === '\n') line++;
        value += char;
        at++;
      }
    }
    if (opening) tokens.push({ type: 'template', value, plain: false, line: startLine });
  };

  while (at < length) {
    const char = text[at] as string;
    if (char === '\n') {
      line++;
      at++;
    } else if (char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\v' || char === '\uFEFF' || char === '\u00A0') {
      at++;
    } else if (char === '/' && text[at + 1] === '/') {
      at = lineEnd(text, at);
    } else if (char === '/' && text[at + 1] === '*') {
      const end = text.indexOf('*/', at + 2);
      const stop = end === -1 ? length : end + 2;
      for (let scan = at; scan < stop; scan++) if (text[scan] === '\n') line++;
      at = stop;
    } else if (char === '"' || char === "'") {
      const startLine = line;
      const start = ++at;
      let escaped = false;
      while (at < length && text[at] !== char && text[at] !== '\n') {
        if (text[at] === '\\') {
          escaped = true;
          if (text[at + 1] === '\n') line++;
          at++;
        }
        at++;
      }
      const raw = text.slice(start, Math.min(at, length));
      if (text[at] === char) at++;
      tokens.push({ type: 'string', value: escaped ? raw.replace(/\\(\r\n|[^])/g, (_, kept: string) => (kept.startsWith('\r') || kept === '\n' ? '' : kept)) : raw, line: startLine });
    } else if (char === '`') {
      at++;
      readTemplate(line, true);
    } else if (char === '}' && substitutions.length > 0 && substitutions[substitutions.length - 1] === braces) {
      substitutions.pop();
      at++;
      readTemplate(line, false);
    } else if (char === '/' && regexMayStart(tokens[tokens.length - 1])) {
      const startLine = line;
      const start = at;
      let inClass = false;
      at++;
      while (at < length && text[at] !== '\n') {
        const current = text[at];
        if (current === '\\') at++;
        else if (current === '[') inClass = true;
        else if (current === ']') inClass = false;
        else if (current === '/' && !inClass) break;
        at++;
      }
      if (text[at] === '/') at++;
      WORD.lastIndex = at;
      if (WORD.exec(text)) at = WORD.lastIndex; // flags
      tokens.push({ type: 'regex', value: text.slice(start, at), line: startLine });
    } else {
      WORD.lastIndex = at;
      if (WORD.exec(text)) {
        tokens.push({ type: 'word', value: text.slice(at, WORD.lastIndex), line });
        at = WORD.lastIndex;
      } else {
        if (char === '{') braces++;
        else if (char === '}') braces--;
        tokens.push({ type: 'punct', value: char, line });
        at++;
      }
    }
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function regexMayStart(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.type === 'punct') return previous.value !== ')' && previous.value !== ']';
  if (previous.type === 'word') return BEFORE_EXPRESSION.has(previous.value);
  return false;
}

/**
 * `(fromFile, specifier) => file`: relative specifiers (`./x.js` naming `x.ts`, folders with an
 * index), absolute paths and tsconfig/jsconfig `paths` (with `extends` and `baseUrl`, the config
 * looked up per folder and cached), and the names of the workspace's packages (./workspaces.ts).
 * Other package names and `node:` builtins give undefined.
 */
export function createResolver(root: string, workspace?: Workspace): (fromFile: string, specifier: string) => string | undefined {
  const exists = listingExists();
  const packages = workspace ?? new Workspace(root, exists);
  const configByDir = new Map<string, TsConfigResult | null>();
  const matcherByConfig = new Map<string, PathsMatcher | null>();
  const readCache = new Map<string, unknown>();

  const configFor = (dir: string): TsConfigResult | null => {
    let config = configByDir.get(dir);
    if (config === undefined) {
      try {
        // The nearest config of either name wins: a project's jsconfig beats a tsconfig in a parent folder.
        const ts = getTsconfig(dir, 'tsconfig.json', readCache);
        const js = getTsconfig(dir, 'jsconfig.json', readCache);
        config = ts && js ? (path.dirname(js.path).length > path.dirname(ts.path).length ? js : ts) : (ts ?? js);
      } catch {
        config = null; // a broken tsconfig only costs the aliases
      }
      configByDir.set(dir, config);
    }
    return config;
  };
  const matcherFor = (dir: string): PathsMatcher | null => {
    const config = configFor(dir);
    if (!config) return null;
    let matcher = matcherByConfig.get(config.path);
    if (matcher === undefined) {
      try {
        matcher = createPathsMatcher(config);
      } catch {
        matcher = null;
      }
      matcherByConfig.set(config.path, matcher);
    }
    return matcher;
  };

  return (fromFile, specifier) => {
    const from = path.resolve(root, fromFile);
    if (specifier.startsWith('.')) return resolveRelative(from, specifier, exists);
    if (path.isAbsolute(specifier)) return resolveTarget(specifier, exists);
    if (specifier.startsWith('node:') || specifier === '') return undefined;
    const matcher = matcherFor(path.dirname(from));
    for (const candidate of matcher?.(specifier) ?? []) {
      const file = resolveTarget(candidate, exists);
      if (file) return file;
    }
    return packages.resolve(specifier, from);
  };
}

/**
 * `fileExists` answered from one cached listing per folder. Perf: resolving `./x` probes up to
 * 25 candidates (`x`, `x.ts`, …, `x/index.cjs`), each a `statSync` that throws when missing;
 * a resolver lives for one command run, so each folder is listed once instead. Symlinks are
 * still stat'ed (they count when they lead to a file); case-insensitive file systems keep the
 * plain `stat`, whose answer a listing cannot reproduce.
 */
function listingExists(): FileExists {
  if (process.platform === 'darwin' || process.platform === 'win32') return fileExists;
  const listings = new Map<string, Map<string, Dirent> | null>();
  return (file) => {
    const dir = path.dirname(file);
    let listing = listings.get(dir);
    if (listing === undefined) {
      try {
        listing = new Map(readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry]));
      } catch {
        listing = null;
      }
      listings.set(dir, listing);
    }
    const entry = listing?.get(path.basename(file));
    if (!entry) return false;
    return entry.isFile() || (entry.isSymbolicLink() && fileExists(file));
  };
}

/** Every file reachable from `entry` (itself included), breadth first; cycles are visited once. */
export function reachableFrom(entry: string, importsOf: (file: string) => readonly string[]): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let next = 0; next < queue.length; next++) {
    for (const target of importsOf(queue[next] as string)) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}

/**
 * Before `migrate` writes, the rewritten TypeScript files are type-checked under the project's
 * own tsconfig, and a file whose rewrite adds errors is left as it was. TypeScript is an
 * optional peer: without it the check is skipped, and said so.
 *
 * Only new errors count: the files are checked as they are on disk and as they would be, and
 * an error the original already had (same file, code and message) is not the rewrite's fault.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type * as TypeScript from 'typescript';

import type { FileChange } from './changes.js';

export interface TypeErrorReport {
  readonly line: number;
  readonly code: number;
  readonly message: string;
}

export interface TypecheckOutcome {
  /** The changes that add no error: write these. */
  readonly kept: FileChange[];
  /** The changes left out, each with the errors its rewrite would add. */
  readonly rolledBack: { readonly change: FileChange; readonly errors: readonly TypeErrorReport[] }[];
  /** Why nothing was checked, when it was not. */
  readonly skipped?: string;
}

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;

/** The project's own TypeScript, else the one next to this tool; undefined when neither is installed. */
function loadTypeScript(cwd: string): typeof TypeScript | undefined {
  for (const base of [path.join(cwd, 'package.json'), __filename]) {
    try {
      return createRequire(base)('typescript') as typeof TypeScript;
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** Whether ts.findConfigFile would find a tsconfig.json from `dir`: in it or a folder above. */
function hasConfigAbove(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'tsconfig.json'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

export function typecheckChanges(changes: readonly FileChange[], cwd: string): TypecheckOutcome {
  const typed = changes.filter((change) => TYPESCRIPT_FILE.test(change.file) && !change.file.endsWith('.d.ts'));
  // Without a tsconfig the project's settings are unknown: nothing to hold a file to, and no
  // reason to load TypeScript (half a second).
  if (!typed.some((change) => hasConfigAbove(path.dirname(path.resolve(change.file))))) return { kept: [...changes], rolledBack: [] };
  const ts = loadTypeScript(cwd);
  if (!ts) return { kept: [...changes], rolledBack: [], skipped: 'typescript is not installed, so the rewritten files were not type-checked' };

  const checker = new ProjectChecker(ts);
  let kept = [...changes];
  const rolledBack: TypecheckOutcome['rolledBack'] = [];
  // A rolled-back file may be one the others relied on (an owner's new export): check again
  // until a round rolls nothing back. Each round removes at least one file, so this ends.
  for (;;) {
    const failing = checker.newErrors(kept);
    if (failing.size === 0) break;
    for (const [file, errors] of failing) {
      const change = kept.find((candidate) => candidate.file === file);
      if (change) rolledBack.push({ change, errors });
    }
    kept = kept.filter((change) => !failing.has(change.file));
  }
  return { kept, rolledBack };
}

class ProjectChecker {
  private readonly configs = new Map<string, TypeScript.ParsedCommandLine | undefined>();
  /** Library and declaration files do not change between the two programs: parse them once. */
  private readonly shared = new Map<string, TypeScript.SourceFile | undefined>();

  constructor(private readonly ts: typeof TypeScript) {}

  /** Per changed TypeScript file, the errors the change adds. */
  newErrors(changes: readonly FileChange[]): Map<string, TypeErrorReport[]> {
    const ts = this.ts;
    const byConfig = new Map<string, string[]>();
    for (const change of changes) {
      if (!TYPESCRIPT_FILE.test(change.file) || change.file.endsWith('.d.ts')) continue;
      const config = ts.findConfigFile(path.dirname(change.file), ts.sys.fileExists);
      // Without a tsconfig the project's settings are unknown: nothing to hold the file to.
      if (!config) continue;
      byConfig.set(config, [...(byConfig.get(config) ?? []), change.file]);
    }
    const after = new Map(changes.map((change) => [path.resolve(change.file), change.after]));
    const failing = new Map<string, TypeErrorReport[]>();
    for (const [configFile, files] of byConfig) {
      const parsed = this.config(configFile);
      if (!parsed) continue;
      const before = this.diagnostics(parsed, files, new Map());
      const rewritten = this.diagnostics(parsed, files, after);
      for (const file of files) {
        const added = subtract(rewritten.get(file) ?? [], before.get(file) ?? []);
        if (added.length > 0) failing.set(file, added);
      }
    }
    return failing;
  }

  private config(configFile: string): TypeScript.ParsedCommandLine | undefined {
    if (!this.configs.has(configFile)) {
      const ts = this.ts;
      let parsed: TypeScript.ParsedCommandLine | undefined;
      try {
        parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
      } catch {
        parsed = undefined;
      }
      this.configs.set(configFile, parsed);
    }
    return this.configs.get(configFile);
  }

  /** Errors of `files` in the program of a tsconfig, with `overlay` standing in for files on disk. */
  private diagnostics(parsed: TypeScript.ParsedCommandLine, files: readonly string[], overlay: ReadonlyMap<string, string>): Map<string, TypeErrorReport[]> {
    const ts = this.ts;
    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (fileName) => overlay.get(path.resolve(fileName)) ?? readFile(fileName);
    host.fileExists = (fileName) => overlay.has(path.resolve(fileName)) || fileExists(fileName);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const text = overlay.get(path.resolve(fileName));
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      if (!/[\\/]node_modules[\\/]/.test(fileName) && !fileName.endsWith('.d.ts')) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
      const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
      if (!this.shared.has(key)) this.shared.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
      return this.shared.get(key);
    };
    const roots = [...new Set([...parsed.fileNames.map((file) => path.resolve(file)), ...files])];
    const program = ts.createProgram({ rootNames: roots, options: parsed.options, host });
    const result = new Map<string, TypeErrorReport[]>();
    for (const file of files) {
      const source = program.getSourceFile(file);
      if (!source) continue;
      const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      result.set(
        file,
        diagnostics
          .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
          .map((diagnostic) => ({
            line: diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line + 1,
            code: diagnostic.code,
            message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
          })),
      );
    }
    return result;
  }
}

/** The errors of `after` that `before` did not have: lines move, so code and message compare. */
function subtract(after: readonly TypeErrorReport[], before: readonly TypeErrorReport[]): TypeErrorReport[] {
  const remaining = before.map((error) => `${error.code}\0${error.message}`);
  return after.filter((error) => {
    const index = remaining.indexOf(`${error.code}\0${error.message}`);
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

/** `TS18047 at line 12: 'bot' is possibly 'null'.`, the first few of them. */
export function describeTypeErrors(errors: readonly TypeErrorReport[]): string {
  const shown = errors.slice(0, 3).map((error) => `TS${error.code} at line ${error.line}: ${error.message}`);
  return shown.join('; ') + (errors.length > 3 ? `; and ${errors.length - 3} more` : '');
}

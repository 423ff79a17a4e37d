// Does a fixture tree still build? TypeScript trees (those with a tsconfig.json) are checked
// with the compiler's diagnostics, as `tsc --noEmit -p <tree>` would report them; JavaScript
// files go through `node --check`. The tree must resolve its packages (see temp-project.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type * as TypeScript from 'typescript';

const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

// Declaration files of node_modules and the default libs are the same for every tree: parse them once.
const sharedFiles = new Map<string, TypeScript.SourceFile | undefined>();

/** `tsc --noEmit -p <dir>/tsconfig.json`: its error messages (file:line: TSxxxx text), none when it builds. */
export function typeErrors(dir: string): string[] {
  const configFile = path.join(dir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true, skipLibCheck: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`${configFile}: not readable`);
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const shared = fileName.includes('/node_modules/') || fileName.includes(`${path.sep}typescript${path.sep}lib${path.sep}`);
    if (!shared) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!sharedFiles.has(key)) sharedFiles.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return sharedFiles.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${text}`;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${path.relative(dir, diagnostic.file.fileName).split(path.sep).join('/')}:${line + 1}: TS${diagnostic.code}: ${text}`;
    });
}

/** `node --check` on each JavaScript file: the syntax errors Node reports, none when all parse. */
export function nodeSyntaxErrors(dir: string, files: readonly string[]): string[] {
  const errors: string[] = [];
  for (const file of files) {
    if (!/\.[cm]?js$/.test(file)) continue;
    const absolute = path.join(dir, file);
    if (!existsSync(absolute)) continue;
    const result = spawnSync(process.execPath, ['--check', absolute], { encoding: 'utf8' });
    if (result.status !== 0) errors.push(`${file}: ${result.stderr.trim()}`);
  }
  return errors;
}

/** Every problem that keeps the tree from building or loading. */
export function buildProblems(dir: string, files: readonly string[]): string[] {
  return [...(existsSync(path.join(dir, 'tsconfig.json')) ? typeErrors(dir) : []), ...nodeSyntaxErrors(dir, files)];
}

/**
 * The problems of `after` that `before` did not have. Lines move when code is rewritten, so
 * problems compare by file and message; each problem of `before` excuses one of `after`.
 */
export function newProblems(before: readonly string[], after: readonly string[]): string[] {
  const withoutLine = (problem: string) => problem.replace(/^([^:]+):\d+: /, '$1: ');
  const excused = before.map(withoutLine);
  return after.filter((problem) => {
    const index = excused.indexOf(withoutLine(problem));
    if (index === -1) return true;
    excused.splice(index, 1);
    return false;
  });
}

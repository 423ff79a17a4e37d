/** Resolving a relative import specifier to the file it names, the way TypeScript and Node
 * do for source trees: `./x.js` may name `x.ts`, `./x` may name `x.ts` or `x/index.ts`. */
import { statSync } from 'node:fs';
import path from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** A compiled-JavaScript extension in a specifier may stand for these sources. */
const SOURCE_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

export type FileExists = (file: string) => boolean;

export const fileExists: FileExists = (file) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export function resolveRelative(fromFile: string, specifier: string, exists: FileExists = fileExists): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return undefined;
  return resolveTarget(path.resolve(path.dirname(fromFile), specifier), exists);
}

/** The source file an absolute target path (with or without extension) stands for. */
export function resolveTarget(target: string, exists: FileExists = fileExists): string | undefined {
  const extension = path.extname(target);
  const candidates: string[] = [target];
  for (const source of SOURCE_FOR[extension] ?? []) candidates.push(target.slice(0, -extension.length) + source);
  for (const source of EXTENSIONS) candidates.push(target + source);
  for (const source of EXTENSIONS) candidates.push(path.join(target, `index${source}`));
  return candidates.find(exists);
}

/** The import specifier one module uses to reach another: relative, posix, `./` when needed,
 * with or without an extension as the importing file's own imports do. */
import path from 'node:path';

import { stripSourceExtension, toPosix } from './paths.js';

/** `none`: `./bot`; `js`: the emitted name (`./bot.js`); `ts`: the source name (`./bot.ts`). */
export type ExtensionStyle = 'none' | 'js' | 'ts';

/** What a TypeScript source is imported as once compiled. */
const EMITTED_EXTENSION: Record<string, string> = {
  '.ts': '.js',
  '.tsx': '.js',
  '.mts': '.mjs',
  '.cts': '.cjs',
  '.js': '.js',
  '.jsx': '.js',
  '.mjs': '.mjs',
  '.cjs': '.cjs',
};

/**
 * Learn the style from the file's own relative specifiers; without any, ESM JavaScript and
 * .mts need extensions (Node requires them) and the rest is written without.
 */
export function extensionStyle(fromFile: string, relativeSpecifiers: readonly string[], isModule: boolean): ExtensionStyle {
  if (relativeSpecifiers.length > 0) {
    if (relativeSpecifiers.some((specifier) => /\.[cm]?tsx?$/.test(specifier))) return 'ts';
    return relativeSpecifiers.some((specifier) => /\.[cm]?jsx?$/.test(specifier)) ? 'js' : 'none';
  }
  const extension = path.extname(fromFile);
  if (extension === '.mjs' || extension === '.mts') return 'js';
  return isModule && extension === '.js' ? 'js' : 'none';
}

export function relativeSpecifier(fromFile: string, toFile: string, style: ExtensionStyle): string {
  const extension = path.extname(toFile);
  const target =
    style === 'ts' && EMITTED_EXTENSION[extension]
      ? toFile
      : style === 'js' && EMITTED_EXTENSION[extension]
        ? stripSourceExtension(toFile) + EMITTED_EXTENSION[extension]
        : stripSourceExtension(toFile);
  // Relative to the target's folder, then its name: `src/bot/x.ts` -> `src/bot.ts` must be
  // `../bot`, not the `./` (the folder itself) that path.relative gives for the bare target.
  const folder = toPosix(path.relative(path.dirname(fromFile), path.dirname(target)));
  let specifier = path.posix.join(folder, path.basename(target));
  if (!specifier.startsWith('../')) specifier = `./${specifier}`;
  return specifier;
}

/**
 * Next.js: the files Next loads itself and whose exports it calls (route handlers, API routes,
 * middleware, instrumentation), all in the one `next` server process. Read only when the
 * project depends on `next`.
 */
import path from 'node:path';

import { comparePaths, toPosix } from '../../core/paths.js';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const SOURCE = String.raw`\.(?:[cm]?[jt]sx?)$`;

/** Root-relative shapes (also under `src/`), what each is for people, and the exports Next calls. */
const NEXT_FILES: readonly { readonly pattern: RegExp; readonly via: string; readonly calls: readonly string[] }[] = [
  { pattern: new RegExp(String.raw`^(?:src/)?app/(?:.+/)?route${SOURCE}`), via: 'Next.js route handler', calls: HTTP_METHODS },
  { pattern: new RegExp(String.raw`^(?:src/)?pages/api/.+${SOURCE}`), via: 'Next.js API route', calls: ['default'] },
  { pattern: new RegExp(String.raw`^(?:src/)?middleware${SOURCE}`), via: 'Next.js middleware', calls: ['middleware', 'default'] },
  // Next 16 renamed middleware to proxy.
  { pattern: new RegExp(String.raw`^(?:src/)?proxy${SOURCE}`), via: 'Next.js proxy', calls: ['proxy', 'default'] },
  { pattern: new RegExp(String.raw`^(?:src/)?instrumentation${SOURCE}`), via: 'Next.js instrumentation', calls: ['register'] },
];

export interface NextEntry {
  readonly file: string;
  readonly via: string;
  readonly calls: readonly string[];
}

export function dependsOnNext(manifest: Record<string, unknown> | undefined): boolean {
  if (!manifest) return false;
  return ['dependencies', 'devDependencies', 'peerDependencies'].some((field) => {
    const deps = manifest[field];
    return typeof deps === 'object' && deps !== null && 'next' in deps;
  });
}

/** The Next.js entry files among `files` (absolute paths of the project's sources). */
export function nextEntries(root: string, files: Iterable<string>): NextEntry[] {
  const found: NextEntry[] = [];
  for (const file of files) {
    const relative = toPosix(path.relative(root, file));
    const shape = NEXT_FILES.find((candidate) => candidate.pattern.test(relative));
    if (shape) found.push({ file, via: shape.via, calls: shape.calls });
  }
  return found.sort((a, b) => comparePaths(a.file, b.file));
}

/**
 * Paths as a server or a container sees them, mapped back to this checkout: the checkout is
 * what gets deployed (copied to `/var/www/app`, or into the image's WORKDIR), so the tail of a
 * deployed path that exists here is the file meant.
 */
import path from 'node:path';

import { isInside, toPosix } from '../../core/paths.js';
import { resolveTarget } from '../../core/resolve.js';

/**
 * The folder a PM2 app runs in. An absolute cwd outside this checkout is the deploy folder on
 * the server (`cwd: '/var/www/app'`, or `/var/www/app/bot`): the checkout is deployed there, so
 * the longest tail of that path that is a folder here holding the script is taken (else the
 * ecosystem file's own folder).
 */
export function appFolder(cwd: string | undefined, script: string | undefined, base: string, root: string): string {
  if (!cwd) return base;
  const resolved = path.resolve(base, cwd);
  if (!path.isAbsolute(cwd) || isInside(root, resolved)) return resolved;
  const parts = resolved.split(path.sep).filter(Boolean);
  for (let start = 0; start <= parts.length; start++) {
    const candidate = path.join(base, ...parts.slice(start));
    if (script === undefined || resolveTarget(path.resolve(candidate, script))) return candidate;
  }
  return base;
}

/**
 * A file a container runs (`/app/dist/index.js`) as a path in the build context: inside the
 * image's WORKDIR it is the same path under the context; elsewhere, the longest tail that names
 * a file in the context. Paths already inside the checkout are left alone.
 */
export function fromContainer(file: string, context: string, root: string, workdir: string): string {
  if (isInside(root, file)) return file;
  const inWorkdir = path.posix.relative(workdir, toPosix(file));
  if (!inWorkdir.startsWith('..') && !path.posix.isAbsolute(inWorkdir)) return path.join(context, inWorkdir);
  const parts = file.split(/[\\/]/).filter(Boolean);
  for (let start = 0; start < parts.length; start++) {
    const candidate = path.join(context, ...parts.slice(start));
    if (resolveTarget(candidate)) return candidate;
  }
  return file;
}

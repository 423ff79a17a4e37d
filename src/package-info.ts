import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /** The repository's web address, from package.json's `repository` (its one source). */
  readonly repository: string;
}

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly repository?: { readonly url?: string } | string;
}

/** `git+https://host/owner/name.git` → `https://host/owner/name`. */
export function repositoryWebUrl(repository: Manifest['repository']): string {
  const url = typeof repository === 'string' ? repository : repository?.url;
  if (!url) throw new Error('eslint-plugin-telegram-bot: package.json has no repository url');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** The package's own package.json, found from this file whether it runs from src/ or dist/src/. */
function readPackageInfo(): PackageInfo {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
      if (manifest.name === 'eslint-plugin-telegram-bot') {
        return { name: manifest.name, version: manifest.version, repository: repositoryWebUrl(manifest.repository) };
      }
    } catch (error) {
      if ((error as Error).message.includes('no repository url')) throw error;
      // not here; look one folder up
    }
    if (path.dirname(dir) === dir) throw new Error('eslint-plugin-telegram-bot: cannot find its own package.json');
  }
}

export const packageInfo: PackageInfo = readPackageInfo();

/** A file of this repository at the tag of this version (`v1.2.3`): what the npm page and node_modules link to. */
export function versionedUrl(file: string): string {
  return `${packageInfo.repository}/blob/v${packageInfo.version}/${file}`;
}

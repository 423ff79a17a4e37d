import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/** The package's own package.json, found from this file whether it runs from src/ or dist/src/. */
function readPackageInfo(): PackageInfo {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageInfo;
      if (manifest.name === 'eslint-plugin-telegram-bot') return { name: manifest.name, version: manifest.version };
    } catch {
      // not here; look one folder up
    }
    if (path.dirname(dir) === dir) throw new Error('eslint-plugin-telegram-bot: cannot find its own package.json');
  }
}

export const packageInfo: PackageInfo = readPackageInfo();

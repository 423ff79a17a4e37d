/**
 * vite-plugin-node: the Vite dev server loads the app module named by `appPath` in its own
 * process and evaluates it again when a file changes (HMR), so the app's module-level code runs
 * once per change inside a process whose earlier pollers still run. Read only when the project
 * depends on `vite-plugin-node`; the built app is started by a script like any other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { HotReload } from './types.js';

const CONFIG_FILES = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cjs', 'vite.config.cts'];
/** `VitePluginNode({ … appPath: './src/app.ts' … })`: the literal path only (a computed one is not followed). */
const APP_PATH = /\bVitePluginNode\s*\(\s*\{[^]{0,2000}?\bappPath\s*:\s*(['"`])([^'"`\n]+)\1/;

export const VITE_NODE_RELOAD: HotReload = { runner: 'the Vite dev server (vite-plugin-node)', mode: 're-evaluate' };

export function dependsOnVitePluginNode(manifest: Record<string, unknown> | undefined): boolean {
  if (!manifest) return false;
  return ['dependencies', 'devDependencies'].some((field) => {
    const deps = manifest[field];
    return typeof deps === 'object' && deps !== null && 'vite-plugin-node' in deps;
  });
}

/** The app module the plugin loads, from the root's Vite config (absolute; undefined when none names one). */
export function vitePluginNodeApp(root: string): { file: string; config: string } | undefined {
  for (const name of CONFIG_FILES) {
    const config = path.join(root, name);
    let text: string;
    try {
      text = readFileSync(config, 'utf8');
    } catch {
      continue;
    }
    const match = APP_PATH.exec(text);
    if (match) return { file: path.resolve(root, match[2] as string), config };
  }
  return undefined;
}

/**
 * Entry points no manifest names: scripts that nothing imports and that run code at top level
 * (`node scripts/report.js` from a cron job), and scripts started as child processes
 * (`fork('./worker.js')`, `spawn('node', ['scripts/x.js'])`, `exec('tsx scripts/x.ts')`).
 * Only files that reach a Telegram poller are looked at, so the rest cost nothing.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import { parseFile } from '../core/parse.js';
import { resolveTarget } from '../core/resolve.js';
import type { EntryPoint } from './entries.js';
import { reachableFrom } from './module-graph.js';
import type { ProjectIndex } from './project-index.js';

/** `require.main === module`, `import.meta.main`, and the import.meta.url/argv idiom: meant to be run directly. */
const ENTRY_GUARD = /\brequire\.main\s*===?\s*module\b|\bmodule\s*===?\s*require\.main\b|\bimport\.meta\.main\b|import\.meta\.(?:url|filename)[^;\n]*process\.argv\[1\]|process\.argv\[1\][^;\n]*import\.meta\.(?:url|filename)/;

const SPAWN_CALL = /\b(?:fork|spawn|spawnSync|exec|execSync|execFile|execFileSync|execa|execaNode)\s*\(([^)]{0,300})\)/g;
const SCRIPT_PATH = /['"`]([^'"`\s]+\.(?:[cm]?[jt]s|tsx?))['"`]/g;

export function implicitEntries(index: ProjectIndex, explicit: readonly EntryPoint[]): EntryPoint[] {
  const relative = (file: string) => path.relative(index.root, file).split(path.sep).join('/');
  const importsOf = (file: string) => index.modules.get(file)?.imports ?? [];
  const pollerFiles = new Set([...index.modules.values()].filter((module) => module.pollers.length > 0).map((module) => module.file));
  if (pollerFiles.size === 0) return [];
  const reachesPoller = (file: string) => [...reachableFrom(file, importsOf)].some((reached) => pollerFiles.has(reached));

  const imported = new Set<string>();
  for (const module of index.modules.values()) for (const target of module.imports) imported.add(target);
  const known = new Set(explicit.map((entry) => entry.file));
  const entries: EntryPoint[] = [];

  for (const module of index.modules.values()) {
    for (const target of spawnedScripts(module.file, module.text, index.root)) {
      if (!index.modules.has(target) || !reachesPoller(target)) continue;
      entries.push({ file: target, via: `child process spawned by ${relative(module.file)}`, process: `spawn:${relative(target)}` });
      known.add(target);
    }
  }
  // A module with an entry guard runs as its own process when started directly, even if the
  // server also imports it (a second `main()` polling the same token).
  for (const module of index.modules.values()) {
    if (known.has(module.file) || !ENTRY_GUARD.test(module.text) || !reachesPoller(module.file)) continue;
    entries.push({ file: module.file, via: 'run directly (entry guard)', process: `direct:${relative(module.file)}` });
    known.add(module.file);
  }
  for (const module of index.modules.values()) {
    if (imported.has(module.file) || known.has(module.file) || !reachesPoller(module.file)) continue;
    if (!runsTopLevelCode(module.file, module.text)) continue;
    entries.push({ file: module.file, via: 'script', process: `script:${relative(module.file)}` });
  }
  return entries;
}

/** Script paths named in child-process calls, resolved against the file's folder and the root. */
export function spawnedScripts(file: string, text: string, root: string): string[] {
  const found = new Set<string>();
  for (const call of text.matchAll(SPAWN_CALL)) {
    for (const literal of (call[1] ?? '').matchAll(SCRIPT_PATH)) {
      const script = literal[1] as string;
      for (const base of [path.dirname(file), root]) {
        const target = resolveTarget(path.resolve(base, script));
        if (target) {
          found.add(target);
          break;
        }
      }
    }
  }
  return [...found];
}

/** Does the module do anything when run, beyond declaring and exporting? */
function runsTopLevelCode(file: string, text: string): boolean {
  let parsed;
  try {
    parsed = parseFile(file, text);
  } catch {
    return false;
  }
  return parsed.ast.body.some((statement) => {
    switch (statement.type) {
      case 'ImportDeclaration':
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'ExportAllDeclaration':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
      case 'TSDeclareFunction':
      case 'TSImportEqualsDeclaration':
        return false;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        return statement.declaration?.type === 'VariableDeclaration' && declaresWithCall(statement.declaration.declarations);
      case 'VariableDeclaration':
        return declaresWithCall(statement.declarations);
      case 'ExpressionStatement':
        // A `module.exports = …` assignment alone is a library, not a script.
        return !(statement.expression.type === 'AssignmentExpression' && /exports/.test(text.slice(statement.range[0], statement.expression.left.range[1])));
      default:
        return true;
    }
  });
}

/** `const x = main()` runs code; `const lib = require('x')` only loads a module. */
function declaresWithCall(declarations: readonly TSESTree.VariableDeclarator[]): boolean {
  return declarations.some((declarator) => {
    const init = declarator.init;
    if (!init) return false;
    if (init.type === 'CallExpression') return !(init.callee.type === 'Identifier' && init.callee.name === 'require');
    return init.type === 'AwaitExpression' || init.type === 'NewExpression';
  });
}

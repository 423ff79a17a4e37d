/**
 * Entry points no manifest names: scripts that nothing imports and that run code at top level
 * (`node scripts/report.js` from a cron job), scripts started as child processes or worker
 * threads (`fork('./worker.js')`, `new Worker('./bot.js')`), and modules with an entry guard
 * (`require.main === module`), which run as their own process when started directly. Only files
 * that can reach a bot are looked at, so the rest cost nothing.
 */
import path from 'node:path';

import { toPosix } from '../core/paths.js';
import type { EntryPoint } from './entries/index.js';
import type { ProjectModel } from './model.js';
import type { FileSummary } from './summary.js';

export function implicitEntries(model: ProjectModel, explicit: readonly EntryPoint[]): EntryPoint[] {
  const relative = (file: string) => toPosix(path.relative(model.root, file));
  const relevant = model.relevant();
  if (relevant.size === 0) return [];
  // An importer of a file that matters matters too, so the relevant files' imports tell who is imported.
  const imported = new Set<string>();
  for (const file of relevant) for (const target of model.importsOf(file)) imported.add(target);
  const known = new Set(explicit.map((entry) => entry.file));
  const entries: EntryPoint[] = [];

  for (const projectFile of model.files.values()) {
    for (const target of projectFile.spawns) {
      if (!relevant.has(target) || known.has(target)) continue;
      const via = projectFile.workers.includes(target) ? `worker thread started by ${relative(projectFile.file)}` : `child process spawned by ${relative(projectFile.file)}`;
      entries.push({ file: target, via, process: `spawn:${relative(target)}` });
      known.add(target);
    }
  }
  for (const file of relevant) {
    const projectFile = model.files.get(file);
    if (!projectFile || known.has(file) || !projectFile.hasEntryGuard) continue;
    entries.push({ file, via: 'run directly (entry guard)', process: `direct:${relative(file)}` });
    known.add(file);
  }
  for (const file of relevant) {
    if (imported.has(file) || known.has(file)) continue;
    const summary = model.summaryOf(file);
    // A module that exports something is a library or a serverless handler, not a script; one
    // that exports nothing and that nothing imports is run on its own (loading modules counts).
    if (!summary || exportsSomething(summary) || !runsTopLevelCode(summary)) continue;
    entries.push({ file, via: 'script', process: `script:${relative(file)}` });
  }
  return entries;
}

function exportsSomething(summary: FileSummary): boolean {
  return Object.keys(summary.exports).length > 0 || summary.moduleExports !== undefined || summary.exportAll.length > 0;
}

/** Does the module do anything when run (loading a module included), beyond declaring? */
function runsTopLevelCode(summary: FileSummary): boolean {
  const body = summary.functions[0];
  return body !== undefined && (body.effects.length > 0 || summary.staticImports.length > 0);
}

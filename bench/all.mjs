// Runs every bench in turn (each in its own process, so one's heap does not slow the next).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { benchDir } from './lib.mjs';

const extra = process.argv.slice(2);
for (const [script, flags] of [['corpus.mjs', []], ['rules.mjs', ['--expose-gc']], ['migrate.mjs', []], ['check.mjs', []], ['concurrency.mjs', []], ['monorepo.mjs', []]]) {
  console.log(`\n=== ${script} ===`);
  const result = spawnSync(process.execPath, [...flags, path.join(benchDir, script), ...extra], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

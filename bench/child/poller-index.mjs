// Child process: builds the rule's project model (no-duplicate-poller) for a root, with its
// processes (from the persistent cache when TELEGRAM_BOT_LINT_CACHE_DIR names one that holds it),
// then checks it again as a lint after a pause would; prints JSON timings and the peak RSS.
// Also runs against an older build (BENCH_DIST) whose rule kept a poller index instead.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [root, dist] = process.argv.slice(2);
const require = createRequire(path.join(dist, '..', 'package.json'));
const probe = path.join(root, 'package.json');
let coldMs;
let revalidateMs;
let filesWithPollers;
if (existsSync(path.join(dist, 'src/project/live.js'))) {
  const { projectModelFor } = require(path.join(dist, 'src/project/live.js'));
  let start = performance.now();
  const model = projectModelFor(probe, 0);
  const processes = model.processes();
  coldMs = performance.now() - start;
  start = performance.now();
  projectModelFor(probe, 1e12); // after a pause: the freshness check of an editor's next lint
  revalidateMs = performance.now() - start;
  filesWithPollers = new Set(processes.flatMap((process) => process.events.map((event) => event.file))).size;
} else {
  const { projectPollers } = require(path.join(dist, 'src/check/poller-index.js'));
  let start = performance.now();
  const pollers = projectPollers(root, 0);
  coldMs = performance.now() - start;
  start = performance.now();
  projectPollers(root, 1e12);
  revalidateMs = performance.now() - start;
  filesWithPollers = pollers.size;
}
console.log(JSON.stringify({ coldMs, revalidateMs, filesWithPollers, maxRssKb: process.resourceUsage().maxRSS }));

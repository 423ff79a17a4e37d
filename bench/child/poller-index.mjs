// Child process: builds the rule's project index (no-duplicate-poller without owners) for a
// root, cold, then validates it again warm; prints JSON timings and the process's peak RSS.
import { createRequire } from 'node:module';
import path from 'node:path';

const [root, dist] = process.argv.slice(2);
const require = createRequire(path.join(dist, '..', 'package.json'));
const { projectPollers } = require(path.join(dist, 'src/check/poller-index.js'));
let start = performance.now();
const pollers = projectPollers(root, 0);
const coldMs = performance.now() - start;
start = performance.now();
projectPollers(root, 1e12); // past any trust window: re-validates every file by size and mtime
const revalidateMs = performance.now() - start;
console.log(JSON.stringify({ coldMs, revalidateMs, filesWithPollers: pollers.size, maxRssKb: process.resourceUsage().maxRSS }));

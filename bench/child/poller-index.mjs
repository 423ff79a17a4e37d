// Child process: builds the rule's project model (no-duplicate-poller) for a root, cold, with its
// processes, then validates it again warm; prints JSON timings and the process's peak RSS.
import { createRequire } from 'node:module';
import path from 'node:path';

const [root, dist] = process.argv.slice(2);
const require = createRequire(path.join(dist, '..', 'package.json'));
const { projectModelFor } = require(path.join(dist, 'src/project/live.js'));
const probe = path.join(root, 'package.json');
let start = performance.now();
const model = projectModelFor(probe, 0);
const processes = model.processes();
const coldMs = performance.now() - start;
start = performance.now();
projectModelFor(probe, 1e12); // past any trust window: re-validates every file by size and mtime
const revalidateMs = performance.now() - start;
const filesWithPollers = new Set(processes.flatMap((process) => process.events.map((event) => event.file))).size;
console.log(JSON.stringify({ coldMs, revalidateMs, filesWithPollers, maxRssKb: process.resourceUsage().maxRSS }));

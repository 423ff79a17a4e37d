// Child process: the floor of a whole-project command, walking the tree as the index does and
// reading every source file once; prints JSON timings and the process's peak RSS.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [root, dist] = process.argv.slice(2);
const require = createRequire(path.join(dist, '..', 'package.json'));
// An older build (BENCH_DIST) kept the walker under src/cli.
const walker = existsSync(path.join(dist, 'src/project/files.js')) ? 'src/project/files.js' : 'src/cli/files.js';
const { walkSourceFilesSync } = require(path.join(dist, walker));
const start = performance.now();
let bytes = 0;
const files = walkSourceFilesSync(root);
for (const file of files) bytes += readFileSync(file, 'utf8').length;
console.log(JSON.stringify({ ms: performance.now() - start, files: files.length, bytes, maxRssKb: process.resourceUsage().maxRSS }));

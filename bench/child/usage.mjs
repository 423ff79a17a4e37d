// Child wrapper where GNU time is missing: runs the given script in this process and prints its
// CPU time and peak RSS on stderr when it exits, as `__usage=<user s> <sys s> <max RSS kB>`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`__usage=${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6} ${usage.maxRSS}\n`);
});
await import(pathToFileURL(path.resolve(script)).href);

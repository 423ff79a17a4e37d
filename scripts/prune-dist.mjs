// After `tsc -p tsconfig.build.json`: delete files in dist/ whose source no longer exists (a
// moved or renamed module), so `npm pack` never ships a stale copy. It only removes orphans, so
// a build running next to a test run never makes a live file disappear.
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const repository = path.join(import.meta.dirname, '..');
const dist = path.join(repository, 'dist');
const outputs = /(\.d\.ts|\.js|\.js\.map|\.d\.ts\.map)$/;

function prune(dir) {
  let left = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (prune(file) === 0) rmdirSync(file);
      else left++;
      continue;
    }
    const match = outputs.exec(entry.name);
    const source = match && path.join(repository, path.relative(dist, dir), entry.name.slice(0, -match[1].length));
    if (source && !['.ts', '.mts', '.cts', '.tsx'].some((extension) => existsSync(source + extension))) {
      rmSync(file);
      console.log(`removed stale ${path.relative(repository, file)}`);
    } else left++;
  }
  return left;
}

if (existsSync(dist)) prune(dist);

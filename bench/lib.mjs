// Shared helpers for the bench scripts: timing, child processes with peak memory, tables,
// results files and the machine description. Plain Node, no dependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.dirname(benchDir);
// BENCH_DIST: measure another build (e.g. a copy of dist/ from before a change) with the same scripts.
export const distDir = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(repoRoot, 'dist');
export const binPath = path.join(distDir, 'src', 'cli', 'bin.js');
export const require = createRequire(path.join(repoRoot, 'package.json'));

/** Fails early with a clear message when the package was not built. */
export function requireBuilt() {
  if (!existsSync(binPath)) {
    console.error('dist/ is missing: run `npm run build` first.');
    process.exit(2);
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const ms = (value) => `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
export const ratio = (value) => `${value.toFixed(value < 10 ? 3 : 1)}x`;
export const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** A plain text table: rows are arrays of cells, the first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const hasGnuTime = existsSync('/usr/bin/time');

/**
 * Runs a command in a child process and returns its wall time (ms), peak RSS (kB) and CPU time
 * (user + system, ms, its own children included: a loaded machine stretches wall time, far less
 * the CPU a command uses), measured by GNU time when present; otherwise the child must print
 * `maxrss=<kB>` on stderr (and the CPU time is not known).
 */
export function measure(command, args, { cwd, env, allowExit = [0] } = {}) {
  const full = hasGnuTime ? ['/usr/bin/time', ['-f', '__maxrss=%M __cpu=%U+%S', command, ...args]] : [command, args];
  const start = performance.now();
  const result = spawnSync(full[0], full[1], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - start;
  if (result.error) throw result.error;
  if (!allowExit.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stderr.slice(-2000)}`);
  }
  const rss = /(?:__)?maxrss=(\d+)/.exec(result.stderr);
  const cpu = /__cpu=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  return { wall, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, maxRssKb: rss ? Number(rss[1]) : undefined, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpu: model,
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    eslint: require('eslint/package.json').version,
    typescript: require('typescript/package.json').version,
    typescriptEslintParser: require('@typescript-eslint/parser/package.json').version,
    jscodeshift: require('jscodeshift/package.json').version,
    git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim(),
    os: `${os.type()} ${os.release()}`,
  };
}

/** Writes bench/results/<name>.json with the machine and the command line. */
export function writeResults(name, data) {
  const dir = path.join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}${process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL}` : ''}.json`);
  const payload = {
    bench: name,
    date: new Date().toISOString(),
    command: `${process.env.BENCH_DIST ? `BENCH_DIST=${process.env.BENCH_DIST} ` : ''}node ${path.relative(repoRoot, process.argv[1])} ${process.argv.slice(2).join(' ')}`.trim(),
    dist: path.relative(repoRoot, distDir),
    machine: machine(),
    ...data,
  };
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(repoRoot, file)}`);
  return payload;
}

/** `--name value` or `--name=value` from argv. */
export function option(name, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return fallback;
}

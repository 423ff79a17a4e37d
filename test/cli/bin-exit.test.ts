// The built bin ends the process as soon as its command is done, but never before what it
// printed has reached a reader that is slow to read: a report larger than a pipe holds
// (64 KB on Linux) is read in full when the reader starts late. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { repositoryRoot, tempProjects } from '../helpers/temp-project.js';

const bin = path.join(repositoryRoot, 'dist/src/cli/bin.js');
const projects = tempProjects();
afterAll(() => projects.cleanup());

/** 300 tokens, each polled by two modules of one process: a report of about 190 KB. */
function projectWithLongReport(): string {
  const dir = projects.make('long-report');
  mkdirSync(path.join(dir, 'src'));
  const requires: string[] = [];
  for (let index = 0; index < 300; index++) {
    for (const side of ['a', 'b']) {
      const name = `bot${index}${side}`;
      writeFileSync(path.join(dir, 'src', `${name}.js`), `const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(process.env.BOT_TOKEN_${index});\nbot.launch();\n`);
      requires.push(`require('./${name}');`);
    }
  }
  writeFileSync(path.join(dir, 'src', 'index.js'), `${requires.join('\n')}\n`);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'long-report', main: 'src/index.js' }));
  return dir;
}

/**
 * Runs the bin with stdout on a pipe (64 KB) whose reader starts `waitMs` late, through the shell
 * (Node gives a child a socket, which holds far more): a bin that ended with output still
 * unwritten has lost it.
 */
function runWithSlowReader(cwd: string, args: readonly string[], waitMs: number): { code: number; stdout: string } {
  const command = `{ "$0" "$@"; echo "exit:$?" >&2; } | { sleep ${waitMs / 1000}; cat; }`;
  const result = spawnSync('sh', ['-c', command, process.execPath, bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const code = /exit:(\d+)/.exec(result.stderr)?.[1];
  if (code === undefined) throw new Error(`no exit code from the shell: ${result.stderr}`);
  return { code: Number(code), stdout: result.stdout };
}

describe.skipIf(process.platform === 'win32')('the bin at exit', () => {
  it('leaves a report longer than the pipe holds to be read in full', () => {
    const dir = projectWithLongReport();
    const { code, stdout } = runWithSlowReader(dir, ['check', '--json', '--no-cache'], 2_500);
    expect(stdout.length).toBeGreaterThan(128 * 1024);
    const report = JSON.parse(stdout) as { findings: { token: string }[] };
    expect(new Set(report.findings.map((finding) => finding.token)).size).toBe(300);
    expect(code).toBe(1);
  });

  it('ends with the command’s exit code when the output fits the pipe', () => {
    const { code, stdout } = runWithSlowReader(repositoryRoot, ['--version'], 0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(code).toBe(0);
  });
});

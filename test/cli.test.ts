// The bin as users run it (`npx eslint-plugin-telegram-bot`): the built file, in a child process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const bin = path.join(root, manifest.bin['eslint-plugin-telegram-bot'] ?? '');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 600_000 /* a hang guard */ });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('eslint-plugin-telegram-bot (bin)', () => {
  it('--help prints usage and exits 0', () => {
    const { code, stdout } = run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: eslint-plugin-telegram-bot <command>/);
    expect(stdout).toContain('--version');
  });

  it('no arguments prints the same help', () => {
    expect(run().stdout).toBe(run('--help').stdout);
  });

  for (const command of ['migrate', 'check', 'defer-polling']) {
    it(`help ${command} and ${command} --help print that command's usage, not the general help`, () => {
      const help = run('help', command);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(run(command, '--help').stdout);
      expect(help.stdout).toContain(`eslint-plugin-telegram-bot ${command}`);
      expect(help.stdout).not.toBe(run('--help').stdout);
    });
  }

  it('help of something that is not a command exits 2 and lists the commands', () => {
    const { code, stdout, stderr } = run('help', 'frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("no help for 'frobnicate'");
    expect(stderr).toContain('migrate, check, defer-polling');
  });

  it('--version and -v print the package version', () => {
    expect(run('--version')).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    expect(run('-v').stdout).toBe(`${manifest.version}\n`);
  });

  it('an unknown command exits 2 with the usage on stderr', () => {
    const { code, stdout, stderr } = run('frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown command 'frobnicate'");
    expect(stderr).toContain('Usage:');
  });

  it('an unknown option exits 2', () => {
    const { code, stderr } = run('--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--frobnicate'");
  });
});

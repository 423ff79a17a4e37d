// The codemod.com route with the real codemod CLI (installed from npm into a temporary folder on
// first use: as a devDependency its platform packages broke \`npm ci\`; it runs offline): codemod.yaml
// (the manifest its CLI requires) and workflow.yaml, run with `--no-interactive` and settings as
// `--param` in a git repository made of example/backend with the plugin from the packed tarball.
// `--param preview=true` prints the diffs and changes nothing; the CLI's own --dry-run skips
// shell steps, which is why the docs point at the preview instead.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { copyBackend, ESM_CONFIG, git, makeConsumerProject, packPlugin, projectEnv, repositoryRoot, run, tempDir } from './helpers.js';

interface Step {
  id: string;
  name: string;
  run: string;
}
interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  depends_on?: string[];
  runtime: { type: string };
  steps: Step[];
}

const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
const codemod = parse(readFileSync(path.join(repositoryRoot, 'codemod.yaml'), 'utf8')) as Record<string, unknown>;
const workflow = parse(readFileSync(path.join(repositoryRoot, String(codemod.workflow)), 'utf8')) as {
  version: string;
  params: { schema: Record<string, { type: string; default: string; description: string }> };
  nodes: WorkflowNode[];
};
const docs = readFileSync(path.join(repositoryRoot, 'docs/codemod-cli.md'), 'utf8');
const CODEMOD_VERSION = '1.18.3';
let installed: string | undefined;

/** The codemod CLI, installed once per machine into the temp folder (npm keeps its own cache). */
function codemodCli(): string {
  if (installed) return installed;
  const prefix = path.join(os.tmpdir(), `eslint-plugin-telegram-bot-codemod-cli-${CODEMOD_VERSION}`);
  const bin = path.join(prefix, 'node_modules/.bin/codemod');
  if (!existsSync(bin)) {
    const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `codemod@${CODEMOD_VERSION}`], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm install codemod@${CODEMOD_VERSION} failed: ${result.stderr}`);
  }
  installed = bin;
  return bin;
}
const OWNERS = 'owner=src/services/telegramBot.ts,src/services/iaeAgentBot.ts';

describe('codemod.yaml and workflow.yaml', () => {
  it('codemod.yaml has every key the codemod CLI requires, in sync with package.json', () => {
    expect(codemod.schema_version).toBe('1.0'); // a string, not the number 1
    expect(codemod.name).toBe(manifest.name);
    expect(codemod.version).toBe(manifest.version);
    expect(codemod.license).toBe(manifest.license);
    for (const key of ['description', 'author']) expect(typeof codemod[key] === 'string' && (codemod[key] as string).length > 0, key).toBe(true);
    expect(codemod.workflow).toBe('workflow.yaml');
  });

  it('workflow.yaml: one automatic node, its shell steps in order running this package\'s command; every parameter documented', () => {
    expect(workflow.version).toBe('1');
    expect(workflow.nodes.map((node) => node.id)).toEqual(['migrate']);
    expect(workflow.nodes[0]?.steps.map((step) => step.id)).toEqual(['use-shared-bot', 'defer-polling']);
    for (const node of workflow.nodes) {
      expect(node.type).toBe('automatic');
      expect(node.runtime.type).toBe('direct');
      for (const step of node.steps) expect(step.run).toContain('"$CODEMOD_PATH/dist/src/cli/bin.js"');
    }
    const names = Object.keys(workflow.params.schema);
    expect(names.sort()).toEqual(['defer_module', 'entry', 'owner', 'paths', 'preview', 'same_token']);
    for (const name of names) expect(docs, name).toContain(`\`${name}\``);
  });
});

describe('the real codemod CLI on a copy of example/backend', () => {
  let base: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    base = tempDir('codemod');
    project = makeConsumerProject(path.join(base, 'project'), packPlugin(base), { eslint: 'eslint' });
    // Its own HOME: whatever the CLI keeps between runs stays in the test's folder.
    env = projectEnv(project, { HOME: path.join(base, 'home') });
    copyBackend(project);
    copyFileSync(path.join(repositoryRoot, 'example/backend/tsconfig.json'), path.join(project, 'tsconfig.json'));
    writeFileSync(path.join(project, 'eslint.config.js'), ESM_CONFIG);
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    expect(git(project, ['init', '-q'], env).status).toBe(0);
    commit('the backend as it is');
  });

  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  function commit(message: string): void {
    expect(git(project, ['add', '-A'], env).status).toBe(0);
    expect(git(project, ['commit', '-q', '-m', message], env).status).toBe(0);
  }

  function codemodRun(...params: string[]) {
    const args = ['workflow', 'run', '-w', 'node_modules/eslint-plugin-telegram-bot/', '--no-interactive', '--disable-analytics', '--no-color'];
    for (const param of params) args.push('--param', param);
    return run(codemodCli(), args, project, env);
  }

  function changedFiles(): string[] {
    return git(project, ['status', '--porcelain'], env)
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3))
      .sort();
  }

  function lintFindings(): string[] {
    const result = run(process.execPath, [path.join(project, 'node_modules/.bin/eslint'), '--format', 'json', 'src'], project, env);
    return (JSON.parse(result.stdout) as { filePath: string; messages: { line: number; ruleId: string }[] }[])
      .flatMap((file) => file.messages.map((message) => `${path.relative(project, file.filePath)}:${message.line} ${message.ruleId}`))
      .sort();
  }

  it('--param preview=true prints the diffs of both steps and changes nothing', () => {
    const result = codemodRun(OWNERS, 'defer_module=src/services/telegramBot.ts', 'entry=src/server.ts', 'preview=true');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    for (const file of ['src/config/telegram-service.ts', 'src/routes/telegram.ts', 'src/services/telegramBot.ts', 'src/server.ts']) expect(result.stdout).toContain(`+++ b/${file}`);
    expect(result.stdout).toContain('2 to change');
    expect(changedFiles()).toEqual([]);
  });

  it('the CLI\'s own --dry-run skips the shell steps: no diff, no change (why the docs say to use preview)', () => {
    const result = run(codemodCli(), ['workflow', 'run', '-w', 'node_modules/eslint-plugin-telegram-bot/', '--no-interactive', '--disable-analytics', '--dry-run', '--param', OWNERS], project, env);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain('+++ b/');
    expect(changedFiles()).toEqual([]);
  });

  it('a parameter value is data, never shell code', () => {
    const marker = path.join(base, 'injected');
    const result = codemodRun(`owner=src/services/telegramBot.ts'; touch ${marker}; echo '`, 'preview=true');
    expect(existsSync(marker)).toBe(false);
    // The value reached migrate as one path, which names no module: the run fails, and ends.
    expect(result.stdout + result.stderr).toContain(`owner module not found: src/services/telegramBot.ts'; touch ${marker}; echo '`);
    expect(result.status).toBe(1);
    expect(changedFiles()).toEqual([]);
  });

  it('runs non-interactively: use-shared-bot, then defer-polling when its parameters are given', () => {
    expect(lintFindings()).toHaveLength(4);
    const shared = codemodRun(OWNERS);
    expect(shared.status, shared.stdout + shared.stderr).toBe(0);
    expect(shared.stdout).toContain('2 changed');
    expect(shared.stdout).toContain('defer-polling skipped');
    expect(changedFiles()).toEqual(['src/config/telegram-service.ts', 'src/routes/telegram.ts']);
    expect(lintFindings()).toEqual(['src/services/iaeAgentBot.ts:7 telegram-bot/no-polling-on-import', 'src/services/telegramBot.ts:7 telegram-bot/no-polling-on-import']);
    commit('use-shared-bot');

    const deferred = codemodRun(OWNERS, 'defer_module=src/services/telegramBot.ts', 'entry=src/server.ts');
    expect(deferred.status, deferred.stdout + deferred.stderr).toBe(0);
    expect(changedFiles()).toEqual(['src/server.ts', 'src/services/telegramBot.ts']);
    expect(readFileSync(path.join(project, 'src/services/telegramBot.ts'), 'utf8')).toMatch(/export function start\w*\(/);
    expect(lintFindings()).toEqual(['src/services/iaeAgentBot.ts:7 telegram-bot/no-polling-on-import']);
  });
});

// The codemod.com route: codemod.yaml (the manifest its CLI requires) and workflow.yaml. The
// codemod CLI itself is not run (it may need the network); instead each step's shell command runs
// the way the CLI's direct runtime runs it (bash, CODEMOD_PATH = the package, cwd = the project)
// against a copy of example/backend, with the plugin installed from the packed tarball.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { copyBackend, ESM_CONFIG, makeConsumerProject, packPlugin, projectEnv, repositoryRoot, run, tempDir } from './helpers.js';

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
const workflow = parse(readFileSync(path.join(repositoryRoot, String(codemod.workflow)), 'utf8')) as { version: string; nodes: WorkflowNode[] };

describe('codemod.yaml', () => {
  it('has every key the codemod CLI requires, in sync with package.json', () => {
    expect(codemod.schema_version).toBe('1.0'); // a string, not the number 1
    expect(codemod.name).toBe(manifest.name);
    expect(codemod.version).toBe(manifest.version);
    expect(codemod.license).toBe(manifest.license);
    for (const key of ['description', 'author']) expect(typeof codemod[key] === 'string' && (codemod[key] as string).length > 0, key).toBe(true);
    expect(codemod.workflow).toBe('workflow.yaml');
  });

  it('workflow.yaml: version "1", automatic nodes in order, each step a shell command', () => {
    expect(workflow.version).toBe('1');
    expect(workflow.nodes.map((node) => node.id)).toEqual(['use-shared-bot', 'defer-polling']);
    expect(workflow.nodes[1]?.depends_on).toEqual(['use-shared-bot']);
    for (const node of workflow.nodes) {
      expect(node.type).toBe('automatic');
      expect(node.runtime.type).toBe('direct');
      expect(node.steps.length).toBeGreaterThan(0);
      for (const step of node.steps) expect(step.run).toContain('$CODEMOD_PATH/dist/');
    }
  });
});

describe("the workflow's commands on a copy of example/backend", () => {
  let base: string;
  let project: string;
  let codemodPath: string;

  beforeAll(() => {
    base = tempDir('codemod');
    project = makeConsumerProject(path.join(base, 'project'), packPlugin(base), { eslint: 'eslint' });
    codemodPath = path.join(project, 'node_modules/eslint-plugin-telegram-bot');
    copyBackend(project);
    copyFileSync(path.join(repositoryRoot, 'example/backend/tsconfig.json'), path.join(project, 'tsconfig.json'));
    writeFileSync(path.join(project, 'eslint.config.js'), ESM_CONFIG);
  });

  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  function step(id: string, settings: Record<string, string>) {
    const command = workflow.nodes.flatMap((node) => node.steps).find((candidate) => candidate.id === id)?.run;
    if (!command) throw new Error(`no step ${id}`);
    return run('bash', ['-c', command], project, projectEnv(project, { CODEMOD_PATH: codemodPath, ...settings }));
  }

  function lintFindings(): string[] {
    const result = run('npx', ['eslint', '--format', 'json', 'src'], project);
    return (JSON.parse(result.stdout) as { filePath: string; messages: { line: number; ruleId: string }[] }[])
      .flatMap((file) => file.messages.map((message) => `${path.relative(project, file.filePath)}:${message.line} ${message.ruleId}`))
      .sort();
  }

  it('use-shared-bot without TELEGRAM_BOT_OWNER fails and says what to set', () => {
    const result = step('use-shared-bot', {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('set TELEGRAM_BOT_OWNER');
  });

  it('use-shared-bot then defer-polling leave no duplicate and no polling on import', () => {
    expect(lintFindings()).toHaveLength(4);
    const shared = step('use-shared-bot', { TELEGRAM_BOT_OWNER: 'src/services/telegramBot.ts,src/services/iaeAgentBot.ts' });
    expect(shared.status, shared.stdout + shared.stderr).toBe(0);
    expect(shared.stdout).toMatch(/\b2 ok\b/);
    expect(lintFindings()).toEqual(['src/services/iaeAgentBot.ts:7 telegram-bot/no-polling-on-import', 'src/services/telegramBot.ts:7 telegram-bot/no-polling-on-import']);

    const skipped = step('defer-polling', {});
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toContain('defer-polling skipped');

    const deferred = step('defer-polling', { TELEGRAM_BOT_DEFER_MODULE: 'src/services/telegramBot.ts', TELEGRAM_BOT_ENTRY: 'src/server.ts' });
    expect(deferred.status, deferred.stdout + deferred.stderr).toBe(0);
    expect(readFileSync(path.join(project, 'src/services/telegramBot.ts'), 'utf8')).toMatch(/export function start\w*\(/);
    expect(lintFindings()).toEqual(['src/services/iaeAgentBot.ts:7 telegram-bot/no-polling-on-import']);
  });
});

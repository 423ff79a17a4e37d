// The package as users get it: `npm pack` of the built repository, installed into fresh
// projects outside the repository (see helpers.ts for how and why), then used the way the docs
// say: every eslint.config.* shown in the README and docs/, pasted as it is into a TypeScript ESM
// backend and a CommonJS JavaScript backend, under ESLint 10 and ESLint 9 (the .ts ones also
// type-checked with tsc); a JavaScript-only project without TypeScript or its parser; `npx
// eslint-plugin-telegram-bot --help`; and the transform through `npx jscodeshift -t`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { configSnippets, copyBackend, copyJavaScriptBackend, ESM_CONFIG, makeConsumerProject, packPlugin, repositoryRoot, run, tempDir, withoutNpmNoise } from './helpers.js';

const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };

const { snippets, unnamed } = configSnippets();

// Not a config: a mistake tsc must catch, so the type check is shown to be able to fail.
const MISUSE = `import { defineConfig } from 'eslint/config';
import telegramBot from 'eslint-plugin-telegram-bot';

export default defineConfig([telegramBot.configs.recomended]);
`;

interface App {
  readonly name: string;
  copy(dir: string): void;
  /** Every source file: each must be linted (none "ignored because no matching configuration"). */
  readonly sources: readonly string[];
  /** Files with a second poller of TELEGRAM_BOT_TOKEN outside its owner: no-duplicate-poller when the snippet declares owners. */
  readonly duplicates: readonly string[];
  /** Of those, the ones in the process that also runs the owner: no-duplicate-poller without owners too. */
  readonly inProcessDuplicates: readonly string[];
  /** The owner module, which polls on import: no-polling-on-import. */
  readonly pollsOnImport: string;
}

const apps: App[] = [
  {
    name: 'TypeScript ESM backend (example/backend)',
    copy: copyBackend,
    sources: ['src/config/telegram-service.ts', 'src/routes/telegram.ts', 'src/scripts/send-daily-report.ts', 'src/server.ts', 'src/services/iaeAgentBot.ts', 'src/services/telegramBot.ts'],
    duplicates: ['src/config/telegram-service.ts', 'src/routes/telegram.ts'],
    inProcessDuplicates: ['src/config/telegram-service.ts', 'src/routes/telegram.ts'],
    pollsOnImport: 'src/services/telegramBot.ts',
  },
  {
    name: 'CommonJS JavaScript backend (test/fixtures/js-backend)',
    copy: copyJavaScriptBackend,
    sources: ['src/routes/telegram.js', 'src/scripts/report.mjs', 'src/server.js', 'src/services/iaeAgentBot.js', 'src/services/telegramBot.js'],
    duplicates: ['src/routes/telegram.js', 'src/scripts/report.mjs'],
    // The report script is a process of its own: without owners, that pair is `check`'s to report.
    inProcessDuplicates: ['src/routes/telegram.js'],
    pollsOnImport: 'src/services/telegramBot.js',
  },
];

interface LintMessage {
  line: number;
  ruleId: string | null;
  message: string;
  fatal?: boolean;
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

function lint(project: string, config: string, target = 'src'): { code: number | null; results: Map<string, LintMessage[]>; findings: string[]; stderr: string } {
  // The project's own eslint bin (what `npx eslint` runs), without npx's start-up time.
  const result = run(process.execPath, [path.join(project, 'node_modules/.bin/eslint'), '-c', config, '--format', 'json', target], project);
  const stderr = withoutNpmNoise(result.stderr).trim();
  if (!result.stdout.trim().startsWith('[')) throw new Error(`eslint -c ${config} printed no JSON (exit ${result.status}): ${stderr}`);
  const results = new Map((JSON.parse(result.stdout) as LintResult[]).map((file) => [path.relative(project, file.filePath).split(path.sep).join('/'), file.messages]));
  const findings = [...results].flatMap(([file, messages]) => messages.map((message) => `${file}:${message.line} ${message.ruleId ?? message.message}`)).sort();
  return { code: result.status, results, findings, stderr };
}

let base: string;
let tarball: string;

beforeAll(() => {
  base = tempDir('consumer');
  tarball = packPlugin(base);
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  const files = () =>
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''));

  it('ships the built plugin, its types, docs and manifests, and no sources or tests', () => {
    const packed = files();
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/bin.js',
      'dist/codemods/use-shared-bot/index.js',
      'docs/rules/no-duplicate-poller.md',
      'docs/codemods/use-shared-bot.md',
      'docs/check.md',
      'docs/catalogue.md',
      'docs/recipes/pre-push',
      '.pre-commit-hooks.yaml',
      'codemod.yaml',
      'workflow.yaml',
    ]) {
      expect(packed, file).toContain(file);
    }
    expect(packed.filter((file) => /^(src|rules|codemods|test|example|bench|scripts)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('every link in its Markdown resolves: relative links to a packed file, links to the repository at this version\'s tag', () => {
    const packed = new Set(files());
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: repositoryRoot, encoding: 'utf8' }).split('\n').filter(Boolean));
    const trackedFolders = new Set([...tracked].flatMap((file) => file.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'))));
    const repository = 'https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot';
    const broken: string[] = [];
    let checked = 0;
    for (const doc of [...packed].filter((file) => file.endsWith('.md'))) {
      const text = execFileSync('tar', ['-xzOf', tarball, `package/${doc}`], { encoding: 'utf8' }).replace(/^```[\s\S]*?^```$/gm, '');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        checked++;
        const [file = ''] = target.split('#');
        if (target.startsWith(repository)) {
          const pinned = new RegExp(`^${repository}/(blob|tree)/v${manifest.version.replaceAll('.', '\\.')}/(.+)$`).exec(file);
          if (!pinned) {
            if (file !== `${repository}#readme` && file !== repository) broken.push(`${doc}: ${target} (not pinned to v${manifest.version})`);
          } else if (!(pinned[1] === 'blob' ? tracked : trackedFolders).has(pinned[2]!)) {
            broken.push(`${doc}: ${target} (no such ${pinned[1] === 'blob' ? 'file' : 'folder'} in the repository)`);
          }
        } else if (!/^[a-z]+:/.test(target) && file !== '') {
          const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
          if (!packed.has(resolved)) broken.push(`${doc}: ${target} (${resolved} is not in the tarball)`);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });
});

describe('the config files in the README and docs', () => {
  it('are found, and every config in the docs names its file so that it is tested', () => {
    expect(unnamed).toEqual([]);
    expect(snippets.filter((snippet) => snippet.doc === 'README.md').map((snippet) => snippet.file)).toEqual(['eslint.config.js', 'eslint.config.cjs', 'eslint.config.ts']);
    expect(snippets.length).toBeGreaterThan(3);
  });
});

describe.each([
  { eslint: 'eslint' as const, major: 10 },
  { eslint: 'eslint9' as const, major: 9 },
])('fresh projects with the tarball and ESLint $major', ({ eslint, major }) => {
  describe.each(apps)('$name', (app) => {
    let project: string;

    beforeAll(() => {
      project = makeConsumerProject(path.join(base, `eslint${major}-${app.sources[0]!.endsWith('.ts') ? 'ts' : 'js'}`), tarball, { eslint });
      app.copy(project);
    });

    it(`runs ESLint ${major}`, () => {
      const result = run('npx', ['eslint', '--version'], project);
      expect(result.stdout.trim()).toMatch(new RegExp(`^v${major}\\.`));
    });

    it.each(snippets.map((snippet, index) => ({ ...snippet, index })))('$doc #$index ($file), pasted as it is, lints every file and reports the duplicates', ({ file, code }) => {
      // An ESM eslint.config.js is a CommonJS file in a CommonJS package: the docs say to name it .mjs there.
      const commonjs = (JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { type?: string }).type !== 'module';
      const name = commonjs && file === 'eslint.config.js' && /^import /m.test(code) ? 'eslint.config.mjs' : file;
      writeFileSync(path.join(project, name), code);
      try {
        const { code: exit, results, stderr } = lint(project, name);
        expect(stderr).toBe('');
        expect([...results.keys()].sort()).toEqual([...app.sources].sort());
        const fatal = [...results].flatMap(([source, messages]) => messages.filter((message) => message.fatal).map((message) => `${source}: ${message.message}`));
        expect(fatal).toEqual([]);
        for (const duplicate of /\bowners\b/.test(code) ? app.duplicates : app.inProcessDuplicates) {
          expect(results.get(duplicate)?.map((message) => message.ruleId), duplicate).toContain('telegram-bot/no-duplicate-poller');
        }
        expect(results.get(app.pollsOnImport)?.map((message) => message.ruleId)).toContain('telegram-bot/no-polling-on-import');
        expect(exit).toBe(1);
      } finally {
        rmSync(path.join(project, name), { force: true });
      }
    });
  });

  it('the eslint.config.ts files type-check with tsc (defineConfig, extends telegram-bot/recommended); a misuse does not', () => {
    const project = makeConsumerProject(path.join(base, `eslint${major}-types`), tarball, { eslint });
    copyBackend(project);
    const typed = snippets.filter((snippet) => snippet.file === 'eslint.config.ts');
    expect(typed.length).toBeGreaterThan(0);
    typed.forEach((snippet, index) => writeFileSync(path.join(project, `config-${index}.ts`), snippet.code));
    writeFileSync(path.join(project, 'misuse.ts'), MISUSE);
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: [...typed.map((_, index) => `config-${index}.ts`), 'misuse.ts'] }, null, 2)}\n`,
    );
    const result = run('npx', ['tsc', '-p', 'tsconfig.json'], project);
    const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    // Exactly one error, and it is the misuse, not a config from the docs.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^misuse\.ts\(4,\d+\): error TS(2339|2551): Property 'recomended' does not exist/);
    expect(result.status).not.toBe(0);
  });
});

/** What a JavaScript-only project lacks: TypeScript, typescript-eslint's parser and what only the parser brings (the plugin's own scope manager and visitor keys stay). */
const JAVASCRIPT_ONLY_WITHOUT = ['typescript', 'typescript-eslint', 'jiti', ...['eslint-plugin', 'parser', 'project-service', 'rule-tester', 'tsconfig-utils', 'type-utils', 'typescript-estree', 'utils'].map((name) => `@typescript-eslint/${name}`)];

describe('a JavaScript-only project: no TypeScript, no @typescript-eslint/parser installed', () => {
  let project: string;

  beforeAll(() => {
    project = makeConsumerProject(path.join(base, 'javascript-only'), tarball, { eslint: 'eslint', without: JAVASCRIPT_ONLY_WITHOUT });
    copyJavaScriptBackend(project);
    const readmeConfig = snippets.find((snippet) => snippet.doc === 'README.md' && snippet.file === 'eslint.config.cjs');
    writeFileSync(path.join(project, 'eslint.config.cjs'), readmeConfig!.code);
  });

  it('has neither installed', () => {
    for (const name of ['typescript', '@typescript-eslint/parser']) expect(existsSync(path.join(project, 'node_modules', name)), name).toBe(false);
  });

  it('the README config lints it', () => {
    const { findings, stderr } = lint(project, 'eslint.config.cjs');
    expect(stderr).toBe('');
    expect(findings).toContain('src/routes/telegram.js:7 telegram-bot/no-duplicate-poller');
    expect(findings).toContain('src/scripts/report.mjs:4 telegram-bot/no-duplicate-poller');
  });

  it('a TypeScript file: ESLint gets one parsing error that says what to install, check analyses it without TypeScript', () => {
    const extra = 'src/scripts/extra.ts';
    writeFileSync(path.join(project, extra), "import TelegramBot from 'node-telegram-bot-api';\n\nconst bot: TelegramBot = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN as string, { polling: true });\nbot.onText(/\\/extra/, (message) => bot.sendMessage(message.chat.id, 'Extra.'));\n");
    try {
      const { results } = lint(project, 'eslint.config.cjs');
      expect(results.get(extra)).toEqual([
        expect.objectContaining({ fatal: true, message: expect.stringContaining('TypeScript files need @typescript-eslint/parser and typescript installed in your project: npm install --save-dev @typescript-eslint/parser typescript') }),
      ]);
      // check parses TypeScript with oxc-parser: the script is one more process polling the token.
      const check = run('npx', ['eslint-plugin-telegram-bot', 'check', '--json'], project);
      expect(check.stderr).toBe('');
      const { findings } = JSON.parse(check.stdout) as { findings: { kind: string; sites: { file: string; line: number }[] }[] };
      expect(findings.find((finding) => finding.kind === 'multi-process')?.sites).toContainEqual({ file: extra, line: 3 });
    } finally {
      rmSync(path.join(project, extra));
    }
  });

  it('check and migrate --dry work on its JavaScript', () => {
    const check = run('npx', ['eslint-plugin-telegram-bot', 'check'], project);
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('TELEGRAM_BOT_TOKEN');
    expect(check.status).toBe(1);
    const migrate = run('npx', ['eslint-plugin-telegram-bot', 'migrate', '--dry', '--force', '--owner', 'src/services/telegramBot.js'], project);
    expect(migrate.stdout + migrate.stderr).toContain('+++ b/src/routes/telegram.js');
    expect(migrate.status).toBe(0);
  });
});

describe('the command line and the transform from the project', () => {
  let project: string;

  beforeAll(() => {
    project = makeConsumerProject(path.join(base, 'cli'), tarball, { eslint: 'eslint' });
    copyBackend(project);
    // The backend's own tsconfig (NodeNext): the transform writes imports in the project's style.
    copyFileSync(path.join(repositoryRoot, 'example/backend/tsconfig.json'), path.join(project, 'tsconfig.json'));
    writeFileSync(path.join(project, 'eslint.config.js'), ESM_CONFIG);
  });

  it('npx eslint-plugin-telegram-bot --help and --version work', () => {
    const help = run('npx', ['eslint-plugin-telegram-bot', '--help'], project);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: eslint-plugin-telegram-bot <command>');
    expect(help.stdout).toContain('migrate');
    const version = run('npx', ['eslint-plugin-telegram-bot', '--version'], project);
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('npx jscodeshift -t node_modules/eslint-plugin-telegram-bot/dist/codemods/use-shared-bot/index.js fixes the duplicates', () => {
    const before = lint(project, 'eslint.config.js');
    expect(before.findings.filter((finding) => finding.endsWith('no-duplicate-poller'))).toHaveLength(2);
    const result = run(
      'npx',
      [
        'jscodeshift',
        '--no-babel',
        '--fail-on-error',
        '--extensions=ts',
        '-t',
        'node_modules/eslint-plugin-telegram-bot/dist/codemods/use-shared-bot/index.js',
        '--owner=src/services/telegramBot.ts',
        '--owner=src/services/iaeAgentBot.ts',
        'src',
      ],
      project,
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\b2 ok\b/);
    expect(readFileSync(path.join(project, 'src/routes/telegram.ts'), 'utf8')).toContain("from '../services/telegramBot.js'");
    const after = lint(project, 'eslint.config.js');
    expect(after.findings.filter((finding) => finding.endsWith('no-duplicate-poller'))).toEqual([]);
  });
});

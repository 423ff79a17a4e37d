/**
 * The project's declared entry points and the OS process each runs as, gathered from every
 * file that starts processes: package.json `main`, `bin` and `scripts`, PM2 ecosystem files
 * (JavaScript, JSON, YAML), a Procfile, nodemon.json, the Dockerfile, compose files, and the
 * files a Next.js server loads. Commands are read, never run; a compiled path is mapped back to
 * its source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { toPosix } from '../../core/paths.js';
import { fileExists, resolveTarget } from '../../core/resolve.js';
import { buildLayouts, sourceFor, type BuildLayout } from './build-output.js';
import { COMMANDS } from './command-table.js';
import { interpretCommand, interpretLine, type CommandContext, type Launch, type Outcome } from './commands.js';
import { appFolder, fromContainer } from './deploy-paths.js';
import { COMPOSE_FILES, containerCommand, readCompose, readDockerfile, type DockerForm, type DockerImage } from './docker.js';
import { dependsOnNext, nextEntries } from './nextjs.js';
import { dependsOnVitePluginNode, VITE_NODE_RELOAD, vitePluginNodeApp } from './vite-node.js';
import { readNodemonConfig } from './nodemon.js';
import { ECOSYSTEM_FILES, parseInstances, readEcosystem } from './pm2.js';
import { readProcfile } from './procfile.js';
import { isRecord } from './records.js';
import type { Cluster, EntryPoint, EntryProblem, HotReload } from './types.js';

export interface FindOptions {
  /** The project's source files (absolute): files a framework loads by their place (Next.js routes) are found among them. */
  readonly files?: Iterable<string>;
  /**
   * A monorepo's packages (apps and shared ones): each is read as a project of its own (its
   * package.json, Procfile, PM2 and Docker files), its processes named after it.
   */
  readonly packages?: readonly { readonly name: string | undefined; readonly dir: string; readonly dependedOn?: boolean }[];
  /** The package's `main` is what other packages load by its name, not a program of its own. */
  readonly mainIsLibrary?: boolean;
}

export function findEntryPoints(root: string, options: FindOptions = {}): { entries: EntryPoint[]; problems: EntryProblem[] } {
  const files = options.files ? [...options.files] : undefined;
  const finder = new EntryFinder(path.resolve(root));
  finder.run({ files });
  const entries = [...finder.entries];
  const problems = [...finder.problems];
  for (const item of options.packages ?? []) {
    const dir = path.resolve(item.dir);
    const member = new EntryFinder(dir);
    // Only read when the package depends on Next.js: a filter per package would cost packages × files.
    const prefix = dir + path.sep;
    const own = files && { *[Symbol.iterator]() { for (const file of files) if (file.startsWith(prefix)) yield file; } };
    member.run({ files: own, mainIsLibrary: item.dependedOn === true });
    const folder = toPosix(path.relative(path.resolve(root), dir));
    const name = item.name ?? folder;
    for (const entry of member.entries) entries.push({ ...entry, via: `${name} ${entry.via}`, process: `${folder}:${entry.process}` });
    problems.push(...member.problems);
  }
  return { entries, problems };
}

class EntryFinder {
  readonly entries: EntryPoint[] = [];
  readonly problems: EntryProblem[] = [];
  private layouts: BuildLayout[] = [];
  private context: CommandContext;
  private readonly packageFile: string;
  private readonly ecosystems: string[] = [];
  private ecosystemsRead = 0;
  private readonly usedIds = new Set<string>();
  /** Some command already runs nodemon (which reads nodemon.json itself). */
  private nodemonRuns = false;

  constructor(private readonly root: string) {
    this.packageFile = path.join(root, 'package.json');
    this.context = { root, scripts: new Map(), main: undefined };
  }

  run(options: FindOptions): void {
    this.layouts = buildLayouts(this.root);
    const manifest = this.readPackage();
    const nodemon = readNodemonConfig(this.root, manifest);
    if (nodemon.problem) this.problems.push(nodemon.problem);
    if (nodemon.config) this.context = { ...this.context, nodemon: nodemon.config };
    if (manifest) this.fromPackage(manifest, options.mainIsLibrary === true);
    for (const name of ECOSYSTEM_FILES) {
      const file = path.join(this.root, name);
      if (fileExists(file) && !this.ecosystems.includes(file)) this.ecosystems.push(file);
    }
    this.readQueuedEcosystems();
    this.fromProcfile();
    this.fromNodemonConfig();
    this.fromDocker();
    // A Procfile line or a container command may name an ecosystem file (`pm2-runtime process.yml`).
    this.readQueuedEcosystems();
    if (options.files && dependsOnNext(manifest)) this.fromNext(options.files);
    if (dependsOnVitePluginNode(manifest)) this.fromVitePluginNode();
  }

  /** Files named by `pm2 start …` join the list as they come up, so it may grow while read. */
  private readQueuedEcosystems(): void {
    for (; this.ecosystemsRead < this.ecosystems.length; this.ecosystemsRead++) this.fromEcosystem(this.ecosystems[this.ecosystemsRead] as string);
  }

  private readPackage(): Record<string, unknown> | undefined {
    let text: string;
    try {
      text = readFileSync(this.packageFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const data: unknown = JSON.parse(text);
      if (isRecord(data)) return data;
      this.problem(this.packageFile, 'is not a JSON object');
    } catch (error) {
      this.problem(this.packageFile, `is not valid JSON: ${(error as Error).message}`);
    }
    return undefined;
  }

  private fromPackage(manifest: Record<string, unknown>, mainIsLibrary: boolean): void {
    const scripts = new Map<string, string>();
    if (isRecord(manifest.scripts)) {
      for (const [name, command] of Object.entries(manifest.scripts)) if (typeof command === 'string') scripts.set(name, command);
    }
    const main = typeof manifest.main === 'string' && manifest.main.trim() !== '' ? manifest.main : undefined;
    this.context = { ...this.context, scripts, main };

    if (main && !mainIsLibrary) this.addFile(path.resolve(this.root, main), 'package.json main', 'main', this.packageFile);
    if (typeof manifest.bin === 'string') {
      const name = typeof manifest.name === 'string' ? manifest.name.replace(/^@[^/]+\//, '') : path.basename(this.root);
      this.addFile(path.resolve(this.root, manifest.bin), `bin "${name}"`, `bin:${name}`, this.packageFile);
    } else if (isRecord(manifest.bin)) {
      for (const [name, file] of Object.entries(manifest.bin)) {
        if (typeof file === 'string') this.addFile(path.resolve(this.root, file), `bin "${name}"`, `bin:${name}`, this.packageFile);
      }
    }
    for (const [name, command] of scripts) {
      // A script that runs another (`npm run build && npm start`) is an alternative way to run
      // that script, whose own entries are already here.
      const launches = this.outcomes(interpretLine(command, this.root, this.context), this.packageFile, `script "${name}"`, false);
      this.addLaunches(launches, `script "${name}"`, `script:${name}`, this.packageFile);
    }
  }

  private fromEcosystem(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      this.problem(this.packageFile, `${this.shown(file)} is named by a pm2 command but cannot be read`);
      return;
    }
    const { apps, problems } = readEcosystem(file, text);
    for (const message of problems) this.problem(file, message);
    apps.forEach((app, index) => {
      const name = app.name ?? (app.script ? path.basename(app.script).replace(/\.[^.]+$/, '') : `app ${index + 1}`);
      const via = `pm2 app "${name}"`;
      let id = `pm2:${name}`;
      if (this.usedIds.has(id)) id = `pm2:${this.shown(file)}:${name}`;
      const cluster: Cluster | undefined =
        app.instances === undefined && app.execMode === undefined
          ? undefined
          : { instances: app.instances === undefined ? 1 : parseInstances(app.instances), ...(app.execMode === undefined ? {} : { execMode: app.execMode }) };
      if (!app.script) {
        this.problem(file, `${via} has no script the check can read`);
        return;
      }
      const cwd = appFolder(app.cwd, app.script, path.dirname(file), this.root);
      const interpreter = app.interpreter ? path.basename(app.interpreter) : undefined;
      const scriptPath = path.resolve(cwd, app.script);
      let outcomes: Outcome[];
      const command = path.basename(app.script).replace(/\.(?:cmd|exe)$/i, '');
      if (!COMMANDS.has(command) && (resolveTarget(scriptPath) || /[/\\]|\.[cm]?[jt]sx?$/.test(app.script))) {
        outcomes = [{ kind: 'launch', script: scriptPath, preloads: [], command: app.script }];
      } else {
        // `script: 'npm', args: 'start'`, or a runner named as the script (`script: 'tsx'`).
        const line = [interpreter && interpreter !== 'none' && interpreter !== 'node' ? interpreter : '', app.script, app.args ?? ''].join(' ').trim();
        outcomes = interpretLine(line, cwd, this.context);
      }
      const launches = this.outcomes(outcomes, file, via, true);
      this.addLaunches(launches, via, id, file, cluster, app.watch ? { runner: 'pm2 watch', mode: 'restart' } : undefined);
    });
  }

  private fromProcfile(): void {
    const file = path.join(this.root, 'Procfile');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const { name, command } of readProcfile(text)) {
      const launches = this.outcomes(interpretLine(command, this.root, this.context), file, `Procfile ${name}`, true);
      this.addLaunches(launches, `Procfile ${name}`, `procfile:${name}`, file);
    }
  }

  /** nodemon.json naming what to run is a way to start the program (`npx nodemon`) even when no script runs nodemon. */
  private fromNodemonConfig(): void {
    const config = this.context.nodemon;
    if (!config || this.nodemonRuns || (config.exec === undefined && config.script === undefined)) return;
    const via = path.basename(config.file) === 'package.json' ? 'package.json nodemonConfig' : 'nodemon.json';
    const launches = this.outcomes(interpretLine('nodemon', this.root, this.context), config.file, via, true);
    this.addLaunches(launches, via, 'nodemon', config.file);
  }

  /** The root Dockerfile's command, and each compose service that runs a command of the project. */
  private fromDocker(): void {
    const images = new Map<string, DockerImage | undefined>();
    const image = (file: string): DockerImage | undefined => {
      if (!images.has(file)) {
        let text: string | undefined;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          text = undefined;
        }
        images.set(file, text === undefined ? undefined : readDockerfile(text));
      }
      return images.get(file);
    };
    const dockerfile = path.join(this.root, 'Dockerfile');
    const rootImage = image(dockerfile);
    if (rootImage) this.fromContainer(containerCommand(rootImage), this.root, rootImage.workdir, dockerfile, 'Dockerfile', 'docker:Dockerfile');

    const composeFile = COMPOSE_FILES.map((name) => path.join(this.root, name)).find((file) => fileExists(file));
    if (!composeFile) return;
    const texts: string[] = [];
    for (const file of [composeFile, composeFile.replace(/\.ya?ml$/, '.override$&')]) {
      try {
        texts.push(readFileSync(file, 'utf8'));
      } catch {
        // The override file is optional.
      }
    }
    const { services, problems } = readCompose(composeFile, texts);
    for (const message of problems) this.problem(composeFile, message);
    for (const service of services) {
      const via = `compose service "${service.name}"`;
      const built = service.build ? image(service.build.dockerfile) : undefined;
      if (service.build && !built && !service.command && !service.entrypoint) {
        this.problem(composeFile, `${via}: builds from ${this.shown(service.build.dockerfile)}, which cannot be read`);
        continue;
      }
      const override: { entrypoint?: DockerForm; command?: DockerForm } = {
        ...(service.entrypoint ? { entrypoint: service.entrypoint } : {}),
        ...(service.command ? { command: service.command } : {}),
      };
      // A service from a registry image with no command of its own (a database, a cache) runs no project file.
      if (!built && !service.command && !service.entrypoint) continue;
      const replicas = typeof service.replicas === 'number' ? service.replicas : undefined;
      const cluster: Cluster | undefined = replicas !== undefined && replicas > 1 ? { instances: replicas, how: `docker compose service "${service.name}" runs ${replicas} replicas` } : undefined;
      const context = service.build?.context ?? path.dirname(composeFile);
      this.fromContainer(containerCommand(built, override), context, service.workdir ?? built?.workdir ?? '/', composeFile, via, `compose:${service.name}`, cluster);
    }
  }

  private fromContainer(command: ReturnType<typeof containerCommand>, context: string, workdir: string, file: string, via: string, id: string, cluster?: Cluster): void {
    if (!command) return;
    const outcomes =
      'line' in command
        ? interpretLine(command.line, context, this.context)
        : interpretCommand(command.words.map((text) => ({ text, dynamic: /\$/.test(text) })), context, this.context, 0);
    const launches = this.outcomes(outcomes, file, via, true).map((launch) => ({
      ...launch,
      script: fromContainer(launch.script, context, this.root, workdir),
      preloads: launch.preloads.map((preload) => fromContainer(preload, context, this.root, workdir)),
    }));
    this.addLaunches(launches, via, id, file, cluster);
  }

  /** Next.js loads its route handlers, API routes, middleware and instrumentation itself, in one server process. */
  private fromNext(files: Iterable<string>): void {
    for (const entry of nextEntries(this.root, files)) {
      this.usedIds.add('next');
      this.entries.push({ file: entry.file, via: entry.via, process: 'next', calls: entry.calls });
    }
  }

  /** vite-plugin-node's dev server runs the app module of the Vite config, and evaluates it again on every change. */
  private fromVitePluginNode(): void {
    const app = vitePluginNodeApp(this.root);
    if (!app) return;
    this.addFile(app.file, 'Vite dev server', 'vite-dev', app.config, undefined, undefined, VITE_NODE_RELOAD);
  }

  /**
   * The launches among outcomes; problems are recorded, ecosystem files queued, and package.json
   * scripts run by name followed (one level per call, so `start` → `serve` → … ends) when asked.
   */
  private outcomes(outcomes: readonly Outcome[], file: string, via: string, followScripts: boolean, seen: ReadonlySet<string> = new Set()): Launch[] {
    const launches: Launch[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind === 'launch') launches.push(outcome);
      else if (outcome.kind === 'problem') this.problem(file, `${via}: ${outcome.message}`);
      else if (outcome.kind === 'ecosystem') {
        if (!this.ecosystems.includes(outcome.file)) this.ecosystems.push(outcome.file);
      } else if ((followScripts || outcome.hotReload) && !seen.has(outcome.name)) {
        // A script run under a reloading runner (`nodemon --exec 'npm start'`) is a process of its own.
        const command = this.context.scripts.get(outcome.name) ?? (outcome.name === 'start' && fileExists(path.join(this.root, 'server.js')) ? 'node server.js' : undefined);
        if (command === undefined) {
          this.problem(file, `${via}: runs package.json script "${outcome.name}", which does not exist`);
          continue;
        }
        const followed = this.outcomes(interpretLine(command, this.root, this.context), file, via, true, new Set([...seen, outcome.name]));
        launches.push(...followed.map((launch) => (outcome.hotReload && !launch.hotReload ? { ...launch, hotReload: outcome.hotReload } : launch)));
      }
    }
    return launches;
  }

  /** One process per launch: a single one takes `id`, several get `id#1`, `id#2`… */
  private addLaunches(launches: readonly Launch[], via: string, id: string, file: string, cluster?: Cluster, hotReload?: HotReload): void {
    launches.forEach((launch, index) => {
      const process = launches.length === 1 ? id : `${id}#${index + 1}`;
      const settings = launch.cluster ?? cluster;
      const reload = launch.hotReload ?? hotReload;
      if (reload?.runner === 'nodemon') this.nodemonRuns = true;
      for (const preload of launch.preloads) this.addFile(preload, `${via} (preloaded)`, process, file, settings, launch.command, reload);
      this.addFile(launch.script, via, process, file, settings, launch.command, reload);
    });
  }

  private addFile(target: string, via: string, process: string, manifest: string, cluster?: Cluster, command?: string, hotReload?: HotReload): void {
    this.usedIds.add(process);
    const source = sourceFor(target, this.root, this.layouts);
    if ('why' in source) {
      this.problem(manifest, `${via}: cannot map ${command === undefined ? this.shown(target) : `'${command}'`} to a source file (${source.why})`);
      return;
    }
    this.entries.push({ file: source.file, via, process, ...(cluster ? { cluster } : {}), ...(hotReload ? { hotReload } : {}) });
  }

  private problem(file: string, message: string): void {
    this.problems.push({ file, message });
  }

  private shown(file: string): string {
    return toPosix(path.relative(this.root, file));
  }
}

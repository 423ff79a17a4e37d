/**
 * The project's declared entry points and the OS process each runs as, gathered from every
 * file that starts processes: package.json `main`, `bin` and `scripts`, PM2 ecosystem files and
 * a Procfile. Commands are read, never run; a compiled path is mapped back to its source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { fileExists, resolveTarget } from '../../core/resolve.js';
import { buildLayouts, sourceFor, type BuildLayout } from './build-output.js';
import { COMMANDS } from './command-table.js';
import { interpretLine, type CommandContext, type Launch, type Outcome } from './commands.js';
import { appFolder, ECOSYSTEM_FILES, parseInstances, readEcosystem } from './pm2.js';
import { readProcfile } from './procfile.js';
import { isRecord } from './records.js';
import type { Cluster, EntryPoint, EntryProblem } from './types.js';

export function findEntryPoints(root: string): { entries: EntryPoint[]; problems: EntryProblem[] } {
  const finder = new EntryFinder(path.resolve(root));
  finder.run();
  return { entries: finder.entries, problems: finder.problems };
}

class EntryFinder {
  readonly entries: EntryPoint[] = [];
  readonly problems: EntryProblem[] = [];
  private layouts: BuildLayout[] = [];
  private context: CommandContext;
  private readonly packageFile: string;
  private readonly ecosystems: string[] = [];
  private readonly usedIds = new Set<string>();

  constructor(private readonly root: string) {
    this.packageFile = path.join(root, 'package.json');
    this.context = { root, scripts: new Map(), main: undefined };
  }

  run(): void {
    this.layouts = buildLayouts(this.root);
    const manifest = this.readPackage();
    if (manifest) this.fromPackage(manifest);
    for (const name of ECOSYSTEM_FILES) {
      const file = path.join(this.root, name);
      if (fileExists(file) && !this.ecosystems.includes(file)) this.ecosystems.push(file);
    }
    // Files named by `pm2 start …` join as they come up, so this list may grow while read.
    for (let index = 0; index < this.ecosystems.length; index++) this.fromEcosystem(this.ecosystems[index] as string);
    this.fromProcfile();
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

  private fromPackage(manifest: Record<string, unknown>): void {
    const scripts = new Map<string, string>();
    if (isRecord(manifest.scripts)) {
      for (const [name, command] of Object.entries(manifest.scripts)) if (typeof command === 'string') scripts.set(name, command);
    }
    const main = typeof manifest.main === 'string' && manifest.main.trim() !== '' ? manifest.main : undefined;
    this.context = { root: this.root, scripts, main };

    if (main) this.addFile(path.resolve(this.root, main), 'package.json main', 'main', this.packageFile);
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
      this.addLaunches(launches, via, id, file, cluster);
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
      } else if (followScripts && !seen.has(outcome.name)) {
        const command = this.context.scripts.get(outcome.name) ?? (outcome.name === 'start' && fileExists(path.join(this.root, 'server.js')) ? 'node server.js' : undefined);
        if (command === undefined) {
          this.problem(file, `${via}: runs package.json script "${outcome.name}", which does not exist`);
          continue;
        }
        launches.push(...this.outcomes(interpretLine(command, this.root, this.context), file, via, true, new Set([...seen, outcome.name])));
      }
    }
    return launches;
  }

  /** One process per launch: a single one takes `id`, several get `id#1`, `id#2`… */
  private addLaunches(launches: readonly Launch[], via: string, id: string, file: string, cluster?: Cluster): void {
    launches.forEach((launch, index) => {
      const process = launches.length === 1 ? id : `${id}#${index + 1}`;
      const settings = launch.cluster ?? cluster;
      for (const preload of launch.preloads) this.addFile(preload, `${via} (preloaded)`, process, file, settings, launch.command);
      this.addFile(launch.script, via, process, file, settings, launch.command);
    });
  }

  private addFile(target: string, via: string, process: string, manifest: string, cluster?: Cluster, command?: string): void {
    this.usedIds.add(process);
    const source = sourceFor(target, this.root, this.layouts);
    if ('why' in source) {
      this.problem(manifest, `${via}: cannot map ${command === undefined ? this.shown(target) : `'${command}'`} to a source file (${source.why})`);
      return;
    }
    this.entries.push({ file: source.file, via, process, ...(cluster ? { cluster } : {}) });
  }

  private problem(file: string, message: string): void {
    this.problems.push({ file, message });
  }

  private shown(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }
}

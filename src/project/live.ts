/**
 * The project model as the ESLint rules see it: one model per project root, kept in memory for
 * a lint run or an editor session, re-validated by file size and mtime (only changed files are
 * read again). The file being linted is taken from its live text.
 */
import path from 'node:path';

import { walkSourceFilesSync } from './files.js';
import type { BotEvent } from './evaluate.js';
import { contentHash, ProjectModel } from './model.js';
import { projectRootOf } from './root.js';
import { summarizeFile } from './summary.js';

interface Entry {
  model: ProjectModel;
  validatedAt: number;
  /** How long the last validation took (ms). */
  cost: number;
}

/** How long a validated model is trusted: a lint run sees one state of the disk; an editor re-checks. */
const REVALIDATE_AFTER_MS = 1000;
/** A re-validation walks and stats the whole project: trust it for 50 times what that cost, so re-scans stay a small part of a run. */
const TRUST_PER_COST = 50;

const models = new Map<string, Entry>();

export function projectModelFor(file: string, now: number = Date.now()): ProjectModel {
  const root = projectRootOf(path.dirname(file));
  let entry = models.get(root);
  if (!entry || now - entry.validatedAt > Math.max(REVALIDATE_AFTER_MS, TRUST_PER_COST * entry.cost)) {
    const start = performance.now();
    const model = new ProjectModel(root, walkSourceFilesSync(root), entry ? { previous: entry.model } : {});
    entry = { model, validatedAt: now, cost: performance.now() - start };
    models.set(root, entry);
  }
  return entry.model;
}

/** Forget every model (tests, and long-lived processes that know the tree was replaced). */
export function clearProjectModels(): void {
  models.clear();
}

/** The linted file in the project model, from its live text (an editor's unsaved edits included). */
export class LiveFile {
  private summary: ReturnType<typeof summarizeFile> | undefined;

  constructor(
    readonly model: ProjectModel,
    readonly file: string,
    private readonly input: Parameters<typeof summarizeFile>[0],
  ) {}

  /** The overlay to evaluate with, or undefined when the disk holds the same text. */
  private overlay(): { file: string; summary: ReturnType<typeof summarizeFile> } | undefined {
    if (this.model.files.has(this.file) && this.model.diskHash(this.file) === contentHash(this.input.text)) return undefined;
    this.summary ??= summarizeFile(this.input);
    return { file: this.file, summary: this.summary };
  }

  /** Every process that runs this file, as it would run with the live text. */
  processes() {
    return this.model.processesRunning(this.file, this.overlay());
  }

  /** The polling this module starts by being imported, as its live text would. */
  startsAtImport(): BotEvent[] {
    return this.model.startsAtImport(this.file, this.overlay());
  }

  /** Starts and webhooks located in this file, reachable or not, plus those the processes show. */
  events(): BotEvent[] {
    const overlay = this.overlay();
    const events = [...this.model.eventsIn(this.file, overlay), ...this.processes().flatMap((process) => process.events.filter((event) => event.file === this.file))];
    return [...new Map(events.map((event) => [`${event.kind}|${event.instance.key}|${event.site.start}`, event])).values()];
  }
}

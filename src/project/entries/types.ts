/** What the entry finder reports: the files a project's processes start from, and what it could not read. */

export interface EntryPoint {
  /** Absolute path of the source file (a compiled path is mapped back to its source). */
  readonly file: string;
  /** For people: 'package.json main', 'script "worker"', 'pm2 app "api"', 'Procfile web', 'bin "x"'. */
  readonly via: string;
  /** The OS process it runs as: entries with the same id run in one process. */
  readonly process: string;
  /** PM2 settings, when the process is a PM2 app (or `pm2 start -i`). */
  readonly cluster?: { readonly instances: number | 'max' | string; readonly execMode?: string };
}

export interface EntryProblem {
  /** The manifest that names the command: package.json, an ecosystem file, the Procfile. */
  readonly file: string;
  readonly message: string;
}

export type Cluster = NonNullable<EntryPoint['cluster']>;

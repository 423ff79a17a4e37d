/** What the entry finder reports: the files a project's processes start from, and what it could not read. */

/** A runner that reloads the program when a file changes. */
export interface HotReload {
  /** For people: 'tsx watch', 'nodemon', 'node --watch', 'bun --hot'. */
  readonly runner: string;
  /** 'restart': a new process is started; 're-evaluate': modules run again in the same process. */
  readonly mode: 'restart' | 're-evaluate';
}

export interface EntryPoint {
  /** Absolute path of the source file (a compiled path is mapped back to its source). */
  readonly file: string;
  /** For people: 'package.json main', 'script "worker"', 'pm2 app "api"', 'Procfile web', 'bin "x"'. */
  readonly via: string;
  /** The OS process it runs as: entries with the same id run in one process. */
  readonly process: string;
  /** How many copies run: PM2 settings (an app, or `pm2 start -i`), or a compose service's replicas. */
  readonly cluster?: {
    readonly instances: number | 'max' | string;
    readonly execMode?: string;
    /** For people, when the copies are not PM2's: 'docker compose service "bot" runs 3 replicas'. */
    readonly how?: string;
  };
  /** Set when its runner restarts or re-evaluates the program whenever a file changes. */
  readonly hotReload?: HotReload;
  /**
   * Exports the host calls after loading the module (a Next.js route's `GET`/`POST`, an API
   * route's `default`): their code runs in this process though nothing in the project calls it.
   */
  readonly calls?: readonly string[];
}

export interface EntryProblem {
  /** The manifest that names the command: package.json, an ecosystem file, the Procfile. */
  readonly file: string;
  readonly message: string;
}

export type Cluster = NonNullable<EntryPoint['cluster']>;

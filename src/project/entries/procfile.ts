/** A Procfile (Heroku, Dokku, foreman): one process type per line, `name: command`. */

export interface ProcfileLine {
  readonly name: string;
  readonly command: string;
}

export function readProcfile(text: string): ProcfileLine[] {
  const lines: ProcfileLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.*?)\s*$/.exec(raw);
    if (match) lines.push({ name: match[1] as string, command: match[2] as string });
  }
  return lines;
}

/**
 * A command line as a shell would split it (quotes, escapes, `&&`, `|`, redirections), without
 * running anything, and helpers to read options out of the words.
 */

export interface ShellWord {
  readonly text: string;
  /** Holds `$VAR`, `$(…)` or backticks: its value is only known when the shell runs. */
  readonly dynamic: boolean;
}

/**
 * Split a command line into simple commands (at `&&`, `||`, `;`, `|`, `&`, newlines and
 * parentheses), each a list of words with quotes removed; redirections are dropped.
 */
export function splitCommandLine(line: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let text = '';
  let dynamic = false;
  let inWord = false;
  let dropNext = false; // the next word is a redirection target
  const endWord = () => {
    if (inWord && !dropNext) words.push({ text, dynamic });
    else if (inWord) dropNext = false;
    text = '';
    dynamic = false;
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
    dropNext = false;
  };
  for (let at = 0; at < line.length; at++) {
    const char = line[at] as string;
    if (char === '\\') {
      if (line[at + 1] !== '\n') text += line[at + 1] ?? '';
      at++;
      inWord = true;
    } else if (char === "'") {
      const end = line.indexOf("'", at + 1);
      const stop = end === -1 ? line.length : end;
      text += line.slice(at + 1, stop);
      at = stop;
      inWord = true;
    } else if (char === '"') {
      at++;
      while (at < line.length && line[at] !== '"') {
        if (line[at] === '\\' && '"\\$`'.includes(line[at + 1] ?? '')) at++;
        else if (line[at] === '$' || line[at] === '`') dynamic = true;
        text += line[at];
        at++;
      }
      inWord = true;
    } else if (char === '$' || char === '`') {
      // `$VAR`, `${VAR}`, `$(cmd)`, `` `cmd` ``: keep the text, remember it is not literal.
      dynamic = true;
      inWord = true;
      const close = char === '`' ? '`' : line[at + 1] === '(' ? ')' : undefined;
      if (close) {
        const end = line.indexOf(close, at + (char === '`' ? 1 : 2));
        const stop = end === -1 ? line.length - 1 : end;
        text += line.slice(at, stop + 1);
        at = stop;
      } else {
        text += char;
      }
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (char === '>' || char === '<') {
      if (/^\d+$/.test(text)) {
        text = '';
        inWord = false; // `2>`: a file descriptor, not a word
      }
      endWord();
      while (line[at + 1] === '>' || line[at + 1] === '&') at++;
      dropNext = true;
    } else if (char === '&' || char === '|' || char === ';' || char === '\n' || char === '(' || char === ')') {
      if (char === '&' && line[at + 1] === '>') {
        endWord();
        at++;
        dropNext = true;
        continue;
      }
      endCommand();
      if ((char === '&' || char === '|') && line[at + 1] === char) at++;
    } else {
      text += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** Leading options (with the values of those in `valued`) removed; stops at `--` or the first other word. */
export function dropFlags(words: readonly ShellWord[], valued: readonly string[]): ShellWord[] {
  let at = 0;
  while (at < words.length) {
    const text = (words[at] as ShellWord).text;
    if (text === '--') return words.slice(at + 1);
    if (!text.startsWith('-') || text === '-') break;
    at += valued.includes(text) ? 2 : 1;
  }
  return words.slice(at);
}

export function valueOf(words: readonly ShellWord[], names: readonly string[]): string | undefined {
  for (let at = 0; at < words.length; at++) {
    const text = (words[at] as ShellWord).text;
    if (names.includes(text)) return words[at + 1]?.text;
    const equals = names.find((option) => text.startsWith(`${option}=`));
    if (equals) return text.slice(equals.length + 1);
  }
  return undefined;
}

/** `npx tsx@4 x` runs `tsx x`. */
export function withoutVersion(words: readonly ShellWord[]): ShellWord[] {
  const [first, ...rest] = words;
  if (!first) return [];
  return [{ ...first, text: first.text.replace(/(.)@[^/]*$/, '$1') }, ...rest];
}

/** The words that are not options (nor option values). */
export function positionals(words: readonly ShellWord[], valued: readonly string[]): ShellWord[] {
  const found: ShellWord[] = [];
  for (let at = 0; at < words.length; at++) {
    const text = (words[at] as ShellWord).text;
    if (text.startsWith('-') && text !== '-') {
      if (valued.includes(text)) at++;
    } else {
      found.push(words[at] as ShellWord);
    }
  }
  return found;
}

export function quoteForShell(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

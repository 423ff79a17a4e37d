/**
 * Codemods edit text, not a reprinted AST: every byte outside an edit stays as it was, so
 * only the lines that change move, and CRLF, BOM, quotes and comments elsewhere are kept.
 */

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export class TextEdits {
  private readonly edits: TextEdit[] = [];

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }

  get size(): number {
    return this.edits.length;
  }

  /** [start, end) of every edit, insertions included (start === end). */
  get positions(): readonly (readonly [number, number])[] {
    return this.edits.map((edit) => [edit.start, edit.end] as const);
  }

  /** Ranges of original text that the edits remove or replace. */
  get replacedRanges(): readonly (readonly [number, number])[] {
    return this.edits.filter((edit) => edit.end > edit.start).map((edit) => [edit.start, edit.end] as const);
  }

  /** True when [start, end) lies inside text this set already removes or replaces. */
  covers(start: number, end: number): boolean {
    return this.edits.some((edit) => edit.start <= start && end <= edit.end && edit.end > edit.start);
  }

  /**
   * Drop the removals and replacements that cover [start, end) and return them, so that a
   * caller can put new text in their place instead (an added import taking the line of a
   * removed one: inserting inside a removal would overlap it).
   */
  takeCovering(start: number, end: number): TextEdit[] {
    const taken = this.edits.filter((edit) => edit.start <= start && end <= edit.end && edit.end > edit.start);
    for (const edit of taken) this.edits.splice(this.edits.indexOf(edit), 1);
    return taken;
  }

  /**
   * Removals are planned one statement at a time, so two neighbouring statements that both go
   * (`const TOKEN = …` and the `const bot = new …(TOKEN)` under it) each keep the blank lines
   * around them and leave two blank lines where there was one. Merge removals that touch
   * (unless text is inserted between them), and let a merged run of whole lines between two
   * blank lines (or at the top of the file) take the blank line after it along.
   */
  joinRemovals(text: string): void {
    const removals = this.edits.filter((edit) => edit.text === '' && edit.end > edit.start).sort((a, b) => a.start - b.start);
    const merged = new Set<TextEdit>();
    for (let i = 0; i + 1 < removals.length; ) {
      const first = removals[i] as TextEdit;
      const second = removals[i + 1] as TextEdit;
      const insertBetween = this.edits.some((edit) => edit.start === edit.end && edit.start === second.start);
      if (first.end !== second.start || insertBetween) {
        i++;
        continue;
      }
      const joined: TextEdit = { start: first.start, end: second.end, text: '' };
      this.edits.splice(this.edits.indexOf(first), 1);
      this.edits.splice(this.edits.indexOf(second), 1, joined);
      removals.splice(i, 2, joined);
      merged.delete(first);
      merged.delete(second);
      merged.add(joined);
    }
    for (const removal of merged) {
      const wholeLines = removal.start === lineStart(text, removal.start) && text[removal.end - 1] === '\n';
      if (!wholeLines || removal.end >= text.length) continue;
      const blankBefore = removal.start === 0 || /^[ \t]*\r?\n$/.test(text.slice(lineStart(text, removal.start - 1), removal.start));
      const nextEnd = lineEnd(text, removal.end);
      const blankAfter = /^[ \t]*\r?\n$/.test(text.slice(removal.end, nextEnd));
      const touched = this.edits.some((edit) => edit !== removal && edit.start >= removal.end && edit.start < nextEnd);
      if (blankBefore && blankAfter && !touched) this.edits.splice(this.edits.indexOf(removal), 1, { ...removal, end: nextEnd });
    }
  }

  apply(text: string): string {
    const ordered = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let output = '';
    let cursor = 0;
    for (const edit of ordered) {
      if (edit.start < cursor) throw new Error(`internal error: overlapping edits at offset ${edit.start}`);
      output += text.slice(cursor, edit.start) + edit.text;
      cursor = edit.end;
    }
    return output + text.slice(cursor);
  }
}

export function detectEol(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  // Classic Mac OS line ends (a lone CR) are rare but real: a file of them gets no LF.
  const cr = (text.match(/\r/g) ?? []).length - crlf;
  if (cr > lf && cr > crlf) return '\r';
  return crlf > lf ? '\r\n' : '\n';
}

/** Lines end at LF, CRLF or a lone CR (the CR of a CRLF is not a line end by itself). */
export function lineStart(text: string, offset: number): number {
  const lf = text.lastIndexOf('\n', offset - 1);
  let cr = text.lastIndexOf('\r', offset - 1);
  while (cr > lf && text[cr + 1] === '\n') cr = text.lastIndexOf('\r', cr - 1);
  return Math.max(lf, cr) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const match = /\r\n?|\n/g;
  match.lastIndex = offset;
  const found = match.exec(text);
  return found ? found.index + found[0].length : text.length;
}

export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/**
 * The range that removes a statement: its whole lines when nothing else shares them,
 * otherwise just the statement (and the spaces after it). A comment after it on the same
 * line is kept.
 */
export function statementRemovalRange(text: string, start: number, end: number): { start: number; end: number } {
  const first = lineStart(text, start);
  const onlyIndentBefore = /^[ \t]*$/.test(text.slice(first, start));
  const last = lineEnd(text, end);
  const restOfLine = text.slice(end, last);
  if (onlyIndentBefore && /^[ \t]*\r?\n?$/.test(restOfLine)) {
    // Between two blank lines (or at the top of the file), take one blank line along so the gap stays single.
    const blankBefore = first === 0 || /\n[ \t]*\r?\n$/.test(text.slice(Math.max(0, first - 200), first)) || /^[ \t]*\r?\n$/.test(text.slice(0, first));
    const nextEnd = lineEnd(text, last);
    const blankAfter = last < text.length && /^[ \t]*\r?\n?$/.test(text.slice(last, nextEnd));
    // The last statement of the file or of a block: the blank line above it would end up as
    // a stray blank line before the end of file or the closing brace, so it goes too.
    if (blankBefore && first > 0 && /^(?:[ \t]*[}\]]|$)/.test(text.slice(last))) {
      return { start: lineStart(text, first - 1), end: last };
    }
    return { start: first, end: blankBefore && blankAfter ? nextEnd : last };
  }
  const trailingSpaces = /^[ \t]*/.exec(restOfLine)?.[0].length ?? 0;
  return { start, end: end + trailingSpaces };
}

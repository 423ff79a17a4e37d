/**
 * The one redaction every printed line and every rule message goes through: a bot token keeps
 * its bot id (so a reader can tell bots apart) and never shows its secret part.
 *
 * A secret is recognised three ways, because output does not always show it after its bot id:
 * - after a bot id and a colon (`123456789:AA…`), whatever character follows it;
 * - by itself, by its shape: 34–35 token characters starting with `AA` and mixing upper case,
 *   lower case and digits (the secret half of every token the Bot API hands out), as in a
 *   parser's "Unexpected token AA…" or a file named after a secret;
 * - by itself, anywhere, once this process has seen it: every token met in a file, an option or
 *   the environment is remembered (`rememberSecretsIn`), so a secret glued to other characters
 *   still goes.
 */

/** Bot id, colon, secret. Only the left side is bounded: a secret followed by `-`, `_` or a letter is still one. */
const AFTER_BOT_ID = /(?<!\d)(\d{5,15}):[A-Za-z0-9_-]{34,35}/g;
/** A run of token characters: a lone secret is looked for inside each. */
const WORD = /[A-Za-z0-9_-]{34,}/g;
const LONE_SECRET_LENGTHS = [35, 34] as const;

export const SECRET_PLACEHOLDER = '<secret>';

const remembered = new Set<string>();
/**
 * The pieces a JavaScript tokenizer cuts a remembered secret into at its dashes
 * (`AAx-yz` reads as `AAx`, `-`, `yz`), long enough not to be a word by chance.
 */
const fragments = new Set<string>();
const MIN_FRAGMENT = 6;

function remember(secret: string): void {
  if (remembered.has(secret)) return;
  remembered.add(secret);
  if (!secret.includes('-')) return;
  for (const piece of secret.split('-')) if (piece.length >= MIN_FRAGMENT) fragments.add(piece);
}

/**
 * Remember the secret part of every token in `text` (after its bot id, or alone by its shape),
 * so it is redacted wherever it shows up later, whole or cut at its dashes.
 */
export function rememberSecretsIn(text: string | undefined): void {
  if (!text) return;
  if (text.includes(':')) for (const match of text.matchAll(AFTER_BOT_ID)) remember(match[0].slice((match[1] as string).length + 1));
  for (const [word] of text.matchAll(WORD)) for (const secret of loneSecretsIn(word)) remember(secret);
}

/** Remember the secrets of the environment's values and the command line: both are echoed at times. */
export function rememberProcessSecrets(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): void {
  for (const value of Object.values(env)) rememberSecretsIn(value);
  for (const arg of argv) rememberSecretsIn(arg);
}

/** `text` with every secret part replaced by `<secret>`. */
export function redactSecrets(text: string): string {
  let result = text.replace(AFTER_BOT_ID, (_match, botId: string) => `${botId}:${SECRET_PLACEHOLDER}`);
  for (const secret of remembered) {
    if (secret.length >= 20 && result.includes(secret)) result = result.split(secret).join(SECRET_PLACEHOLDER);
  }
  if (fragments.size > 0) result = result.replace(/[A-Za-z0-9_]{6,}/g, (word) => (fragments.has(word) ? SECRET_PLACEHOLDER : word));
  return result.replace(WORD, (word) => {
    let redacted = word;
    for (const secret of loneSecretsIn(word)) redacted = redacted.split(secret).join(SECRET_PLACEHOLDER);
    return redacted;
  });
}

/** The secret-shaped stretches of a run of token characters. */
function loneSecretsIn(word: string): string[] {
  const found: string[] = [];
  let index = 0;
  while (index < word.length) {
    const start = word.indexOf('AA', index);
    if (start === -1) break;
    const length = LONE_SECRET_LENGTHS.find((candidate) => start + candidate <= word.length && looksRandom(word.slice(start, start + candidate)));
    if (length === undefined) {
      index = start + 1;
      continue;
    }
    found.push(word.slice(start, start + length));
    index = start + length;
  }
  return found;
}

/** Generated secrets mix upper case, lower case and digits; names and words rarely do all three at that length. */
function looksRandom(candidate: string): boolean {
  return /[A-Z]/.test(candidate.slice(2)) && /[a-z]/.test(candidate) && /\d/.test(candidate);
}

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

/** Remember the secret part of every token in `text`, so it is redacted wherever it shows up later. */
export function rememberSecretsIn(text: string | undefined): void {
  if (!text || !text.includes(':')) return;
  for (const match of text.matchAll(AFTER_BOT_ID)) remembered.add(match[0].slice((match[1] as string).length + 1));
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
  return result.replace(WORD, redactLoneSecrets);
}

function redactLoneSecrets(word: string): string {
  let result = '';
  let index = 0;
  while (index < word.length) {
    const start = word.indexOf('AA', index);
    if (start === -1) break;
    const length = LONE_SECRET_LENGTHS.find((candidate) => start + candidate <= word.length && looksRandom(word.slice(start, start + candidate)));
    if (length === undefined) {
      result += word.slice(index, start + 1);
      index = start + 1;
      continue;
    }
    result += word.slice(index, start) + SECRET_PLACEHOLDER;
    index = start + length;
  }
  return result + word.slice(index);
}

/** Generated secrets mix upper case, lower case and digits; names and words rarely do all three at that length. */
function looksRandom(candidate: string): boolean {
  return /[A-Z]/.test(candidate.slice(2)) && /[a-z]/.test(candidate) && /\d/.test(candidate);
}

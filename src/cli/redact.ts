import { TOKEN_IN_TEXT } from '../core/token.js';

/** Last line of defence for everything the CLI prints: a token keeps its bot id, never its secret. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_IN_TEXT, (_match, botId: string) => `${botId}:<secret>`);
}

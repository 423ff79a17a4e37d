/** The `eslint-plugin-telegram-bot` command. Exit codes: 0 ok, 1 findings or failures, 2 usage. */
import { packageInfo } from '../package-info.js';

const HELP = `Usage: eslint-plugin-telegram-bot <command> [options]

Keep every Telegram bot token polled by one getUpdates poller (no more 409 Conflict).

Commands:
  (the migrate and check commands are on the way; lint with the ESLint plugin today)

Options:
  -h, --help     Show this help
  -v, --version  Show the version

ESLint setup:
  // eslint.config.js
  import telegramBot from 'eslint-plugin-telegram-bot';
  export default [telegramBot.configs.recommended];

Docs: https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot#readme
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${packageInfo.version}\n`);
    return 0;
  }
  io.stderr(`eslint-plugin-telegram-bot: unknown ${first.startsWith('-') ? 'option' : 'command'} '${first}'\n\n${HELP}`);
  return 2;
}

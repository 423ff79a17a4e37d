/** The `eslint-plugin-telegram-bot` command. Exit codes: 0 ok, 1 findings or failures, 2 usage. */
import { rememberProcessSecrets } from '../core/redact.js';
import { packageInfo } from '../package-info.js';
import { processIo, redactingIo, type Io } from './io.js';

const HELP = `Usage: eslint-plugin-telegram-bot <command> [options]

Keep every Telegram bot token polled by one getUpdates poller (no more 409 Conflict).

Commands:
  migrate [paths…]   Rewrite duplicate pollers into imports of the shared instance
                     (--owner, --same-token, --dry, --json, --force; see migrate --help)
  check [paths…]     Audit the whole project for tokens polled twice (two modules,
                     two processes, cluster workers, webhook plus polling); never writes
  defer-polling <module> --entry <file>
                     Make a module that polls when imported export a start
                     function instead, and call it from the entry point

Options:
  -h, --help     Show this help (help <command> or <command> --help: that command's)
  -v, --version  Show the version

ESLint setup:
  // eslint.config.js
  import telegramBot from 'eslint-plugin-telegram-bot';
  export default [...telegramBot.configs.recommended];

Docs: https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot#readme
`;


export async function main(argv: readonly string[], rawIo: Io = processIo, cwd: string = process.cwd()): Promise<number> {
  // Options and the environment are echoed at times (an error quoting `--same-token`): their
  // tokens' secrets are known to the redaction from here on, and every line goes through it.
  rememberProcessSecrets(process.env, argv);
  const io = redactingIo(rawIo);
  try {
    return await command(argv, io, cwd);
  } catch (error) {
    // A bug, not a user's mistake: one line, through the same redaction as everything else.
    io.stderr(`eslint-plugin-telegram-bot: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

const COMMANDS = ['migrate', 'check', 'defer-polling'];

async function command(argv: readonly string[], io: Io, cwd: string): Promise<number> {
  // `help <command>` is `<command> --help`.
  if (argv[0] === 'help' && argv[1] !== undefined) {
    if (COMMANDS.includes(argv[1])) return command([argv[1], '--help'], io, cwd);
    io.stderr(`eslint-plugin-telegram-bot: no help for '${argv[1]}': not a command (${COMMANDS.join(', ')})\n\n${HELP}`);
    return 2;
  }
  const [first, ...rest] = argv;
  // Each command loads its own modules only (a check answered from its stored result loads few).
  if (first === 'migrate') return (await import('./migrate.js')).runMigrate(rest, io, cwd);
  if (first === 'defer-polling') return (await import('./defer-polling.js')).runDeferPolling(rest, io, cwd);
  if (first === 'check') return (await import('./check.js')).runCheck(rest, io, cwd);
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

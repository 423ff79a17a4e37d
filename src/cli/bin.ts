#!/usr/bin/env node
import './compile-cache.js';
import { redactSecrets } from '../core/redact.js';
import { main } from './main.js';

const crash = (error: unknown) => {
  // The last net: one line, redacted like every other line (a raw stack could quote a token).
  process.stderr.write(redactSecrets(`eslint-plugin-telegram-bot: ${error instanceof Error ? error.message : String(error)}\n`));
  process.exitCode = 2;
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  crash,
);

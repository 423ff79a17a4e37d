/**
 * A bot created in another module and started here at import: the advice names the start as the
 * catalogue writes it. The project on disk is test/fixtures/import-long-poll: src/bot.js exports a
 * node-telegram-bot-api 2.x `Bot`, src/poll.js iterates `longPoll(bot.api)` and src/run.js calls
 * `run(bot)`, both at top level of modules that export something.
 */
import { readFileSync } from 'node:fs';

import { invalid, run } from './helpers.js';

const project = 'test/fixtures/import-long-poll/src';
const source = (name: string) => readFileSync(`${project}/${name}`, 'utf8');

run('no-polling-on-import: a bot of another module', {
  valid: [],
  invalid: [
    invalid('esm', source('poll.js'), [{ at: 'longPoll(bot.api)', fix: 'call `longPoll(bot.api)`' }], { filename: `${project}/poll.js`, name: 'longPoll(bot.api)' }),
    invalid('esm', source('run.js'), [{ at: 'run(bot)', fix: 'call `run(bot)`' }], { filename: `${project}/run.js`, name: 'run(bot)' }),
  ],
});

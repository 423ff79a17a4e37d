// A bot that a NestJS framework module creates is a poller like any other for
// no-duplicate-poller: the project model runs `TelegrafModule.forRootAsync()` of the app that
// imports the linted provider. The apps on disk are check's fixtures test/check/fixtures/nest-*
// (their package.json `main` is src/main.ts, which bootstraps AppModule).
import { readFileSync } from 'node:fs';

import { ruleTester, rule } from './helpers.js';

const app = 'test/check/fixtures/nest-telegraf';
const quiet = 'test/check/fixtures/clean-nest-telegraf-no-launch';
const service = (root: string) => `${root}/src/notify/notify.service.ts`;
const module = (root: string) => `${root}/src/app.module.ts`;
const text = (file: string) => readFileSync(file, 'utf8');

ruleTester.run('no-duplicate-poller: bots a framework module creates', rule, {
  valid: [
    {
      name: 'twin: with launchOptions: false the framework bot does not poll, so the provider is the one poller',
      filename: service(quiet),
      code: text(service(quiet)),
    },
    {
      name: 'owner mode: the module that holds the framework registration owns the token',
      filename: module(app),
      code: text(module(app)),
      options: [{ owners: [{ module: module(app), token: 'BOT_TOKEN' }] }],
    },
  ],
  invalid: [
    {
      name: 'a provider that launches a second bot of the token the framework module polls',
      filename: service(app),
      code: text(service(app)),
      errors: [{ messageId: 'duplicateInProject', data: { token: 'BOT_TOKEN', other: module(app), line: '8' }, line: 9 }],
    },
    {
      name: 'the registration itself is reported beside the provider that polls its token',
      filename: module(app),
      code: text(module(app)),
      errors: [{ messageId: 'duplicateInProject', data: { token: 'BOT_TOKEN', other: service(app), line: '9' }, line: 8 }],
    },
    {
      name: 'owner mode: a provider polling the token the registration module owns',
      filename: service(app),
      code: text(service(app)),
      options: [{ owners: [{ module: module(app), token: 'BOT_TOKEN' }] }],
      // Reported where it starts polling: `this.bot.launch()` in onModuleInit.
      errors: [{ messageId: 'outsideOwner', line: 9 }],
    },
  ],
});

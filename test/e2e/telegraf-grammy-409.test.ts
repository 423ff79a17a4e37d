// telegraf 4 and grammY, real libraries in this process, pointed at the Bot API emulator by the
// option each one offers (telegraf `telegram.apiRoot`, grammY `client.apiRoot`): two pollers of one
// token get 409 (the first one's `launch()` / `start()` rejects), one poller gets none.
import { Bot, GrammyError } from 'grammy';
import { Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BotApiEmulator, TERMINATED_BY_OTHER_GET_UPDATES, PATIENCE_MS } from './emulator/bot-api-emulator.js';
import { fakeToken, tail } from './emulator/harness.js';

const TOKEN = fakeToken(555555555, 'EmulatedLibraryBot');

let emulator: BotApiEmulator;
/** Stops for every bot a test started, run even when the test fails. */
const stops: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  emulator = await BotApiEmulator.start();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
  await emulator.close();
});

const why = () => `emulator:\n${tail(emulator.log())}`;

/** Resolves with how a promise settled, without waiting for ever (bounded by `timeoutMs`). */
async function settled(promise: Promise<unknown>, timeoutMs: number): Promise<{ state: 'resolved' | 'rejected' | 'pending'; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ state: 'pending' }>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'pending' }), timeoutMs);
  });
  try {
    return await Promise.race([
      promise.then(
        () => ({ state: 'resolved' as const }),
        (error: unknown) => ({ state: 'rejected' as const, error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('telegraf 4 (telegram.apiRoot)', () => {
  function telegraf(): Telegraf {
    const bot = new Telegraf(TOKEN, { telegram: { apiRoot: emulator.url } });
    stops.push(async () => bot.stop('test over'));
    return bot;
  }

  it('two launch() of one token: the first gets 409 terminated by other getUpdates request and its launch() rejects', async () => {
    const first = telegraf();
    const firstLaunch = first.launch();
    expect(await emulator.waitUntil(() => emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    const second = telegraf();
    const secondLaunch = second.launch();

    const outcome = await settled(firstLaunch, PATIENCE_MS);
    expect(outcome.state, why()).toBe('rejected');
    expect(outcome.error).toMatchObject({ code: 409, description: TERMINATED_BY_OTHER_GET_UPDATES });
    expect(emulator.maxConcurrentPolls(TOKEN), why()).toBe(2);
    expect(emulator.conflicts(TOKEN).map((call) => call.description), why()).toEqual([TERMINATED_BY_OTHER_GET_UPDATES]);
    // The second one polls on, alone.
    expect(await emulator.waitUntil(() => emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    second.stop('test over');
    expect((await settled(secondLaunch, PATIENCE_MS)).state).toBe('resolved');
  });

  it('one launch() polls alone: updates are handled and nothing gets 409', async () => {
    const bot = telegraf();
    const seen: string[] = [];
    bot.on('text', async (context) => {
      seen.push(context.message.text);
      await context.reply(`echo ${context.message.text}`);
    });
    const launch = bot.launch();
    expect(await emulator.waitUntil(() => emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    emulator.pushUpdate(TOKEN, BotApiEmulator.textMessage(77, 'one'));
    expect(await emulator.waitUntil(() => seen.length === 1 && emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    emulator.pushUpdate(TOKEN, BotApiEmulator.textMessage(77, 'two'));
    expect(await emulator.waitUntil(() => seen.length === 2 && emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);

    // Read before stopping (stop() confirms the offset with one more getUpdates).
    expect(seen).toEqual(['one', 'two']);
    expect(emulator.calls({ token: TOKEN, method: 'sendMessage' }).map((call) => call.params.text)).toEqual(['echo one', 'echo two']);
    expect(emulator.getUpdatesCalls(TOKEN).length).toBe(3);
    expect(emulator.maxConcurrentPolls(TOKEN), why()).toBe(1);
    expect(emulator.conflicts(), why()).toEqual([]);
    bot.stop('test over');
    expect((await settled(launch, PATIENCE_MS)).state).toBe('resolved');
    expect(emulator.conflicts(), why()).toEqual([]);
  });
});

describe('grammY (client.apiRoot)', () => {
  function grammy(): Bot {
    const bot = new Bot(TOKEN, { client: { apiRoot: emulator.url } });
    stops.push(async () => bot.stop());
    return bot;
  }

  it('two start() of one token: the first gets 409 terminated by other getUpdates request and its start() rejects', async () => {
    const first = grammy();
    const firstStart = first.start();
    expect(await emulator.waitUntil(() => emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    const second = grammy();
    const secondStart = second.start();

    const outcome = await settled(firstStart, PATIENCE_MS);
    expect(outcome.state, why()).toBe('rejected');
    expect(outcome.error).toBeInstanceOf(GrammyError);
    expect(outcome.error).toMatchObject({ error_code: 409, description: TERMINATED_BY_OTHER_GET_UPDATES });
    expect(emulator.maxConcurrentPolls(TOKEN), why()).toBe(2);
    expect(emulator.conflicts(TOKEN).map((call) => call.description), why()).toEqual([TERMINATED_BY_OTHER_GET_UPDATES]);
    expect(await emulator.waitUntil(() => emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    await second.stop();
    expect((await settled(secondStart, PATIENCE_MS)).state).toBe('resolved');
  });

  it('one start() polls alone: updates are handled and nothing gets 409', async () => {
    const bot = grammy();
    const seen: string[] = [];
    bot.on('message:text', async (context) => {
      seen.push(context.message.text);
      await context.reply(`echo ${context.message.text}`);
    });
    const start = bot.start();
    expect(await emulator.waitUntil(() => emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    emulator.pushUpdate(TOKEN, BotApiEmulator.textMessage(78, 'one'));
    expect(await emulator.waitUntil(() => seen.length === 1 && emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);
    emulator.pushUpdate(TOKEN, BotApiEmulator.textMessage(78, 'two'));
    expect(await emulator.waitUntil(() => seen.length === 2 && emulator.openPolls(TOKEN) === 1, PATIENCE_MS), why()).toBe(true);

    expect(seen).toEqual(['one', 'two']);
    expect(emulator.calls({ token: TOKEN, method: 'sendMessage' }).map((call) => call.params.text)).toEqual(['echo one', 'echo two']);
    expect(emulator.getUpdatesCalls(TOKEN).length).toBe(3);
    expect(emulator.maxConcurrentPolls(TOKEN), why()).toBe(1);
    expect(emulator.conflicts(), why()).toEqual([]);
    await bot.stop();
    expect((await settled(start, PATIENCE_MS)).state).toBe('resolved');
    expect(emulator.conflicts(), why()).toEqual([]);
  });
});

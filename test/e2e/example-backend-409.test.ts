// The proof on the bundled incident backend, with the real node-telegram-bot-api 0.x against the
// Bot API emulator: before the fix its token TELEGRAM_BOT_TOKEN is polled several times at once
// and Telegram's rule answers 409; after `migrate` and `defer-polling` (the real bin, on a copy)
// each token is polled once and nothing gets 409. The backend runs unchanged (tsx + the preload
// that routes api.telegram.org to the emulator on 127.0.0.1), a few seconds, then is killed.
// Needs `npm run build` first (npm test does it).
import { describe, expect, it } from 'vitest';

import { BotApiEmulator, TERMINATED_BY_OTHER_GET_UPDATES, PATIENCE_MS } from './emulator/bot-api-emulator.js';
import { BACKEND_ENV, backendCopy, emulatorSuite, IAE_TOKEN, sleep, tail, TRAFFIC_TOKEN } from './emulator/harness.js';

let emulator: BotApiEmulator;
const { projects, children } = emulatorSuite((started) => {
  emulator = started;
});

describe('the example backend against the Bot API emulator', () => {
  it('the example backend gets 409 before migrate', async () => {
    const { dir } = backendCopy(projects, 'original');
    const server = children.startTs('server', dir, 'src/server.ts', emulator.url, BACKEND_ENV);
    const why = () => `emulator:\n${tail(emulator.log())}\nserver:\n${tail(server.output(), 30)}`;

    // Three pollers of TELEGRAM_BOT_TOKEN (the owner on import, routes and config in their init
    // functions) terminate each other; wait (bounded) until that has happened a few times.
    const conflicted = await emulator.waitUntil(
      () => emulator.conflicts(TRAFFIC_TOKEN, TERMINATED_BY_OTHER_GET_UPDATES).length >= 3 && emulator.getUpdatesCalls(IAE_TOKEN).length >= 1,
      PATIENCE_MS,
    );
    expect(conflicted, why()).toBe(true);
    // A little longer, so that a duplicate poller of IAE_BOT_TOKEN would show too.
    await sleep(1_500);
    expect(server.exit(), why()).toBeUndefined();
    await children.killAll();

    // TELEGRAM_BOT_TOKEN: at least two getUpdates open at once, answered 409 by the emulator…
    expect(emulator.maxConcurrentPolls(TRAFFIC_TOKEN), why()).toBeGreaterThanOrEqual(2);
    const conflicts = emulator.conflicts(TRAFFIC_TOKEN);
    expect(conflicts.length, why()).toBeGreaterThanOrEqual(3);
    expect(conflicts.every((call) => call.method === 'getUpdates' && call.description === TERMINATED_BY_OTHER_GET_UPDATES)).toBe(true);
    // …node-telegram-bot-api 0.x answers each 409 by deleting the webhook (setWebHook without a
    // URL) and polling again, and reports it as a polling_error on stderr.
    const webhookDeletes = emulator.calls({ token: TRAFFIC_TOKEN, method: 'setWebhook' });
    expect(webhookDeletes.length, why()).toBeGreaterThanOrEqual(1);
    expect(webhookDeletes.every((call) => call.sentAs === 'setWebHook' && (call.params.url ?? '') === '')).toBe(true);
    expect(server.output()).toContain('409 Conflict: terminated by other getUpdates request');

    // IAE_BOT_TOKEN, a different bot polled once (on import): one poller, no 409.
    expect(emulator.getUpdatesCalls(IAE_TOKEN).length).toBeGreaterThanOrEqual(1);
    expect(emulator.maxConcurrentPolls(IAE_TOKEN), why()).toBe(1);
    expect(emulator.conflicts(IAE_TOKEN), why()).toEqual([]);
    // Everything came from the one server process, through the preload.
    expect(new Set(emulator.calls().map((call) => call.client?.split('#')[0]))).toEqual(new Set(['server']));
  });

  it('after migrate and defer-polling the example backend polls once per token, with no 409', async () => {
    const { dir } = backendCopy(projects, 'deferred');
    const server = children.startTs('server', dir, 'src/server.ts', emulator.url, BACKEND_ENV);
    const why = () => `emulator:\n${tail(emulator.log())}\nserver:\n${tail(server.output(), 30)}`;

    expect(
      await emulator.waitUntil(() => emulator.openPolls(TRAFFIC_TOKEN) === 1 && emulator.openPolls(IAE_TOKEN) === 1, PATIENCE_MS),
      why(),
    ).toBe(true);
    // Updates reach the handlers of all three former pollers through the one shared bot: the
    // owner's /report, the routes' /status (now on the shared bot) and the IAE bot's messages.
    emulator.pushUpdate(TRAFFIC_TOKEN, BotApiEmulator.textMessage(501, '/report'));
    emulator.pushUpdate(TRAFFIC_TOKEN, BotApiEmulator.textMessage(502, '/status'));
    emulator.pushUpdate(IAE_TOKEN, BotApiEmulator.textMessage(503, 'hello agent'));
    const sentTexts = () => emulator.calls({ method: 'sendMessage' }).map((call) => `${String(call.params.chat_id)} ${String(call.params.text)}`);
    expect(await emulator.waitUntil(() => sentTexts().length >= 3, PATIENCE_MS), why()).toBe(true);
    // Run on for a while: a second poller of either token would collide within this window.
    await sleep(2_500);
    expect(server.exit(), why()).toBeUndefined();
    await children.killAll();

    expect(sentTexts().sort()).toEqual(['501 Report for your team is on its way.', '502 Backend is up.', '503 IAE agent received your message.']);
    expect(emulator.calls({ token: TRAFFIC_TOKEN, method: 'sendMessage' }).length).toBe(2);
    for (const token of [TRAFFIC_TOKEN, IAE_TOKEN]) {
      // Polled again after the updates, but never two polls at once.
      expect(emulator.getUpdatesCalls(token).length, why()).toBeGreaterThanOrEqual(2);
      expect(emulator.maxConcurrentPolls(token), why()).toBe(1);
    }
    expect(emulator.conflicts(), why()).toEqual([]);
    expect(emulator.calls({ method: 'setWebhook' }), why()).toEqual([]);
    expect(server.output()).not.toContain('409');
  });
});

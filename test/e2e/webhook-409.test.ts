// A webhook and a poller of one token, proven with the real node-telegram-bot-api 0.x against the
// Bot API emulator, on the example backend after `migrate` and `defer-polling` (so that its one
// poller per token is not a duplicate): a module that registers a webhook for the server's token
// makes the poller get 409, and node-telegram-bot-api 0.x answers by deleting that webhook.
// Needs `npm run build` first (npm test does it).
import { describe, expect, it } from 'vitest';

import { BotApiEmulator, TERMINATED_BY_SET_WEBHOOK, WEBHOOK_IS_ACTIVE, PATIENCE_MS } from './emulator/bot-api-emulator.js';
import { BACKEND_ENV, backendCopy, emulatorSuite, IAE_TOKEN, sleep, tail, TRAFFIC_TOKEN } from './emulator/harness.js';

const HOOK_URL = 'https://bot.example.invalid/telegram/webhook';
/** A deployment step that switches TELEGRAM_BOT_TOKEN to a webhook (it does not poll). */
const SCRIPT = 'src/scripts/register-webhook.ts';
const SCRIPT_SOURCE = `// Registers the production webhook of the traffic bot.
import TelegramBot from 'node-telegram-bot-api';

const hooks = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!);

async function main(): Promise<void> {
  await hooks.setWebHook(${JSON.stringify(HOOK_URL)});
  console.log('webhook set');
}

void main();
`;

let emulator: BotApiEmulator;
const { projects, children } = emulatorSuite((started) => {
  emulator = started;
});

function fixedBackend(): string {
  return backendCopy(projects, 'deferred', { [SCRIPT]: SCRIPT_SOURCE }).dir;
}

/** The traffic token's requests in order of arrival as `client method result` (a poll still open when the server was killed: unanswered). */
function trafficTrace(): string[] {
  return emulator
    .calls({ token: TRAFFIC_TOKEN })
    .map((call) => {
      const result = call.outcome === 'pending' || call.outcome === 'aborted' ? 'unanswered' : call.status === 409 ? `409 ${call.description === WEBHOOK_IS_ACTIVE ? 'webhook active' : call.description === TERMINATED_BY_SET_WEBHOOK ? 'terminated by setWebhook' : String(call.description)}` : String(call.status);
      const url = call.method === 'setWebhook' ? `(${JSON.stringify(call.params.url ?? '')})` : '';
      return `${String(call.client?.split('#')[0])} ${call.sentAs}${url} ${result}`;
    });
}

describe('a webhook set for a token another module polls', () => {
  it("the poller gets 409 can't use getUpdates method while webhook is active, and node-telegram-bot-api 0.x deletes the webhook", async () => {
    const dir = fixedBackend();
    const script = children.startTs('webhook-script', dir, SCRIPT, emulator.url, BACKEND_ENV);
    expect(await script.waitForExit(15_000), script.output()).toEqual({ code: 0, signal: null });
    expect(emulator.webhookUrl(TRAFFIC_TOKEN)).toBe(HOOK_URL);

    const server = children.startTs('server', dir, 'src/server.ts', emulator.url, BACKEND_ENV);
    const why = () => `emulator:\n${tail(emulator.log())}\nserver:\n${tail(server.output(), 30)}`;
    expect(
      await emulator.waitUntil(() => emulator.openPolls(TRAFFIC_TOKEN) === 1 && emulator.openPolls(IAE_TOKEN) === 1, PATIENCE_MS),
      why(),
    ).toBe(true);
    await sleep(500);
    expect(server.exit(), why()).toBeUndefined();
    await children.killAll();

    // The first poll of the token meets the webhook; the library deletes it and polls again.
    expect(trafficTrace().slice(0, 4), why()).toEqual([
      `webhook-script setWebHook(${JSON.stringify(HOOK_URL)}) 200`,
      'server getUpdates 409 webhook active',
      'server setWebHook("") 200',
      'server getUpdates unanswered',
    ]);
    expect(emulator.conflicts(TRAFFIC_TOKEN, WEBHOOK_IS_ACTIVE).length).toBe(1);
    // The webhook the other module registered is gone: the two broke each other.
    expect(emulator.webhookUrl(TRAFFIC_TOKEN)).toBe('');
    expect(server.output()).not.toContain('polling_error');
    // The other bot never had a webhook: no 409.
    expect(emulator.conflicts(IAE_TOKEN), why()).toEqual([]);
  });

  it('setWebhook while the server polls ends its poll with 409 terminated by setWebhook request, and node-telegram-bot-api 0.x deletes the webhook', async () => {
    const dir = fixedBackend();
    const server = children.startTs('server', dir, 'src/server.ts', emulator.url, BACKEND_ENV);
    const why = () => `emulator:\n${tail(emulator.log())}\nserver:\n${tail(server.output(), 30)}`;
    expect(
      await emulator.waitUntil(() => emulator.openPolls(TRAFFIC_TOKEN) === 1 && emulator.openPolls(IAE_TOKEN) === 1, PATIENCE_MS),
      why(),
    ).toBe(true);
    expect(emulator.conflicts(), why()).toEqual([]);

    const script = children.startTs('webhook-script', dir, SCRIPT, emulator.url, BACKEND_ENV);
    expect(await script.waitForExit(15_000), script.output()).toEqual({ code: 0, signal: null });
    // The server's poller is back (polling again) after removing the webhook.
    expect(await emulator.waitUntil(() => emulator.openPolls(TRAFFIC_TOKEN) === 1 && emulator.webhookUrl(TRAFFIC_TOKEN) === '', PATIENCE_MS), why()).toBe(true);
    await sleep(500);
    expect(server.exit(), why()).toBeUndefined();
    await children.killAll();

    expect(trafficTrace(), why()).toEqual([
      'server getUpdates 409 terminated by setWebhook',
      `webhook-script setWebHook(${JSON.stringify(HOOK_URL)}) 200`,
      'server setWebHook("") 200',
      'server getUpdates unanswered',
    ]);
    expect(emulator.webhookUrl(TRAFFIC_TOKEN)).toBe('');
    expect(emulator.conflicts(IAE_TOKEN), why()).toEqual([]);
  });
});

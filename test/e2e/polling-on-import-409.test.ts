// Polling on import, proven with the real node-telegram-bot-api 0.x against the Bot API emulator:
// a one-off script that imports the owner module only to send a message starts a second poller
// of the server's token (409) as long as the owner polls when imported; after `defer-polling`
// the same script sends and exits, and the server stays the only poller.
// Needs `npm run build` first (npm test does it).
import { describe, expect, it } from 'vitest';

import { BotApiEmulator, PATIENCE_MS, TERMINATED_BY_OTHER_GET_UPDATES } from './emulator/bot-api-emulator.js';
import { BACKEND_ENV, backendCopy, emulatorSuite, IAE_TOKEN, sleep, tail, TRAFFIC_TOKEN, type Children, type Stage } from './emulator/harness.js';

/** A copy of src/scripts/send-daily-report.ts that sends through the shared bot instead of its own. */
const SCRIPT = 'src/scripts/send-report-via-shared-bot.ts';
const SCRIPT_SOURCE = `// A cron script beside the server: it only wants to send, through the shared bot.
import { bot } from '../services/telegramBot';

async function main(): Promise<void> {
  const chatId = Number(process.env.REPORT_CHAT_ID);
  await bot.sendMessage(chatId, 'Daily report: all systems nominal.');
  console.log('report sent');
}

void main();
`;

let emulator: BotApiEmulator;
const { projects, children } = emulatorSuite((started) => {
  emulator = started;
});

/** Start the server of a copy at `stage`, wait until it polls both tokens, then start the script. */
async function serverThenScript(stage: Stage) {
  const { dir } = backendCopy(projects, stage, { [SCRIPT]: SCRIPT_SOURCE });
  const server = children.startTs('server', dir, 'src/server.ts', emulator.url, BACKEND_ENV);
  // eslint-disable-next-line prefer-const -- why() reads it before the script starts; a const would throw there
  let script: ReturnType<Children['startTs']> | undefined;
  const why = () => `emulator:\n${tail(emulator.log())}\nserver:\n${tail(server.output(), 30)}\nscript:\n${tail(script?.output() ?? '', 30)}`;
  expect(
    await emulator.waitUntil(() => emulator.openPolls(TRAFFIC_TOKEN) === 1 && emulator.openPolls(IAE_TOKEN) === 1, PATIENCE_MS),
    why(),
  ).toBe(true);
  // The server alone: one poller per token so far.
  expect(emulator.conflicts(), why()).toEqual([]);
  script = children.startTs('script', dir, SCRIPT, emulator.url, BACKEND_ENV);
  const fromScript = (method: string) => emulator.calls({ method }).filter((call) => call.client?.startsWith('script#'));
  expect(await emulator.waitUntil(() => fromScript('sendMessage').length === 1, PATIENCE_MS), why()).toBe(true);
  return { server, script, why, fromScript };
}

describe('a script that imports the owner module, run beside the server', () => {
  it('gets 409 while the owner polls on import (after migrate, before defer-polling)', async () => {
    const { server, script, why, fromScript } = await serverThenScript('migrated');
    // The import started a second poller of TELEGRAM_BOT_TOKEN: the two terminate each other.
    expect(await emulator.waitUntil(() => emulator.conflicts(TRAFFIC_TOKEN).length >= 2, PATIENCE_MS), why()).toBe(true);
    await sleep(500);
    // The script never exits on its own: its poller keeps it alive.
    expect(script.exit(), why()).toBeUndefined();
    expect(server.exit(), why()).toBeUndefined();
    await children.killAll();

    expect(fromScript('getUpdates').length, why()).toBeGreaterThanOrEqual(1);
    expect(emulator.maxConcurrentPolls(TRAFFIC_TOKEN), why()).toBeGreaterThanOrEqual(2);
    const conflicts = emulator.conflicts(TRAFFIC_TOKEN);
    expect(conflicts.every((call) => call.description === TERMINATED_BY_OTHER_GET_UPDATES)).toBe(true);
    // Both processes lose polls to each other.
    const losers = new Set(conflicts.map((call) => call.client?.split('#')[0]));
    expect(losers, why()).toEqual(new Set(['server', 'script']));
    // The other bot is untouched: the script does not import it.
    expect(emulator.maxConcurrentPolls(IAE_TOKEN), why()).toBe(1);
    expect(emulator.conflicts(IAE_TOKEN)).toEqual([]);
  });

  it('sends, exits and causes no 409 after defer-polling', async () => {
    const { server, script, why, fromScript } = await serverThenScript('deferred');
    const exit = await script.waitForExit(PATIENCE_MS);
    expect(exit, why()).toEqual({ code: 0, signal: null });
    expect(script.output()).toContain('report sent');
    // Keep the server running a moment after the script, then stop it.
    await sleep(1_000);
    expect(server.exit(), why()).toBeUndefined();
    await children.killAll();

    expect(fromScript('sendMessage').map((call) => call.params.text)).toEqual(['Daily report: all systems nominal.']);
    expect(fromScript('getUpdates'), why()).toEqual([]);
    expect(emulator.maxConcurrentPolls(TRAFFIC_TOKEN), why()).toBe(1);
    expect(emulator.maxConcurrentPolls(IAE_TOKEN), why()).toBe(1);
    expect(emulator.conflicts(), why()).toEqual([]);
  });
});

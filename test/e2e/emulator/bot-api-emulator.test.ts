// The Bot API emulator itself, and the preload that routes api.telegram.org to it.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  BotApiEmulator,
  CLIENT_HEADER,
  TERMINATED_BY_OTHER_GET_UPDATES,
  TERMINATED_BY_SET_WEBHOOK,
  WEBHOOK_IS_ACTIVE,
  PATIENCE_MS,
} from './bot-api-emulator.js';
import { fakeToken, PRELOAD } from './harness.js';

const A = fakeToken(111111111, 'EmulatorTestBotA');
const B = fakeToken(222222222, 'EmulatorTestBotB');

interface Answer {
  status: number;
  body: { ok: boolean; result?: unknown; error_code?: number; description?: string };
  ms: number;
}

let emulator: BotApiEmulator;
const controllers = new Set<AbortController>();

beforeEach(async () => {
  emulator = await BotApiEmulator.start();
});
afterEach(async () => {
  for (const controller of controllers) controller.abort();
  controllers.clear();
  await emulator.close();
});

/** POST JSON (or send `init` as given) to /bot<token>/<method>. */
async function call(token: string, method: string, params?: Record<string, unknown>, init: RequestInit = {}): Promise<Answer> {
  const controller = new AbortController();
  controllers.add(controller);
  const started = performance.now();
  const response = await fetch(`${emulator.url}/bot${token}/${method}`, {
    method: 'POST',
    signal: controller.signal,
    ...(params ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) } : {}),
    ...init,
  });
  const body = (await response.json()) as Answer['body'];
  controllers.delete(controller);
  return { status: response.status, body, ms: performance.now() - started };
}

describe('bot-api-emulator: methods', () => {
  it('getMe answers the bot of the token (its id is the part before the colon)', async () => {
    const answer = await call(A, 'getMe');
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ id: 111111111, is_bot: true, username: 'emulated_111111111_bot' });
  });

  it('rejects a malformed token with 401, an unknown method with 404, a path without /bot<token>/ with 404', async () => {
    expect((await call('12345:short', 'getMe')).body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect((await call(A, 'sendPizza')).body).toMatchObject({ ok: false, error_code: 404 });
    const stray = await fetch(`${emulator.url}/nothing-here`);
    expect(stray.status).toBe(404);
    expect(emulator.calls({ token: A }).map((c) => [c.sentAs, c.status])).toEqual([['sendPizza', 404]]);
  });

  it('sendMessage answers a Message and records chat_id and text; without chat_id it is 400', async () => {
    const answer = await call(A, 'sendMessage', { chat_id: 42, text: 'hello', message_thread_id: 7 });
    expect(answer.body.result).toMatchObject({ message_id: 1, chat: { id: 42 }, text: 'hello', message_thread_id: 7 });
    expect(emulator.calls({ token: A, method: 'sendMessage' })[0]!.params).toMatchObject({ chat_id: 42, text: 'hello' });
    expect((await call(A, 'sendMessage', { text: 'x' })).body).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
  });

  it('logOut answers true', async () => {
    expect((await call(A, 'logOut')).body).toEqual({ ok: true, result: true });
  });

  it('reads parameters from GET query strings, urlencoded, JSON and multipart bodies', async () => {
    await fetch(`${emulator.url}/bot${A}/sendMessage?chat_id=1&text=query`);
    await call(A, 'sendMessage', undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'chat_id=2&text=form',
    });
    await call(A, 'sendMessage', { chat_id: 3, text: 'json' });
    const form = new FormData();
    form.set('chat_id', '4');
    form.set('text', 'multipart');
    form.set('certificate', new Blob([Buffer.from('PEM')]), 'cert.pem');
    await call(A, 'sendMessage', undefined, { body: form });
    const sent = emulator.calls({ token: A, method: 'sendMessage' });
    expect(sent.map((c) => [c.httpMethod, String(c.params.chat_id), c.params.text, c.status])).toEqual([
      ['GET', '1', 'query', 200],
      ['POST', '2', 'form', 200],
      ['POST', '3', 'json', 200],
      ['POST', '4', 'multipart', 200],
    ]);
    expect(sent[3]!.params.certificate).toBe('<file 3 bytes>');
  });

  it('records the client label header', async () => {
    await call(A, 'getMe', undefined, { headers: { [CLIENT_HEADER]: 'worker#12' } });
    expect(emulator.calls({ token: A })[0]!.client).toBe('worker#12');
  });
});

describe('bot-api-emulator: getUpdates', () => {
  it('long-polls until its timeout and answers an empty list; timeout 0 answers at once', async () => {
    const immediate = await call(A, 'getUpdates', { timeout: 0 });
    expect(immediate.body).toEqual({ ok: true, result: [] });
    expect(immediate.ms).toBeLessThan(500);
    const waited = await call(A, 'getUpdates', { timeout: 1 });
    expect(waited.body).toEqual({ ok: true, result: [] });
    expect(waited.ms).toBeGreaterThanOrEqual(950);
    expect(waited.ms).toBeLessThan(2500);
  });

  it('caps a long poll at maxLongPollSeconds', async () => {
    await emulator.close();
    emulator = await BotApiEmulator.start({ maxLongPollSeconds: 1 });
    const waited = await call(A, 'getUpdates', { timeout: 50 });
    expect(waited.ms).toBeLessThan(2500);
  });

  it('answers queued updates, honours offset (confirming older ones) and limit', async () => {
    const first = emulator.pushUpdate(A, BotApiEmulator.textMessage(5, 'one'));
    const second = emulator.pushUpdate(A, BotApiEmulator.textMessage(5, 'two'));
    const all = await call(A, 'getUpdates', { timeout: 5 });
    expect((all.body.result as { update_id: number }[]).map((u) => u.update_id)).toEqual([first.update_id, second.update_id]);
    expect(all.ms).toBeLessThan(500);
    const limited = await call(A, 'getUpdates', { limit: 1 });
    expect((limited.body.result as unknown[]).length).toBe(1);
    const confirmed = await call(A, 'getUpdates', { offset: second.update_id + 1, timeout: 0 });
    expect(confirmed.body.result).toEqual([]);
    // Confirmed updates are gone even without an offset.
    expect((await call(A, 'getUpdates', { timeout: 0 })).body.result).toEqual([]);
  });

  it('an update pushed during a long poll answers it at once', async () => {
    const poll = call(A, 'getUpdates', { timeout: 10 });
    expect(await emulator.waitUntil(() => emulator.openPolls(A) === 1, PATIENCE_MS)).toBe(true);
    emulator.pushUpdate(A, BotApiEmulator.textMessage(5, 'now'));
    const answer = await poll;
    expect(answer.ms).toBeLessThan(2_000);
    expect(answer.body.result).toMatchObject([{ message: { text: 'now' } }]);
  });

  it('a second concurrent getUpdates of one token ends the first with 409 terminated by other getUpdates request', async () => {
    const first = call(A, 'getUpdates', { timeout: 10 });
    expect(await emulator.waitUntil(() => emulator.openPolls(A) === 1, PATIENCE_MS)).toBe(true);
    const second = call(A, 'getUpdates', { timeout: 1 });
    const ended = await first;
    expect(ended.status).toBe(409);
    expect(ended.body).toEqual({ ok: false, error_code: 409, description: TERMINATED_BY_OTHER_GET_UPDATES });
    expect(ended.ms).toBeLessThan(5_000);
    expect((await second).body).toEqual({ ok: true, result: [] });
    expect(emulator.conflicts(A).length).toBe(1);
    expect(emulator.maxConcurrentPolls(A)).toBe(2);
  });

  it('polls of DIFFERENT tokens do not conflict', async () => {
    const polls = [call(A, 'getUpdates', { timeout: 1 }), call(B, 'getUpdates', { timeout: 1 })];
    expect(await emulator.waitUntil(() => emulator.openPolls(A) === 1 && emulator.openPolls(B) === 1, PATIENCE_MS)).toBe(true);
    const answers = await Promise.all(polls);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(emulator.conflicts()).toEqual([]);
    expect(emulator.maxConcurrentPolls(A)).toBe(1);
    expect(emulator.maxConcurrentPolls(B)).toBe(1);
  });

  it('sequential polls of one token are one poller: no 409, at most one open at a time', async () => {
    for (let i = 0; i < 3; i++) expect((await call(A, 'getUpdates', { timeout: 0 })).status).toBe(200);
    expect(emulator.maxConcurrentPolls(A)).toBe(1);
    expect(emulator.conflicts(A)).toEqual([]);
  });

  it('a poll whose client hangs up is dropped, and the next poll is not a conflict', async () => {
    const controller = new AbortController();
    const aborted = fetch(`${emulator.url}/bot${A}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: 10 }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    expect(await emulator.waitUntil(() => emulator.openPolls(A) === 1, PATIENCE_MS)).toBe(true);
    controller.abort();
    await aborted;
    expect((await call(A, 'getUpdates', { timeout: 0 })).status).toBe(200);
    expect(emulator.getUpdatesCalls(A).map((c) => c.outcome)).toEqual(['aborted', 'ok']);
    expect(emulator.conflicts(A)).toEqual([]);
  });

  it('close() ends an open long poll at once', async () => {
    const poll = call(A, 'getUpdates', { timeout: 30 });
    expect(await emulator.waitUntil(() => emulator.openPolls(A) === 1, PATIENCE_MS)).toBe(true);
    await emulator.close();
    const answer = await poll;
    expect(answer.ms).toBeLessThan(2_000);
    expect(answer.body).toEqual({ ok: true, result: [] });
  });
});

describe('bot-api-emulator: webhooks', () => {
  it("getUpdates while a webhook is set is 409 can't use getUpdates method while webhook is active; deleteWebhook lifts it", async () => {
    expect((await call(A, 'setWebhook', { url: 'https://hooks.example.invalid/a' })).body).toMatchObject({ ok: true, result: true, description: 'Webhook was set' });
    expect((await call(A, 'getWebhookInfo')).body.result).toMatchObject({ url: 'https://hooks.example.invalid/a' });
    expect((await call(A, 'getUpdates', { timeout: 0 })).body).toEqual({ ok: false, error_code: 409, description: WEBHOOK_IS_ACTIVE });
    // Another token is not affected.
    expect((await call(B, 'getUpdates', { timeout: 0 })).status).toBe(200);
    expect((await call(A, 'deleteWebhook')).body).toMatchObject({ ok: true, result: true, description: 'Webhook was deleted' });
    expect((await call(A, 'getUpdates', { timeout: 0 })).status).toBe(200);
    expect(emulator.conflicts(A, WEBHOOK_IS_ACTIVE).length).toBe(1);
  });

  it('accepts the setWebHook/deleteWebHook spellings, a URL in the query string, and an empty url as delete', async () => {
    // node-telegram-bot-api 0.x: POST /setWebHook?url=… with an empty form body.
    await call(A, 'setWebHook?url=https%3A%2F%2Fhooks.example.invalid%2Fq', undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(emulator.webhookUrl(A)).toBe('https://hooks.example.invalid/q');
    // …and the same with no url deletes it (what it does on a 409).
    expect((await call(A, 'setWebHook')).body).toMatchObject({ ok: true, description: 'Webhook was deleted' });
    expect(emulator.webhookUrl(A)).toBe('');
    await call(A, 'setWebhook', { url: 'https://hooks.example.invalid/j' });
    await call(A, 'deleteWebHook');
    expect(emulator.webhookUrl(A)).toBe('');
    expect(emulator.calls({ token: A }).map((c) => c.method)).toEqual(['setWebhook', 'setWebhook', 'setWebhook', 'deleteWebhook']);
    expect((await call(A, 'setWebhook', { url: 'http://plain.example.invalid' })).status).toBe(400);
  });

  it('setWebhook ends an open long poll with 409 terminated by setWebhook request', async () => {
    const poll = call(A, 'getUpdates', { timeout: 10 });
    expect(await emulator.waitUntil(() => emulator.openPolls(A) === 1, PATIENCE_MS)).toBe(true);
    await call(A, 'setWebhook', { url: 'https://hooks.example.invalid/a' });
    expect((await poll).body).toEqual({ ok: false, error_code: 409, description: TERMINATED_BY_SET_WEBHOOK });
  });

  it('deleteWebhook with drop_pending_updates drops the queue', async () => {
    emulator.pushUpdate(A, BotApiEmulator.textMessage(5, 'old'));
    expect((await call(A, 'getWebhookInfo')).body.result).toMatchObject({ pending_update_count: 1 });
    await call(A, 'deleteWebhook', { drop_pending_updates: true });
    expect((await call(A, 'getUpdates', { timeout: 0 })).body.result).toEqual([]);
  });
});

describe('preload: api.telegram.org goes to the emulator, everything else non-loopback throws', () => {
  const token = fakeToken(333333333, 'PreloadBot');
  const script = `
    const { Telegraf } = require('telegraf');
    const { Bot } = require('grammy');
    const TelegramBot = require('node-telegram-bot-api');
    const token = ${JSON.stringify(token)};
    const results = {};
    async function attempt(name, run) {
      try { results[name] = await run(); } catch (error) { results[name] = 'threw ' + (error.code || error.message); }
    }
    (async () => {
      await attempt('telegraf', async () => (await new Telegraf(token).telegram.getMe()).username);
      await attempt('grammy', async () => (await new Bot(token).api.getMe()).username);
      await attempt('nodeTelegramBotApi', async () => (await new TelegramBot(token).getMe()).username);
      await attempt('fetch', async () => (await (await fetch('https://api.telegram.org/bot' + token + '/getMe')).json()).result.username);
      await attempt('httpsToOtherHost', () => require('node:https').get('https://example.com/'));
      await attempt('fetchToOtherHost', () => fetch('https://example.com/'));
      await attempt('tcpToOtherHost', () => require('node:net').connect(443, '93.184.215.14'));
      await attempt('tlsToOtherHost', () => require('node:tls').connect(443, 'example.com'));
      await attempt('telegrafWithOtherApiRoot', async () => (await new Telegraf(token, { telegram: { apiRoot: 'https://example.com' } }).telegram.getMe()).username);
      console.log(JSON.stringify(results));
      process.exit(0);
    })();
  `;

  async function runNode(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [...args, '-e', script], {
      cwd: path.join(import.meta.dirname, '../../..'),
      env: { PATH: process.env.PATH ?? '', BOT_API_EMULATOR_URL: emulator.url, BOT_API_EMULATOR_CLIENT: 'preload-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(timer);
    return { code, output };
  }

  it('with BOT_API_EMULATOR_LIFETIME_MS the process under test ends by itself', async () => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', PRELOAD, '-e', 'setInterval(() => {}, 1000)'], {
      env: { PATH: process.env.PATH ?? '', BOT_API_EMULATOR_LIFETIME_MS: '300' },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(timer);
    expect(code).toBe(124);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  for (const [flag, file] of [
    ['--require', PRELOAD],
    ['--import', PRELOAD.replace(/\.cjs$/, '.mjs')],
  ] as const) {
    it(`with ${flag} ${path.basename(file)}: node-telegram-bot-api, telegraf, grammY and fetch reach the emulator; other hosts throw`, async () => {
      const { code, output } = await runNode([flag, file]);
      expect(code, output).toBe(0);
      const results = JSON.parse(output.trim().split('\n').pop()!) as Record<string, string>;
      const bot = 'emulated_333333333_bot';
      expect(results).toEqual({
        telegraf: bot,
        grammy: bot,
        nodeTelegramBotApi: bot,
        fetch: bot,
        httpsToOtherHost: 'threw ERR_BOT_API_EMULATOR_BLOCKED',
        fetchToOtherHost: 'threw ERR_BOT_API_EMULATOR_BLOCKED',
        tcpToOtherHost: 'threw ERR_BOT_API_EMULATOR_BLOCKED',
        tlsToOtherHost: 'threw ERR_BOT_API_EMULATOR_BLOCKED',
        telegrafWithOtherApiRoot: 'threw ERR_BOT_API_EMULATOR_BLOCKED',
      });
      const calls = emulator.calls({ token });
      expect(calls.map((c) => c.method)).toEqual(['getMe', 'getMe', 'getMe', 'getMe']);
      expect(calls.every((c) => c.client?.startsWith('preload-test#'))).toBe(true);
    });
  }
});

// A small Telegram Bot API emulator for tests: node:http on 127.0.0.1 (port 0), no dependencies.
//
// It answers what the bot libraries need to start (getMe, getUpdates, setWebhook, deleteWebhook,
// getWebhookInfo, sendMessage, logOut) and enforces Telegram's rules PER TOKEN, the token being
// the one in the path `/bot<token>/<method>`:
//
// - one getUpdates long poll at a time: a second getUpdates ends the open one with
//   409 `Conflict: terminated by other getUpdates request; make sure that only one bot instance is running`;
// - getUpdates while a webhook is set: 409 `Conflict: can't use getUpdates method while webhook is active; …`;
// - setWebhook ends an open long poll with 409 `Conflict: terminated by setWebhook request`.
//
// Every request is recorded per token (method, parameters, times, status, 409 description, and
// for getUpdates how many polls of the token were open when it arrived, itself included), so
// tests can assert "one poller per token" and "no 409". Method names are matched without regard
// to case, as Telegram does (node-telegram-bot-api 0.x sends `setWebHook`). Parameters are read
// from the query string and from JSON, urlencoded and multipart bodies.
//
// Bounded: a long poll ends at its `timeout` (capped by `maxLongPollSeconds`), a poll whose
// client hangs up is dropped, and `close()` answers every open poll and closes every connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export const TERMINATED_BY_OTHER_GET_UPDATES =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
export const WEBHOOK_IS_ACTIVE = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
export const TERMINATED_BY_SET_WEBHOOK = 'Conflict: terminated by setWebhook request';

/** The header the preload adds to every request it routes here, naming the client process. */
/**
 * How long a test waits for something it expects (a poll to open, a 409, a process to exit).
 * Only a guard against a hang: a wait ends as soon as its condition holds, so a loaded machine
 * is never failed for being slow.
 */
export const PATIENCE_MS = 120_000;

export const CLIENT_HEADER = 'x-bot-api-emulator-client';

export type Outcome =
  /** answered 200 */
  | 'ok'
  /** answered 409 */
  | 'conflict'
  /** answered another error (400, 401, 404) */
  | 'error'
  /** a long poll still open */
  | 'pending'
  /** the client hung up before the answer */
  | 'aborted';

export interface RecordedCall {
  /** Order of arrival, over all tokens. */
  readonly seq: number;
  /** The token from the path ('' when the path had none). */
  readonly token: string;
  /** Canonical Bot API name (`setWebhook` for `setWebHook`), or the name as sent when unknown. */
  readonly method: string;
  /** The name as sent in the path. */
  readonly sentAs: string;
  readonly httpMethod: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The preload's client label (`<label>#<pid>`), when the request came through it. */
  readonly client: string | undefined;
  /** Milliseconds since the emulator started. */
  readonly startedAt: number;
  endedAt: number | undefined;
  status: number | undefined;
  outcome: Outcome;
  description: string | undefined;
  /** getUpdates only: long polls of this token open when this one arrived, itself included. */
  concurrent: number | undefined;
  /** getUpdates only: how many updates the answer carried. */
  updateCount: number | undefined;
}

export interface Update {
  update_id: number;
  [field: string]: unknown;
}

export interface BotApiEmulatorOptions {
  /** Upper bound for a long poll, whatever `timeout` the client asks for. Default 50 (Telegram's). */
  maxLongPollSeconds?: number;
  /**
   * Before deciding a getUpdates, wait this long so that a client which just aborted its previous
   * poll (telegraf's and grammY's `stop()` abort it and then confirm the offset on a new socket)
   * is seen as gone rather than as a second poller. Default 25 ms; two live pollers are unaffected.
   */
  settleMs?: number;
}

interface OpenPoll {
  readonly call: RecordedCall;
  readonly response: ServerResponse;
  readonly offset: number;
  readonly limit: number;
  timer: NodeJS.Timeout | undefined;
}

interface TokenState {
  webhook: { url: string; secretToken: string | undefined } | null;
  queue: Update[];
  nextUpdateId: number;
  nextMessageId: number;
  readonly polls: Set<OpenPoll>;
}

const METHODS = ['getMe', 'getUpdates', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'sendMessage', 'logOut'] as const;
type Method = (typeof METHODS)[number];
const CANONICAL = new Map<string, Method>(METHODS.map((name) => [name.toLowerCase(), name]));

/** Telegram's shape: a numeric bot id, a colon, 35 characters of [A-Za-z0-9_-]. */
const TOKEN_SHAPE = /^\d{5,}:[A-Za-z0-9_-]{35}$/;
const PATH_SHAPE = /^\/bot([^/]*)\/([^/]+)$/;
const MAX_BODY_BYTES = 1024 * 1024;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export class BotApiEmulator {
  /** Start an emulator on 127.0.0.1 with a free port. */
  static async start(options: BotApiEmulatorOptions = {}): Promise<BotApiEmulator> {
    const emulator = new BotApiEmulator(options);
    await emulator.listen();
    return emulator;
  }

  private readonly server: Server;
  private readonly states = new Map<string, TokenState>();
  private readonly recorded: RecordedCall[] = [];
  private readonly t0 = performance.now();
  private readonly maxLongPollSeconds: number;
  private readonly settleMs: number;
  private port = 0;
  private closed = false;

  private constructor(options: BotApiEmulatorOptions) {
    this.maxLongPollSeconds = options.maxLongPollSeconds ?? 50;
    this.settleMs = options.settleMs ?? 25;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent && !response.destroyed) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` }));
        }
      });
    });
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The API root to give a library (`baseApiUrl`, `telegram.apiRoot`, `client.apiRoot`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---- what tests read -------------------------------------------------------------------

  /** Every request, in order of arrival; optionally of one token and/or one method. */
  calls(filter: { token?: string; method?: string } = {}): RecordedCall[] {
    return this.recorded.filter(
      (call) => (filter.token === undefined || call.token === filter.token) && (filter.method === undefined || call.method === filter.method),
    );
  }

  /** The getUpdates requests of one token. */
  getUpdatesCalls(token: string): RecordedCall[] {
    return this.calls({ token, method: 'getUpdates' });
  }

  /** Every 409 answer (of one token, if given); optionally only those with this description. */
  conflicts(token?: string, description?: string): RecordedCall[] {
    return this.recorded.filter(
      (call) => call.status === 409 && (token === undefined || call.token === token) && (description === undefined || call.description === description),
    );
  }

  /**
   * The most getUpdates long polls of this token that were open at once (0 if it never polled).
   * One poller never overlaps itself (each library awaits a getUpdates before the next), so 1
   * means one poller and 2 or more means at least two.
   */
  maxConcurrentPolls(token: string): number {
    return Math.max(0, ...this.getUpdatesCalls(token).map((call) => call.concurrent ?? 0));
  }

  /** How many getUpdates long polls of this token are open (waiting for updates or their timeout) now. */
  openPolls(token: string): number {
    return this.states.get(token)?.polls.size ?? 0;
  }

  /** The tokens seen, in order of first request. */
  tokens(): string[] {
    return [...new Set(this.recorded.map((call) => call.token))];
  }

  /** The webhook URL set for a token, or '' when none. */
  webhookUrl(token: string): string {
    return this.states.get(token)?.webhook?.url ?? '';
  }

  /** Queue an update for a token (its update_id is assigned here); an open long poll gets it at once. */
  pushUpdate(token: string, update: Omit<Update, 'update_id'>): Update {
    const state = this.state(token);
    const full: Update = { ...update, update_id: state.nextUpdateId++ };
    state.queue.push(full);
    for (const poll of state.polls) {
      const updates = this.pending(state, poll.offset, poll.limit);
      if (updates.length > 0) this.finishPoll(state, poll, 200, updates);
    }
    return full;
  }

  /** A text message update from a private chat, for `pushUpdate`. */
  static textMessage(chatId: number, text: string): Omit<Update, 'update_id'> {
    const date = Math.floor(Date.now() / 1000);
    const from = { id: chatId, is_bot: false, first_name: 'Tester' };
    return { message: { message_id: 1, date, text, from, chat: { id: chatId, type: 'private', first_name: 'Tester' } } };
  }

  /** Resolves true as soon as `predicate()` holds, false after `timeoutMs` (checked every 20 ms). */
  async waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (predicate()) return true;
      if (performance.now() >= deadline) return false;
      await delay(Math.min(20, Math.max(1, deadline - performance.now())));
    }
  }

  /** Human-readable log of the requests (of one token), tokens shown by bot id only. */
  log(token?: string): string {
    return this.recorded
      .filter((call) => token === undefined || call.token === token)
      .map((call) => {
        const time = `+${(call.startedAt / 1000).toFixed(3)}s`;
        const bot = call.token ? `bot ${call.token.split(':')[0]}` : '(no token)';
        const extra =
          call.method === 'getUpdates'
            ? ` timeout=${String(call.params.timeout ?? 0)} offset=${String(call.params.offset ?? 0)} open=${String(call.concurrent ?? '-')}`
            : call.method === 'setWebhook'
              ? ` url=${JSON.stringify(call.params.url ?? '')}`
              : '';
        const result =
          call.outcome === 'pending'
            ? 'open'
            : call.outcome === 'aborted'
              ? 'client hung up'
              : `${String(call.status)}${call.description && call.status !== 200 ? ` ${call.description}` : ''}`;
        const client = call.client ? ` [${call.client}]` : '';
        return `${time} ${bot} ${call.sentAs}${extra} → ${result}${client}`;
      })
      .join('\n');
  }

  /** Answer every open long poll (empty), close every connection and the server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const state of this.states.values()) {
      for (const poll of [...state.polls]) this.finishPoll(state, poll, 200, []);
    }
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- the API ---------------------------------------------------------------------------

  private state(token: string): TokenState {
    let state = this.states.get(token);
    if (!state) {
      state = { webhook: null, queue: [], nextUpdateId: 1, nextMessageId: 1, polls: new Set() };
      this.states.set(token, state);
    }
    return state;
  }

  private now(): number {
    return performance.now() - this.t0;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = PATH_SHAPE.exec(url.pathname);
    const token = match ? decodeURIComponent(match[1]!) : '';
    const sentAs = match ? decodeURIComponent(match[2]!) : url.pathname;
    const method = CANONICAL.get(sentAs.toLowerCase());
    const clientHeader = request.headers[CLIENT_HEADER];
    const call: RecordedCall = {
      seq: this.recorded.length,
      token,
      method: method ?? sentAs,
      sentAs,
      httpMethod: request.method ?? 'GET',
      params: {},
      client: Array.isArray(clientHeader) ? clientHeader.join(',') : clientHeader,
      startedAt: this.now(),
      endedAt: undefined,
      status: undefined,
      outcome: 'pending',
      description: undefined,
      concurrent: undefined,
      updateCount: undefined,
    };
    this.recorded.push(call);
    response.on('close', () => {
      if (call.outcome === 'pending') {
        call.outcome = 'aborted';
        call.endedAt = this.now();
      }
    });

    try {
      const params: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...(await readParams(request)) };
      (call as { params: Record<string, unknown> }).params = params;
      if (!match) throw new ApiError(404, 'Not Found');
      if (!TOKEN_SHAPE.test(token)) throw new ApiError(401, 'Unauthorized');
      if (!method) throw new ApiError(404, 'Not Found: method not found');
      const state = this.state(token);
      switch (method) {
        case 'getUpdates':
          await this.getUpdates(state, call, response, params);
          return;
        case 'getMe':
          this.answer(call, response, 200, botUser(token));
          return;
        case 'setWebhook':
          this.answer(call, response, 200, true, this.setWebhook(state, params));
          return;
        case 'deleteWebhook': {
          const had = state.webhook !== null;
          state.webhook = null;
          if (truthy(params.drop_pending_updates)) state.queue = [];
          this.answer(call, response, 200, true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
          return;
        }
        case 'getWebhookInfo':
          this.answer(call, response, 200, {
            url: state.webhook?.url ?? '',
            has_custom_certificate: false,
            pending_update_count: state.queue.length,
          });
          return;
        case 'sendMessage':
          this.answer(call, response, 200, sentMessage(state, token, params));
          return;
        case 'logOut':
          this.answer(call, response, 200, true);
          return;
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.answer(call, response, error.status, undefined, error.description);
    }
  }

  private setWebhook(state: TokenState, params: Record<string, unknown>): string {
    const url = typeof params.url === 'string' ? params.url : '';
    if (truthy(params.drop_pending_updates)) state.queue = [];
    if (url === '') {
      const had = state.webhook !== null;
      state.webhook = null;
      return had ? 'Webhook was deleted' : 'Webhook is already deleted';
    }
    if (!url.startsWith('https://')) throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    state.webhook = { url, secretToken: typeof params.secret_token === 'string' ? params.secret_token : undefined };
    for (const poll of [...state.polls]) this.finishPoll(state, poll, 409, undefined, TERMINATED_BY_SET_WEBHOOK);
    return 'Webhook was set';
  }

  private async getUpdates(state: TokenState, call: RecordedCall, response: ServerResponse, params: Record<string, unknown>): Promise<void> {
    const offset = integer(params.offset, 0);
    const limit = Math.min(100, Math.max(1, integer(params.limit, 100)));
    const timeoutSeconds = Math.min(this.maxLongPollSeconds, Math.max(0, integer(params.timeout, 0)));
    // Let a just-aborted poll of the same client be seen as closed (see settleMs).
    if (this.settleMs > 0) await delay(this.settleMs);
    if (call.outcome !== 'pending' || this.closed) return;

    if (state.webhook) {
      call.concurrent = state.polls.size + 1;
      this.answer(call, response, 409, undefined, WEBHOOK_IS_ACTIVE);
      return;
    }
    // Confirm the updates before `offset` (a negative offset keeps the last |offset|).
    if (offset > 0) state.queue = state.queue.filter((update) => update.update_id >= offset);
    else if (offset < 0) state.queue = state.queue.slice(offset);

    const open = [...state.polls].filter((poll) => poll.call.outcome === 'pending');
    call.concurrent = open.length + 1;
    for (const poll of state.polls) this.finishPoll(state, poll, 409, undefined, TERMINATED_BY_OTHER_GET_UPDATES);

    const ready = this.pending(state, offset, limit);
    if (ready.length > 0 || timeoutSeconds === 0) {
      call.updateCount = ready.length;
      this.answer(call, response, 200, ready);
      return;
    }
    const poll: OpenPoll = { call, response, offset, limit, timer: undefined };
    state.polls.add(poll);
    poll.timer = setTimeout(() => this.finishPoll(state, poll, 200, []), timeoutSeconds * 1000);
    response.on('close', () => {
      clearTimeout(poll.timer);
      state.polls.delete(poll);
    });
  }

  private pending(state: TokenState, offset: number, limit: number): Update[] {
    return state.queue.filter((update) => offset <= 0 || update.update_id >= offset).slice(0, limit);
  }

  private finishPoll(state: TokenState, poll: OpenPoll, status: number, updates: Update[] | undefined, description?: string): void {
    clearTimeout(poll.timer);
    state.polls.delete(poll);
    if (poll.call.outcome !== 'pending') return;
    if (updates) poll.call.updateCount = updates.length;
    this.answer(poll.call, poll.response, status, updates, description);
  }

  private answer(call: RecordedCall, response: ServerResponse, status: number, result: unknown, description?: string): void {
    if (call.outcome !== 'pending') return;
    if (response.destroyed) {
      call.outcome = 'aborted';
      call.endedAt = this.now();
      return;
    }
    call.status = status;
    call.endedAt = this.now();
    call.description = description;
    call.outcome = status === 200 ? 'ok' : status === 409 ? 'conflict' : 'error';
    const body =
      status === 200
        ? { ok: true, result, ...(description ? { description } : {}) }
        : { ok: false, error_code: status, description: description ?? 'Error' };
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}

// ---- helpers ---------------------------------------------------------------------------------

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function integer(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  return Number.isFinite(number) ? Math.trunc(number) : fallback;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function botId(token: string): number {
  return Number(token.split(':')[0]);
}

function botUser(token: string) {
  const id = botId(token);
  return {
    id,
    is_bot: true,
    first_name: `Emulated bot ${id}`,
    username: `emulated_${id}_bot`,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
}

function sentMessage(state: TokenState, token: string, params: Record<string, unknown>) {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
  const text = params.text;
  if (typeof text !== 'string' || text === '') throw new ApiError(400, 'Bad Request: message text is empty');
  const id = Number(chatId);
  if (!Number.isSafeInteger(id) || id === 0) throw new ApiError(400, 'Bad Request: chat not found');
  const bot = botUser(token);
  return {
    message_id: state.nextMessageId++,
    from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
    chat: id > 0 ? { id, type: 'private', first_name: 'Tester' } : { id, type: 'supergroup', title: 'Test group' },
    date: Math.floor(Date.now() / 1000),
    text,
    ...(params.message_thread_id !== undefined ? { message_thread_id: Number(params.message_thread_id) } : {}),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The body's parameters: JSON, application/x-www-form-urlencoded or multipart/form-data. */
async function readParams(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request);
  if (body.length === 0) return {};
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(400, 'Bad Request: can\'t parse JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(400, 'Bad Request: JSON object expected');
    return parsed as Record<string, unknown>;
  }
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(request.headers['content-type'] ?? '');
    if (!boundary) throw new ApiError(400, 'Bad Request: multipart boundary missing');
    return parseMultipart(body, boundary[1] ?? boundary[2]!.trim());
  }
  // urlencoded, or untyped
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** Text fields of a multipart body; file parts are kept as their byte length (`<file N bytes>`). */
export function parseMultipart(body: Buffer, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // part = CRLF headers CRLF CRLF content CRLF
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      let content = part.subarray(headerEnd + 4);
      if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const isFile = /filename="/i.test(headers);
      if (name !== undefined) fields[name] = isFile ? `<file ${content.length} bytes>` : content.toString('utf8');
    }
    start = next;
  }
  return fields;
}

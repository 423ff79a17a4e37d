// The plugin in an editor: the ESLint language server that VS Code's ESLint extension runs
// (`vscode-eslint-language-server` from vscode-langservers-extracted), driven over stdio LSP by
// a minimal JSON-RPC client below, with the settings VS Code sends. It opens a file of the
// example backend, must report the rule's diagnostics (through pull diagnostics,
// textDocument/diagnostic, which this server uses instead of publishDiagnostics), and must offer
// the rule's suggestion as a quick-fix code action. Every wait is bounded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { repositoryRoot } from './helpers.js';

const WAIT_MS = 45_000;
const serverScript = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vscode-langservers-extracted/package.json')),
  'bin/vscode-eslint-language-server',
);
const backend = path.join(repositoryRoot, 'example/backend');

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  code?: string | number;
  source?: string;
}

interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
}

/** JSON-RPC 2.0 over stdio with LSP's Content-Length framing: just what this test needs. */
class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners: ((message: Message) => void)[] = [];
  readonly notifications: Message[] = [];
  readonly log: string[] = [];

  constructor(
    private readonly server: ChildProcessWithoutNullStreams,
    private readonly onRequest: (method: string, params: unknown) => unknown,
  ) {
    server.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    server.stderr.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (!Number.isFinite(length) || this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server (workspace/configuration, client/registerCapability…).
      let result: unknown = null;
      try {
        result = this.onRequest(message.method, message.params);
      } finally {
        this.send({ jsonrpc: '2.0', id: message.id, result });
      }
      return;
    }
    if (message.method !== undefined) {
      if (message.method === 'window/logMessage') this.log.push(String((message.params as { message?: string }).message));
      this.notifications.push(message);
      for (const listener of [...this.listeners]) listener(message);
      return;
    }
    const waiter = this.pending.get(Number(message.id));
    if (!waiter) return;
    this.pending.delete(Number(message.id));
    if (message.error) waiter.reject(new Error(`${message.error.code}: ${message.error.message}`));
    else waiter.resolve(message.result);
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin.write(body);
  }

  request<T>(method: string, params: unknown, timeoutMs = WAIT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms; server log:\n${this.log.join('\n')}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The first notification (already received or to come) that matches. */
  waitFor(predicate: (message: Message) => boolean, what: string, timeoutMs = WAIT_MS): Promise<Message> {
    const seen = this.notifications.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (message: Message) => {
        if (!predicate(message)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`no ${what} within ${timeoutMs} ms; server log:\n${this.log.join('\n')}`));
      }, timeoutMs);
      this.listeners.push(listener);
    });
  }
}

const folderUri = pathToFileURL(backend).href;

/** The settings VS Code's ESLint extension answers workspace/configuration with (defaults). */
function settings() {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder: { name: 'backend', uri: folderUri },
  };
}

let server: ChildProcessWithoutNullStreams;
let client: LspClient;

beforeAll(async () => {
  server = spawn(process.execPath, [serverScript, '--stdio'], { cwd: backend, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
  client = new LspClient(server, (method, params) => {
    if (method === 'workspace/configuration') return (params as { items: unknown[] }).items.map(() => settings());
    return null; // client/registerCapability, window/workDoneProgress/create, …
  });
  await client.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'vitest-lsp-client' },
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'backend' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true },
        publishDiagnostics: { relatedInformation: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        codeAction: {
          dynamicRegistration: true,
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll', 'source.fixAll.eslint'] } },
        },
      },
    },
  });
  client.notify('initialized', {});
});

afterAll(async () => {
  if (!server) return;
  try {
    await client.request('shutdown', null, 5_000);
    client.notify('exit', null);
  } catch {
    // fall through to kill
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      resolve();
    }, 5_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
});

/** didOpen of `text` (default: the file on disk), then the editor's pull for its diagnostics. */
async function open(relative: string, text?: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const file = path.join(backend, relative);
  const uri = pathToFileURL(file).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: text ?? readFileSync(file, 'utf8') } });
  // This server (like VS Code's ESLint extension today) reports through LSP 3.17 pull
  // diagnostics: the editor asks for a document's diagnostics when it shows the document.
  const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri }, identifier: 'eslint' });
  expect(report.kind).toBe('full');
  return { uri, diagnostics: report.items };
}

async function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (
    (await client.request<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) ?? []
  );
}

describe('the ESLint language server (VS Code) with the plugin', () => {
  it('reports no-duplicate-poller on the duplicate in src/routes/telegram.ts', async () => {
    const { uri, diagnostics } = await open('src/routes/telegram.ts');
    const duplicate = diagnostics.filter((diagnostic) => diagnostic.code === 'telegram-bot/no-duplicate-poller');
    expect(duplicate.map((diagnostic) => diagnostic.range.start.line + 1)).toEqual([14]);
    expect(duplicate[0]!.source).toBe('eslint');
    expect(duplicate[0]!.message).toContain('owner module src/services/telegramBot.ts');
    // The extension's own quick fixes for the rule: the server handles code actions for it.
    const titles = (await codeActions(uri, duplicate[0]!)).map((action) => action.title);
    expect(titles).toContain('Disable telegram-bot/no-duplicate-poller for this line');
  });

  it("offers the rule's import suggestion as a quick fix in a new, unsaved file", async () => {
    // A file being typed in the editor (not saved yet, in an existing folder: the server resolves
    // ESLint from the file's folder): a module-level polling bot of the token
    // that src/services/telegramBot.ts owns, the shape the rule can rewrite.
    const text = [
      "import TelegramBot from 'node-telegram-bot-api';",
      '',
      "const reminders = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN ?? '', { polling: true });",
      '',
      'export function remind(chatId: number): void {',
      "  void reminders.sendMessage(chatId, 'Reminder');",
      '}',
      '',
    ].join('\n');
    const { uri, diagnostics } = await open('src/routes/reminders.ts', text);
    const duplicate = diagnostics.filter((diagnostic) => diagnostic.code === 'telegram-bot/no-duplicate-poller');
    expect(duplicate.map((diagnostic) => diagnostic.range.start.line + 1)).toEqual([3]);
    const actions = await codeActions(uri, duplicate[0]!);
    const suggestion = actions.filter((action) => action.title.startsWith('Replace this bot with `bot` imported from'));
    expect(suggestion).toHaveLength(1);
    expect(suggestion[0]!.title).toMatch(/^Replace this bot with `bot` imported from '\.\.\/services\/telegramBot(\.js)?'\. \(telegram-bot\/no-duplicate-poller\)$/);
    expect(suggestion[0]!.kind).toBe('quickfix');
  });

  it('reports no-polling-on-import for the owner module, and nothing for a clean file', async () => {
    const owner = await open('src/services/telegramBot.ts');
    expect(owner.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1])).toEqual([['telegram-bot/no-polling-on-import', 7]]);
    const clean = await open('src/server.ts');
    expect(clean.diagnostics).toEqual([]);
  });
});

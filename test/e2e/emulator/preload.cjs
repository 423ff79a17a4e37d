// Preload for code under test that does not pass an API root: `node --require <this file> …`
// (or `--import` preload.mjs beside it). It
//
// - routes every request for https://api.telegram.org to the Bot API emulator whose URL is in
//   BOT_API_EMULATOR_URL (http://127.0.0.1:<port>), for the clients the bot libraries use:
//   `https.request`/`https.get` (node-telegram-bot-api 0.x through @cypress/request, telegraf 4
//   and grammY through node-fetch 2) and `globalThis.fetch`;
// - tags each routed request with the header x-bot-api-emulator-client: `<label>#<pid>`
//   (label from BOT_API_EMULATOR_CLIENT), so the emulator can tell processes apart;
// - THROWS on any other non-loopback host, in those functions and in every TCP connect
//   (`net.Socket.prototype.connect`, which `net.connect`, `tls.connect`, http agents and
//   undici all go through), so a test can never reach the real internet;
// - with BOT_API_EMULATOR_LIFETIME_MS, exits after that long whatever happens.
'use strict';

const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const { syncBuiltinESMExports } = require('node:module');
const { urlToHttpOptions } = require('node:url');

const TELEGRAM_HOST = 'api.telegram.org';
const CLIENT_HEADER = 'x-bot-api-emulator-client';
const clientLabel = `${process.env.BOT_API_EMULATOR_CLIENT || 'client'}#${process.pid}`;

function stripBrackets(host) {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLoopback(host) {
  const name = stripBrackets(String(host)).toLowerCase();
  return name === 'localhost' || name === '::1' || name === '::ffff:127.0.0.1' || /^127(\.\d{1,3}){3}$/.test(name);
}

function blocked(what, host) {
  const error = new Error(
    `bot-api-emulator preload: refused ${what} to ${host}: tests may only reach loopback (api.telegram.org goes to the emulator)`,
  );
  error.code = 'ERR_BOT_API_EMULATOR_BLOCKED';
  return error;
}

const emulator = (() => {
  const raw = process.env.BOT_API_EMULATOR_URL;
  if (!raw) return null;
  const url = new URL(raw);
  if (url.protocol !== 'http:' || !isLoopback(url.hostname)) {
    throw new Error(`bot-api-emulator preload: BOT_API_EMULATOR_URL must be http:// on loopback, not ${raw}`);
  }
  return url;
})();

function emulatorUrl() {
  if (!emulator) throw new Error('bot-api-emulator preload: a request for api.telegram.org, but BOT_API_EMULATOR_URL is not set');
  return emulator;
}

/** `host[:port]` or `hostname` of http.request options, without the port. */
function hostOf(options) {
  const host = options.hostname || options.host || 'localhost';
  if (/^[^:[\]]+:\d+$/.test(host)) return host.slice(0, host.lastIndexOf(':'));
  return stripBrackets(host);
}

// ---- every TCP connection -------------------------------------------------------------------

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0]; // node's internally normalized arguments
  let host;
  if (options !== null && typeof options === 'object') {
    if (options.path === undefined) host = options.host || 'localhost';
  } else if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  } // else: an IPC path
  if (host !== undefined && !isLoopback(host)) throw blocked('a TCP connection', host);
  return originalConnect.apply(this, args);
};

// ---- http.request / https.request ------------------------------------------------------------

const originalHttpRequest = http.request;
const originalHttpsRequest = https.request;
const emulatorAgent = new http.Agent({ keepAlive: true });

/** (url | options, [options], [callback]) → { options, callback } as http.request reads them. */
function normalize(args) {
  let [first, second, third] = args;
  if (typeof first === 'string' || first instanceof URL) {
    const url = typeof first === 'string' ? new URL(first) : first;
    if (typeof second === 'function') {
      third = second;
      second = undefined;
    }
    return { options: { ...urlToHttpOptions(url), ...(second || {}) }, callback: third };
  }
  return { options: { ...(first || {}) }, callback: second };
}

function toEmulator(options) {
  const target = emulatorUrl();
  const routed = {
    ...options,
    protocol: 'http:',
    hostname: target.hostname,
    host: target.hostname,
    port: Number(target.port),
    agent: emulatorAgent,
    path: target.pathname.replace(/\/$/, '') + (options.path || '/'),
  };
  for (const key of ['socketPath', 'createConnection', 'defaultPort', '_defaultAgent', 'servername', 'lookup']) delete routed[key];
  if (options.headers && !Array.isArray(options.headers)) routed.headers = { ...options.headers, [CLIENT_HEADER]: clientLabel };
  return routed;
}

function routedRequest(original, module, args) {
  const { options, callback } = normalize(args);
  const host = hostOf(options);
  if (host.toLowerCase() === TELEGRAM_HOST) {
    const routed = toEmulator(options);
    if (!routed.headers) routed.headers = { [CLIENT_HEADER]: clientLabel };
    return originalHttpRequest.call(http, routed, callback);
  }
  if (!isLoopback(host)) throw blocked(`${module}.request`, host);
  return original.apply(module === 'https' ? https : http, args);
}

http.request = function request(...args) {
  return routedRequest(originalHttpRequest, 'http', args);
};
https.request = function request(...args) {
  return routedRequest(originalHttpsRequest, 'https', args);
};
http.get = function get(...args) {
  const req = http.request(...args);
  req.end();
  return req;
};
https.get = function get(...args) {
  const req = https.request(...args);
  req.end();
  return req;
};

// ---- fetch ---------------------------------------------------------------------------------

const originalFetch = globalThis.fetch;
if (typeof originalFetch === 'function') {
  globalThis.fetch = function fetch(input, init) {
    const isRequest = typeof Request === 'function' && input instanceof Request;
    const url = new URL(isRequest ? input.url : String(input));
    if (url.hostname.toLowerCase() === TELEGRAM_HOST) {
      const routed = new URL(emulatorUrl().pathname.replace(/\/$/, '') + url.pathname + url.search, emulatorUrl());
      if (isRequest) {
        const request = new Request(routed, input);
        request.headers.set(CLIENT_HEADER, clientLabel);
        return originalFetch(request, init);
      }
      const headers = new Headers(init && init.headers);
      headers.set(CLIENT_HEADER, clientLabel);
      return originalFetch(routed, { ...init, headers });
    }
    if (!isLoopback(url.hostname)) throw blocked('fetch', url.hostname);
    return originalFetch(input, init);
  };
}

// ESM code that imported { request } from 'node:https' sees the patched functions too.
syncBuiltinESMExports();

// A last bound on the process under test, should the test runner die before it can kill it:
// BOT_API_EMULATOR_LIFETIME_MS after start it exits (the timer does not keep it alive).
const lifetime = Number(process.env.BOT_API_EMULATOR_LIFETIME_MS);
if (Number.isFinite(lifetime) && lifetime > 0) {
  setTimeout(() => {
    process.stderr.write(`bot-api-emulator preload: exiting after BOT_API_EMULATOR_LIFETIME_MS=${lifetime}\n`);
    process.exit(124);
  }, lifetime).unref();
}

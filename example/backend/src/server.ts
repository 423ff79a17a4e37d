// Entry point: an HTTP server plus the Telegram integrations.
import { createServer } from 'node:http';

import { initTelegramService } from './config/telegram-service';
import { initTelegramRoutes, notify } from './routes/telegram';
import { initTelegramBot } from './services/telegramBot';
import './services/iaeAgentBot';

initTelegramBot();
initTelegramRoutes();
initTelegramService();

const server = createServer(async (request, response) => {
  if (request.method === 'POST' && request.url === '/notify') {
    const sent = await notify(Number(process.env.ADMIN_CHAT_ID), 'Ping from the backend');
    response.writeHead(sent ? 204 : 503).end();
    return;
  }
  response.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');

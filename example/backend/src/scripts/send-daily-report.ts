// A cron script beside the server. Same token, but it only sends: no polling, no 409.
import TelegramBot from 'node-telegram-bot-api';

const sender = new TelegramBot(process.env.TELEGRAM_BOT_TOKEN!);

async function main(): Promise<void> {
  const chatId = Number(process.env.REPORT_CHAT_ID);
  await sender.sendMessage(chatId, 'Daily report: all systems nominal.');
}

void main();

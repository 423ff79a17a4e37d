// HTTP routes that notify Telegram. It creates ITS OWN polling bot for the same
// token as services/telegramBot.ts: a second getUpdates poller, so 409 Conflict.
import TelegramBot from 'node-telegram-bot-api';

const TELEGRAM_BOT_TOKEN = process.env.TELEGRAM_BOT_TOKEN;

let bot: TelegramBot | null = null;

export function initTelegramRoutes(): void {
  if (!TELEGRAM_BOT_TOKEN) {
    console.warn('TELEGRAM_BOT_TOKEN is not set; Telegram routes are off');
    return;
  }
  bot = new TelegramBot(TELEGRAM_BOT_TOKEN, { polling: true });
  bot.onText(/\/status/, async (message) => {
    await bot?.sendMessage(message.chat.id, 'Backend is up.');
  });
}

export async function notify(chatId: number, text: string): Promise<boolean> {
  if (!bot) return false;
  await bot.sendMessage(chatId, text);
  return true;
}

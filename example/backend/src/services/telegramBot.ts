// The traffic bot: team reports and forum topics. This module owns the bot of
// TELEGRAM_BOT_TOKEN; every other module should import `bot` from here.
import TelegramBot from 'node-telegram-bot-api';

const BOT_TOKEN = process.env.TELEGRAM_BOT_TOKEN || '';

export const bot = new TelegramBot(BOT_TOKEN, { polling: true });

export function initTelegramBot(): void {
  bot.onText(/\/report/, async (message) => {
    await bot.sendMessage(message.chat.id, 'Report for your team is on its way.', {
      message_thread_id: message.message_thread_id,
    });
  });
}

export async function sendTeamReport(chatId: number, topicId: number, text: string): Promise<void> {
  await bot.sendMessage(chatId, text, { message_thread_id: topicId });
}

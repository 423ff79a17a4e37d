// Service locator for Telegram. It, too, creates a polling bot for
// TELEGRAM_BOT_TOKEN: the third poller of one token.
import TelegramBot from 'node-telegram-bot-api';

const TOKEN = process.env.TELEGRAM_BOT_TOKEN as string;

export const telegramService: { bot: TelegramBot | null } = { bot: null };

export function initTelegramService(): void {
  telegramService.bot = new TelegramBot(TOKEN, { polling: true });
}

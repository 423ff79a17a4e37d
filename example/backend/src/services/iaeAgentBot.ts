// The IAE agent bot: a DIFFERENT bot with its own token. It is not a duplicate of
// the traffic bot, and no tool may merge the two.
import TelegramBot from 'node-telegram-bot-api';

const IAE_BOT_TOKEN = process.env.IAE_BOT_TOKEN || '';

export const iaeBot = new TelegramBot(IAE_BOT_TOKEN, { polling: true });

iaeBot.on('message', async (message) => {
  await iaeBot.sendMessage(message.chat.id, 'IAE agent received your message.');
});

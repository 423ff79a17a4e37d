import { ESLintUtils } from '@typescript-eslint/utils';

/** Where the rule docs live; `meta.docs.url` of every rule points here. */
export const REPOSITORY_URL = 'https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot';

export interface TelegramBotRuleDocs {
  description: string;
  recommended?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<TelegramBotRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

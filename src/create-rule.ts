import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';

import { redactSecrets } from './core/redact.js';

/** Where the rule docs live; `meta.docs.url` of every rule points here. */
export const REPOSITORY_URL = 'https://github.com/eslint-plugin-telegram-bot/eslint-plugin-telegram-bot';

export interface TelegramBotRuleDocs {
  description: string;
  recommended?: boolean;
}

const ruleCreator = ESLintUtils.RuleCreator<TelegramBotRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

/**
 * Every rule is made here, so every message goes through the same redaction as the CLI's
 * output: a value put into a message (another file's path, a token label) never shows a secret.
 */
export const createRule: typeof ruleCreator = (rule) =>
  ruleCreator({ ...rule, create: (context, options) => rule.create(redactingContext(context), options) });

function redactingContext<MessageIds extends string, Options extends readonly unknown[]>(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
): Readonly<TSESLint.RuleContext<MessageIds, Options>> {
  // The context's other members are read through the prototype, unchanged.
  const wrapped = Object.create(context) as TSESLint.RuleContext<MessageIds, Options>;
  Object.defineProperty(wrapped, 'report', {
    value: (descriptor: TSESLint.ReportDescriptor<MessageIds>) => context.report(redactDescriptor(descriptor)),
  });
  return wrapped;
}

function redactDescriptor<T extends { data?: Record<string, unknown> | undefined; suggest?: readonly { data?: Record<string, unknown> | undefined }[] | null | undefined }>(descriptor: T): T {
  const data = (values: Record<string, unknown> | undefined) =>
    values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? redactSecrets(value) : value]));
  return {
    ...descriptor,
    ...(descriptor.data ? { data: data(descriptor.data) } : {}),
    ...(descriptor.suggest ? { suggest: descriptor.suggest.map((suggestion) => ({ ...suggestion, ...(suggestion.data ? { data: data(suggestion.data) } : {}) })) } : {}),
  };
}

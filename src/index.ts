/**
 * eslint-plugin-telegram-bot: the plugin object. Typed with ESLint's own types (not
 * typescript-eslint's) so that users' `defineConfig` accepts it under ESLint 9 and 10.
 */
import type { ESLint, Linter, Rule } from 'eslint';

import { noDuplicatePoller } from '../rules/no-duplicate-poller.js';
import { noHardcodedToken } from '../rules/no-hardcoded-token.js';
import { noPollingOnImport } from '../rules/no-polling-on-import.js';
import { recommendedConfigs } from './configs.js';
import { packageInfo } from './package-info.js';
import { scanProjectAheadOfLint } from './project/live.js';

const rules = {
  'no-duplicate-poller': noDuplicatePoller as unknown as Rule.RuleModule,
  'no-polling-on-import': noPollingOnImport as unknown as Rule.RuleModule,
  'no-hardcoded-token': noHardcodedToken as unknown as Rule.RuleModule,
};

// Exact keys (no index signature) so a typo such as `configs.recomended` is a type error;
// the object still satisfies ESLint.Plugin wherever one is expected.
type TelegramBotPlugin = Omit<ESLint.Plugin, 'meta' | 'rules' | 'configs'> & {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: { recommended: Linter.Config[] };
};

const plugin: TelegramBotPlugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace: 'telegram-bot' },
  rules,
  configs: { recommended: [] },
};

plugin.configs.recommended = recommendedConfigs(plugin, {
  'telegram-bot/no-duplicate-poller': 'error',
  'telegram-bot/no-polling-on-import': 'error',
  'telegram-bot/no-hardcoded-token': 'error',
});

// Perf: ESLint loads its plugins before it lists and parses the files; the project at the working
// folder is scanned meanwhile, on another thread, for the rules' first lint.
scanProjectAheadOfLint();

export = plugin;
